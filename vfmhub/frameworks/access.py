"""Reading frameworks for a user. Frameworks are reference data: any signed-in user may read a
published version; a draft is shown to staff only, so nobody relies on it before it is final.

Every helper raises Http404 for an unknown id (or a draft a non-staff user may not see), so no view
or endpoint calls `Model.objects.get` on a user-supplied id.
"""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from vfmhub.accounts.access import is_site_staff
from vfmhub.accounts.models import User
from vfmhub.frameworks.models import Criterion, Framework, FrameworkVersion, VersionStatus
from vfmhub.organisations.access import NOT_FOUND

M = TypeVar("M", bound=Model)


def can_see_drafts(user: User) -> bool:
    return is_site_staff(user)


def visible_versions_filter(user: User, prefix: str = "") -> Q:
    """A filter on FrameworkVersion (or, with `prefix`, a model reaching it) for `user`."""
    if can_see_drafts(user):
        return Q()
    return Q(**{f"{prefix}status": VersionStatus.PUBLISHED})


def _one(user: User, queryset: QuerySet[M], pk: Any) -> M:
    if not user.is_authenticated:
        raise Http404(NOT_FOUND)
    try:
        return queryset.get(pk=int(pk))
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def framework_for_user(user: User, pk: Any) -> Framework:
    return _one(user, Framework.objects.all(), pk)


def version_for_user(user: User, pk: Any) -> FrameworkVersion:
    versions = FrameworkVersion.objects.select_related("framework", "scale").filter(
        visible_versions_filter(user)
    )
    return _one(user, versions, pk)


def criterion_for_user(user: User, pk: Any) -> Criterion:
    criteria = Criterion.objects.select_related(
        "theme", "version", "version__framework", "version__scale"
    ).filter(visible_versions_filter(user, "version__"))
    return _one(user, criteria, pk)
