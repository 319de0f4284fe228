"""Downloads and charts of the benchmarking pages."""
