"""Small pieces the efficiency views share."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from vfmhub.efficiency.access import BodyAccess
from vfmhub.organisations.access import NEEDS_ROLE


def body_url(access: BodyAccess, name: str = "efficiency:body", *extra) -> str:
    return reverse(name, args=[access.programme.pk, access.organisation.pk, *extra])


def programme_url(programme) -> str:
    return reverse("efficiency:programme", args=[programme.pk])


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(NEEDS_ROLE)
