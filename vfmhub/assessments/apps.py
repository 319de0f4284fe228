from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "vfmhub.assessments"
    label = "assessments"
