"""Every query the benchmarking pages, endpoints and commands read with."""
