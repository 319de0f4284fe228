"""Funding pages: the programme overview, funding streams, the allocation tree, movements.
Approving, reopening and carrying forward are in `views_funding_checks.py`."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from vfmhub.core.exports import export_response
from vfmhub.lib import clock
from vfmhub.lib.years import year_or_none
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.forms.funding import AllocationNodeForm, FundingStreamForm, MovementForm
from vfmhub.programme.models import AllocationNode, FundingStream
from vfmhub.programme.selectors.funding import funding_position, funding_years
from vfmhub.programme.selectors.overview import programme_overview, projects_chart
from vfmhub.programme.services import funding as services

NO_SUCH_YEAR = "There is no such financial year."


def _year(request, partnership) -> int:
    """The year asked for, else the latest with funding (or this one). One that is not a year the
    service deals in (`?year=71853`, `?year=abc`) has no page: 404."""
    asked = request.GET.get("year") or request.POST.get("year") or ""
    if asked:
        year = year_or_none(asked)
        if year is None:
            raise Http404(NO_SUCH_YEAR)
        return year
    years = funding_years(partnership)
    return years[0] if years else clock.today().year


def _context(access, year, **extra):
    return {
        "partnership": access.partnership,
        "can_manage": access.can_manage,
        "year": year,
        **extra,
    }


@login_required
def overview(request, pk):
    access = programme_partnership_for_user(request.user, pk)
    year = _year(request, access.partnership)
    summary = programme_overview(access.partnership, year, clock.today())
    return render(
        request,
        "programme/overview.html",
        _context(
            access,
            year,
            overview=summary,
            position=summary.position,
            commitments=summary.commitments,
            projects_chart=projects_chart(summary.projects),
        ),
    )


@login_required
def streams(request, pk):
    access = programme_partnership_for_user(request.user, pk)
    year = _year(request, access.partnership)
    position = funding_position(access.partnership, year)
    fmt = request.GET.get("format")
    if fmt:
        return export_response(
            fmt,
            filename=f"funding-{year}",
            headers=["Name", "Kind", "Funder", "Purpose", "Amount £", "Status"],
            rows=[
                [
                    s.name,
                    s.get_kind_display(),
                    s.funder,
                    s.purpose,
                    s.amount,
                    s.get_status_display(),
                ]
                for s in position.streams
            ],
        )
    return render(
        request, "programme/funding_streams.html", _context(access, year, position=position)
    )


@login_required
def stream_edit(request, pk, stream_pk=None):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    stream = (
        get_object_or_404(FundingStream, pk=stream_pk, partnership=access.partnership)
        if stream_pk
        else None
    )
    form = FundingStreamForm(request.POST or None, instance=stream)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if stream is None:
                stream = services.stream_create(
                    acting_user=request.user, partnership=access.partnership, **fields
                )
            else:
                stream = services.stream_update(
                    acting_user=request.user,
                    stream=stream,
                    expected_updated_at=form.opened_at,
                    **fields,
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(f"{_streams_url(access)}?year={stream.year}")
    return render(
        request,
        "programme/funding_form.html",
        _context(access, None, form=form, title="Funding stream"),
    )


def _streams_url(access):
    from django.urls import reverse

    return reverse("programme:funding_streams", args=[access.partnership.pk])


@login_required
def allocation(request, pk):
    access = programme_partnership_for_user(request.user, pk)
    year = _year(request, access.partnership)
    position = funding_position(access.partnership, year)
    fmt = request.GET.get("format")
    if fmt:
        return export_response(
            fmt,
            filename=f"allocation-{year}",
            headers=[
                "Depth",
                "Name",
                "Level",
                "Amount £",
                "Stated total £",
                "Computed total £",
                "Committed £",
                "Spent £",
            ],
            rows=[
                [
                    r.depth,
                    r.name,
                    r.level,
                    r.amount,
                    r.stated_total,
                    r.computed,
                    r.committed,
                    r.spent,
                ]
                for r in position.rows
            ],
        )
    return render(
        request, "programme/funding_allocation.html", _context(access, year, position=position)
    )


@login_required
def node_edit(request, pk, node_pk=None):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    node = (
        get_object_or_404(AllocationNode, pk=node_pk, partnership=access.partnership)
        if node_pk
        else None
    )
    year = node.year if node else _year(request, access.partnership)
    form = AllocationNodeForm(
        request.POST or None, instance=node, partnership=access.partnership, year=year
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if node is None:
                services.node_create(
                    acting_user=request.user, partnership=access.partnership, year=year, **fields
                )
            else:
                services.node_update(
                    acting_user=request.user,
                    node=node,
                    expected_updated_at=form.opened_at,
                    **fields,
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(_allocation_url(access, year))
    return render(
        request,
        "programme/funding_form.html",
        _context(access, year, form=form, title="Allocation line"),
    )


def _allocation_url(access, year):
    from django.urls import reverse

    return f"{reverse('programme:funding_allocation', args=[access.partnership.pk])}?year={year}"


@login_required
def movement_add(request, pk):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    year = _year(request, access.partnership)
    form = MovementForm(request.POST or None, partnership=access.partnership, year=year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        create = (
            services.commitment_create if data["kind"] == "commitment" else services.spend_create
        )
        try:
            create(
                acting_user=request.user,
                node=data["node"],
                date=data["date"],
                amount=data["amount"],
                description=data["description"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            from django.urls import reverse

            movements = reverse("programme:funding_movements", args=[access.partnership.pk])
            return redirect(f"{movements}?year={year}")
    return render(
        request,
        "programme/funding_form.html",
        _context(access, year, form=form, title="Commitment or spend"),
    )
