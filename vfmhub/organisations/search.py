"""What the site search finds among organisations and partnerships: only what the user may read."""

from django.db.models import Q
from django.urls import reverse

from vfmhub.core.worklist import SearchResult
from vfmhub.organisations.access import (
    readable_organisations_filter,
    readable_partnerships_filter,
)
from vfmhub.organisations.models import Organisation, Partnership


def organisations_matching(user, query: str, limit: int) -> list[SearchResult]:
    if not user.is_authenticated:
        return []
    found = (
        Organisation.objects.filter(readable_organisations_filter(user))
        .filter(
            Q(name__icontains=query) | Q(short_name__icontains=query) | Q(gss_code__iexact=query)
        )
        .select_related("region")
        .order_by("name", "pk")[:limit]
    )
    return [
        SearchResult(
            kind="Organisation",
            title=organisation.name,
            url=reverse("organisations:detail", args=[organisation.pk]),
            context=" · ".join(
                part
                for part in (organisation.get_body_type_display(), str(organisation.region or ""))
                if part
            ),
        )
        for organisation in found
    ]


def partnerships_matching(user, query: str, limit: int) -> list[SearchResult]:
    if not user.is_authenticated:
        return []
    found = (
        Partnership.objects.filter(readable_partnerships_filter(user))
        .filter(Q(name__icontains=query) | Q(short_name__icontains=query))
        .order_by("name", "pk")[:limit]
    )
    return [
        SearchResult(
            kind="Partnership",
            title=partnership.name,
            url=reverse("organisations:partnership_detail", args=[partnership.pk]),
            context=partnership.get_kind_display(),
        )
        for partnership in found
    ]
