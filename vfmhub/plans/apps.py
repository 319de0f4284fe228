from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "vfmhub.plans"
    label = "plans"

    def ready(self) -> None:
        from vfmhub.core.worklist import register_due_work, register_search
        from vfmhub.plans.worklist import actions_matching, plans_due_work, plans_matching

        register_due_work(plans_due_work)
        register_search(plans_matching)
        register_search(actions_matching)
