from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "vfmhub.organisations"
    label = "organisations"

    def ready(self) -> None:
        from vfmhub.core.worklist import register_home, register_search
        from vfmhub.organisations.search import organisations_matching, partnerships_matching
        from vfmhub.organisations.selectors import home_for_user

        register_home(home_for_user)
        register_search(organisations_matching)
        register_search(partnerships_matching)
