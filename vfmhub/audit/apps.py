from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vfmhub.audit"
    label = "audit"
