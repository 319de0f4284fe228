"""The pure arithmetic of benchmarking: no models, no queries."""
