"""The organisation's comparator groups: the list of current versions, one version's page (its
members and every version of its series), and the writes (save a group, import a published list,
a new version, archive), which need EDIT at the organisation."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vfmhub.benchmarking.access import benchmarking_for_user, group_of
from vfmhub.benchmarking.forms.groups import (
    ArchiveGroupForm,
    CustomGroupForm,
    GroupVersionForm,
    PublishedListForm,
)
from vfmhub.benchmarking.models import ComparatorGroup, GroupKind
from vfmhub.benchmarking.selectors.groups import current_groups, group_citation
from vfmhub.benchmarking.services.groups import (
    areas_from_text,
    comparator_group_archive,
    comparator_group_create,
    comparator_group_import,
    comparator_group_new_version,
)
from vfmhub.core.form_pages import save_form_page
from vfmhub.organisations.access import Need


def _list_url(org_pk: int) -> str:
    return reverse("benchmarking:groups", args=[org_pk])


def _group_url(org_pk: int, group: ComparatorGroup) -> str:
    return reverse("benchmarking:group", args=[org_pk, group.pk])


def groups(request: Any, org_pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk)
    context = {
        "organisation": access.organisation,
        "access": access,
        "groups": current_groups(access.organisation),
    }
    return render(request, "benchmarking/groups/list.html", context)


def group(request: Any, org_pk: int, pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk)
    found = group_of(access, pk)
    versions = list(
        ComparatorGroup.objects.filter(owner=access.organisation, series=found.series)
        .select_related("created_by")
        .order_by("-version")
    )
    context = {
        "organisation": access.organisation,
        "access": access,
        "group": found,
        "citation": group_citation(found),
        "members": list(found.members.order_by("position")),
        "versions": [(v, group_citation(v)) for v in versions],
        "compare_token": f"list:{found.pk}",
    }
    return render(request, "benchmarking/groups/detail.html", context)


def group_create(request: Any, org_pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk, need=Need.EDIT)
    form = CustomGroupForm(request.POST or None)

    def save(data: dict) -> ComparatorGroup:
        return comparator_group_create(
            acting_user=request.user,
            owner=access.organisation,
            kind=GroupKind.CUSTOM,
            name=data["name"],
            areas=areas_from_text(data["members"]),
        )

    return save_form_page(
        request,
        form,
        save,
        done="Group saved.",
        back_url=_list_url(org_pk),
        next_url=lambda saved: _group_url(org_pk, saved),
        title="Save a comparator group",
        caption=access.organisation.name,
    )


def group_import(request: Any, org_pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk, need=Need.EDIT)
    form = PublishedListForm(request.POST or None, request.FILES or None)

    def save(data: dict) -> ComparatorGroup:
        upload = data["file"]
        return comparator_group_import(
            acting_user=request.user,
            owner=access.organisation,
            data=upload.read(),
            filename=upload.name,
            name=data["name"],
            publisher=data["publisher"],
            source=data["source"],
            body_code=data["body_code"] or access.organisation.gss_code or "",
        )

    return save_form_page(
        request,
        form,
        save,
        done="List imported.",
        back_url=_list_url(org_pk),
        next_url=lambda saved: _group_url(org_pk, saved),
        title="Import a published list",
        caption=access.organisation.name,
        submit_label="Import",
        intro="A list of comparator areas published by someone else, such as the nearest "
        "neighbours CIPFA sells councils or the Department for Education's statistical "
        "neighbours. Every area must be found in the reference data, or nothing is imported.",
    )


def group_change(request: Any, org_pk: int, pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk, need=Need.EDIT)
    found = group_of(access, pk)
    initial = {
        "name": found.name,
        "members": "\n".join(found.members.order_by("position").values_list("gss_code", flat=True)),
        "version": found.version,
    }
    form = GroupVersionForm(request.POST or None, initial=initial)

    def save(data: dict) -> ComparatorGroup:
        return comparator_group_new_version(
            acting_user=request.user,
            group=found,
            name=data["name"],
            areas=areas_from_text(data["members"]),
            expected_version=data["version"],
        )

    return save_form_page(
        request,
        form,
        save,
        done=lambda saved: f"Version {saved.version} saved; version {found.version} is kept.",
        back_url=_group_url(org_pk, found),
        next_url=lambda saved: _group_url(org_pk, saved),
        title=f"New version of {found.name}",
        caption=access.organisation.name,
        intro="The version in use now is kept, and stays cited wherever it was used.",
    )


def group_archive(request: Any, org_pk: int, pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk, need=Need.EDIT)
    found = group_of(access, pk)
    form = ArchiveGroupForm(request.POST or None, initial={"version": found.version})

    def save(data: dict) -> ComparatorGroup:
        return comparator_group_archive(
            acting_user=request.user, group=found, expected_version=data["version"]
        )

    return save_form_page(
        request,
        form,
        save,
        done=f"{found.name} archived.",
        back_url=_group_url(org_pk, found),
        next_url=lambda saved: _list_url(org_pk),
        title=f"Archive {found.name}",
        caption=access.organisation.name,
        submit_label="Archive",
        intro="The group leaves the lists. Every version is kept, so pages and reports that "
        "cite it still show which areas it held.",
    )
