from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "vfmhub.organisations"
    label = "organisations"

    def ready(self) -> None:
        from vfmhub.core.worklist import register_search
        from vfmhub.organisations.search import organisations_matching, partnerships_matching

        register_search(organisations_matching)
        register_search(partnerships_matching)
