from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "vfmhub.assessments"
    label = "assessments"

    def ready(self) -> None:
        from vfmhub.assessments.worklist import assessments_due_work
        from vfmhub.core.worklist import register_due_work

        register_due_work(assessments_due_work)
