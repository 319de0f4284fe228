from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "vfmhub.organisations"
    label = "organisations"
