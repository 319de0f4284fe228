"""Exporting of the programme app, by sub-domain."""
