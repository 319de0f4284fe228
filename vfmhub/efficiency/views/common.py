"""Small pieces the efficiency views share."""

from django.urls import reverse

from vfmhub.efficiency.access import BodyAccess
from vfmhub.efficiency.models import EfficiencyProgramme


def body_url(access: BodyAccess, name: str = "efficiency:body", *extra: object) -> str:
    return reverse(name, args=[access.programme.pk, access.organisation.pk, *extra])


def programme_url(programme: EfficiencyProgramme, name: str = "efficiency:programme") -> str:
    return reverse(name, args=[programme.pk])
