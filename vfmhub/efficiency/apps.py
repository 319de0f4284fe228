from django.apps import AppConfig


class EfficiencyConfig(AppConfig):
    name = "vfmhub.efficiency"
    label = "efficiency"

    def ready(self) -> None:
        from vfmhub.core.worklist import register_due_work
        from vfmhub.efficiency.worklist import efficiency_due_work

        register_due_work(efficiency_due_work)
