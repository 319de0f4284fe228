"""Tests of the performance calculations."""
