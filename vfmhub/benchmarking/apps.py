from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "vfmhub.benchmarking"
    label = "benchmarking"
