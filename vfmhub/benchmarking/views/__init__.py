"""The benchmarking pages: home, neighbours, compare, quadrant and comparator groups."""
