from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "vfmhub.programme"
    label = "programme"

    def ready(self) -> None:
        from vfmhub.core.worklist import register_due_work, register_search
        from vfmhub.programme.worklist import projects_matching, risks_due_work, risks_matching

        register_due_work(risks_due_work)
        register_search(risks_matching)
        register_search(projects_matching)
