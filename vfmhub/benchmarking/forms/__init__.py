"""The forms of the benchmarking pages."""
