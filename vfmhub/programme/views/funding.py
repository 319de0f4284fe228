"""Funding pages: the programme overview, funding streams and the allocation tree (with their
CSV/XLSX exports), and the forms that add and change streams and lines and record commitments and
spend. Removing is in `funding_changes.py`; approving, reopening and carrying forward in
`funding_checks.py`.

Members read; only partnership managers write (403 for other readers, 404 for anyone else).
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.lib import clock
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.access.funding import FundingYear, funding_year_for, line_of, stream_of
from vfmhub.programme.forms.funding import AllocationNodeForm, FundingStreamForm, MovementForm
from vfmhub.programme.selectors.funding import FundingPosition, funding_position
from vfmhub.programme.selectors.overview import programme_overview, projects_chart
from vfmhub.programme.services import funding as services

STREAM_SAVED = "The funding stream has been saved."
LINE_SAVED = "The allocation line has been saved."
COMMITMENT_RECORDED = "The commitment has been recorded."
SPEND_RECORDED = "The spend has been recorded."
STREAM_HEADERS = ["Name", "Kind", "Funder", "Purpose", "Amount £", "Status"]
LINE_HEADERS = [
    "Depth",
    "Name",
    "Level",
    "Amount £",
    "Stated total £",
    "Computed total £",
    "Committed £",
    "Spent £",
]


@login_required
def overview(request, pk):
    page = funding_year_for(request, pk)
    summary = programme_overview(page.partnership, page.year, clock.today())
    context = page.context(
        overview=summary,
        position=summary.position,
        commitments=summary.commitments,
        projects_chart=projects_chart(summary.projects),
    )
    return render(request, "programme/overview.html", context)


def _position_page(request, pk, template: str, export: tuple[str, list[str], Any]):
    """A page of the year's funding position; with `?format=`, its rows as CSV or XLSX (`export`
    is the file's name, the headers and the rows of a position)."""
    page = funding_year_for(request, pk)
    position = funding_position(page.partnership, page.year)
    name, headers, rows = export
    if fmt := request.GET.get("format"):
        filename = f"{name}-{page.year}"
        return export_response(fmt, filename=filename, headers=headers, rows=rows(position))
    return render(request, template, page.context(position=position))


def _stream_rows(position: FundingPosition) -> list[list[Any]]:
    return [
        [s.name, s.get_kind_display(), s.funder, s.purpose, s.amount, s.get_status_display()]
        for s in position.streams
    ]


def _line_rows(position: FundingPosition) -> list[list[Any]]:
    return [
        [r.depth, r.name, r.level, r.amount, r.stated_total, r.computed, r.committed, r.spent]
        for r in position.rows
    ]


@login_required
def streams(request, pk):
    export = ("funding", STREAM_HEADERS, _stream_rows)
    return _position_page(request, pk, "programme/funding_streams.html", export)


@login_required
def allocation(request, pk):
    export = ("allocation", LINE_HEADERS, _line_rows)
    return _position_page(request, pk, "programme/funding_allocation.html", export)


# Writes (partnership managers)


def _saved_version(data: dict[str, Any]) -> str | None:
    """The version (`updated_at`) a change form was opened with, taken out of its values."""
    return data.pop("updated_at") or None


@login_required
def stream_add(request, pk):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    return save_form_page(
        request,
        FundingStreamForm(request.POST or None),
        lambda data: services.stream_create(
            acting_user=request.user, partnership=access.partnership, **data
        ),
        done=STREAM_SAVED,
        next_url=lambda stream: FundingYear(access, stream.year).url("funding_streams"),
        back_url=reverse("programme:funding_streams", args=[access.partnership.pk]),
        title="Funding stream",
        caption=access.partnership.name,
    )


@login_required
def stream_edit(request, pk, stream_pk):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    stream = stream_of(access.partnership, stream_pk)
    page = FundingYear(access, stream.year)
    return save_form_page(
        request,
        FundingStreamForm(request.POST or None, instance=stream),
        lambda data: services.stream_update(
            acting_user=request.user,
            stream=stream,
            expected_updated_at=_saved_version(data),
            **data,
        ),
        done=STREAM_SAVED,
        next_url=lambda saved: page.url("funding_streams", saved.year),
        back_url=page.url("funding_streams"),
        title="Funding stream",
        caption=access.partnership.name,
    )


def _line_page(request, page: FundingYear, form: AllocationNodeForm, save: Any):
    return save_form_page(
        request,
        form,
        save,
        done=LINE_SAVED,
        back_url=page.url("funding_allocation"),
        title="Allocation line",
        caption=page.partnership.name,
    )


@login_required
def node_add(request, pk):
    page = funding_year_for(request, pk, need=Need.MANAGE)
    form = AllocationNodeForm(request.POST or None, partnership=page.partnership, year=page.year)
    return _line_page(
        request,
        page,
        form,
        lambda data: services.node_create(
            acting_user=request.user, partnership=page.partnership, year=page.year, **data
        ),
    )


@login_required
def node_edit(request, pk, node_pk):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    node = line_of(access.partnership, node_pk)
    page = FundingYear(access, node.year)
    form = AllocationNodeForm(
        request.POST or None, instance=node, partnership=page.partnership, year=node.year
    )
    return _line_page(
        request,
        page,
        form,
        lambda data: services.node_update(
            acting_user=request.user, node=node, expected_updated_at=_saved_version(data), **data
        ),
    )


def _movement_page(request, pk, record: Any, *, done: str, title: str):
    """The page that records a commitment, or spend, against a line of the year's allocation."""
    page = funding_year_for(request, pk, need=Need.MANAGE)
    return save_form_page(
        request,
        MovementForm(request.POST or None, partnership=page.partnership, year=page.year),
        lambda data: record(acting_user=request.user, **data),
        done=done,
        back_url=page.url("funding_movements"),
        title=title,
        caption=page.partnership.name,
    )


@login_required
def commitment_add(request, pk):
    return _movement_page(
        request,
        pk,
        services.commitment_create,
        done=COMMITMENT_RECORDED,
        title="Record a commitment",
    )


@login_required
def spend_add(request, pk):
    return _movement_page(
        request, pk, services.spend_create, done=SPEND_RECORDED, title="Record spend"
    )
