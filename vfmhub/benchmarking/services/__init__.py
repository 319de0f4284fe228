"""Every write of the benchmarking app: keyword-only, typed, atomic, audited."""
