from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "vfmhub.performance"
    label = "performance"

    def ready(self) -> None:
        from vfmhub.core.worklist import register_due_work
        from vfmhub.performance.worklist import performance_due_work

        register_due_work(performance_due_work)
