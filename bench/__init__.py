"""Benchmarks: `make bench` times every page and list endpoint on national-scale invented data."""
