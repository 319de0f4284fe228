"""Correcting a partnership's funding: removing a funding stream, an allocation line, a commitment
or a spend record after a confirm page, and the year's commitments and spend with their totals and
exports.

Members read; only partnership managers remove (403 for other readers, 404 for anyone else). A
removal the rules refuse (see `services_funding`) shows why instead of a button.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from vfmhub.core.exports import export_response
from vfmhub.lib.money import format_pounds
from vfmhub.lib.years import financial_year_label
from vfmhub.programme.access import Need, PartnershipAccess, programme_partnership_for_user
from vfmhub.programme.models import AllocationNode, Commitment, FundingStream, Spend
from vfmhub.programme.selectors.funding import ZERO, commitments_for, spends_for
from vfmhub.programme.services import funding as services
from vfmhub.programme.views.funding import _context, _year

STREAM_REMOVED = "The funding stream “{name}” has been removed."
LINE_REMOVED = "The allocation line “{name}” has been removed."
COMMITMENT_REMOVED = "The commitment of {amount} to “{line}” has been removed."
SPEND_REMOVED = "The spend of {amount} on “{line}” has been removed."
STREAM_REMOVE_WARNING = (
    "The stream's amount comes off the year's funding, so the unallocated and uncommitted "
    "figures change. Its details stay in the partnership's history."
)
LINE_REMOVE_WARNING = (
    "The line comes off the allocation, so the totals above it and the unallocated figure are "
    "worked out again without it. Its details stay in the partnership's history."
)
COMMITMENT_REMOVE_WARNING = (
    "The committed and uncommitted figures are worked out again without this commitment. Its "
    "details stay in the partnership's history."
)
SPEND_REMOVE_WARNING = (
    "The spent figure is worked out again without this record. Its details stay in the "
    "partnership's history."
)
MOVEMENT_HEADERS = ["Kind", "Date", "Allocation line", "Description", "Amount £"]


def _url(name: str, access: PartnershipAccess, year: int) -> str:
    return f"{reverse(f'programme:{name}', args=[access.partnership.pk])}?year={year}"


def _manage(request, pk) -> PartnershipAccess:
    return programme_partnership_for_user(request.user, pk, need=Need.MANAGE)


def _confirm_or_remove(
    request,
    access: PartnershipAccess,
    *,
    what: str,
    remove: Callable[[], None],
    refusal: Callable[[], str | None],
    removed: str,
    back_url: str,
    details: list[tuple[str, str]],
    warning: str,
):
    """GET: a confirm page (or why it cannot be removed). POST: remove, then back to the list."""
    if request.method == "POST":
        try:
            remove()
        except ValidationError as exc:
            reason: str | None = " ".join(exc.messages)
        else:
            messages.success(request, removed)
            return redirect(back_url)
    else:
        reason = refusal()
    title = f"You cannot remove this {what} yet" if reason else f"Remove this {what}?"
    context = {
        "partnership": access.partnership,
        "title": title,
        "details": details,
        "warning": warning,
        "refusal": reason,
        "submit_label": f"Remove {what}",
        "back_url": back_url,
    }
    return render(request, "programme/funding_remove.html", context)


def _k(amount) -> str:
    return format_pounds(amount, unit="k") if amount is not None else "Not given"


@login_required
@require_http_methods(["GET", "POST"])
def stream_remove(request, pk, stream_pk):
    access = _manage(request, pk)
    stream = get_object_or_404(FundingStream, pk=stream_pk, partnership=access.partnership)
    return _confirm_or_remove(
        request,
        access,
        what="funding stream",
        remove=lambda: services.stream_remove(acting_user=request.user, stream=stream),
        refusal=lambda: services.stream_removal_refusal(stream),
        removed=STREAM_REMOVED.format(name=stream.name),
        back_url=_url("funding_streams", access, stream.year),
        details=[
            ("Stream", stream.name),
            ("Year", financial_year_label(stream.year)),
            ("Kind", stream.get_kind_display()),
            ("Amount", format_pounds(stream.amount)),
            ("Status", stream.get_status_display()),
        ],
        warning=STREAM_REMOVE_WARNING,
    )


@login_required
@require_http_methods(["GET", "POST"])
def node_remove(request, pk, node_pk):
    access = _manage(request, pk)
    node = get_object_or_404(AllocationNode, pk=node_pk, partnership=access.partnership)
    return _confirm_or_remove(
        request,
        access,
        what="allocation line",
        remove=lambda: services.node_remove(acting_user=request.user, node=node),
        refusal=lambda: services.node_removal_refusal(node),
        removed=LINE_REMOVED.format(name=node.name),
        back_url=_url("funding_allocation", access, node.year),
        details=[
            ("Line", node.name),
            ("Year", financial_year_label(node.year)),
            ("Amount", _k(node.amount)),
            ("Stated total", _k(node.stated_total)),
        ],
        warning=LINE_REMOVE_WARNING,
    )


def _movement_details(movement: Commitment | Spend) -> list[tuple[str, str]]:
    return [
        ("Allocation line", movement.node.name),
        ("Date", movement.date.strftime("%-d %B %Y")),
        ("Amount", format_pounds(movement.amount)),
        ("Description", movement.description or "None given"),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def commitment_remove(request, pk, commitment_pk):
    access = _manage(request, pk)
    commitment = get_object_or_404(
        Commitment.objects.select_related("node"),
        pk=commitment_pk,
        node__partnership=access.partnership,
    )
    amount = format_pounds(commitment.amount)
    return _confirm_or_remove(
        request,
        access,
        what="commitment",
        remove=lambda: services.commitment_remove(acting_user=request.user, commitment=commitment),
        refusal=lambda: services.movement_removal_refusal(commitment),
        removed=COMMITMENT_REMOVED.format(amount=amount, line=commitment.node.name),
        back_url=_url("funding_movements", access, commitment.node.year),
        details=_movement_details(commitment),
        warning=COMMITMENT_REMOVE_WARNING,
    )


@login_required
@require_http_methods(["GET", "POST"])
def spend_remove(request, pk, spend_pk):
    access = _manage(request, pk)
    spend = get_object_or_404(
        Spend.objects.select_related("node"), pk=spend_pk, node__partnership=access.partnership
    )
    amount = format_pounds(spend.amount)
    return _confirm_or_remove(
        request,
        access,
        what="spend record",
        remove=lambda: services.spend_remove(acting_user=request.user, spend=spend),
        refusal=lambda: services.movement_removal_refusal(spend),
        removed=SPEND_REMOVED.format(amount=amount, line=spend.node.name),
        back_url=_url("funding_movements", access, spend.node.year),
        details=_movement_details(spend),
        warning=SPEND_REMOVE_WARNING,
    )


@login_required
def movements(request, pk):
    """The year's commitments and spend, each with its total; CSV or XLSX with `?export=`."""
    access = programme_partnership_for_user(request.user, pk)
    year = _year(request, access.partnership)
    commitments = commitments_for(access.partnership, year)
    spends = spends_for(access.partnership, year)
    fmt = request.GET.get("export")
    if fmt:
        return export_response(
            fmt,
            filename=f"commitments-and-spend-{year}",
            headers=MOVEMENT_HEADERS,
            rows=[
                [kind, m.date, m.node.name, m.description, m.amount]
                for kind, rows in (("Commitment", commitments), ("Spend", spends))
                for m in rows
            ],
        )
    return render(
        request,
        "programme/funding_movements.html",
        _context(
            access,
            year,
            commitments=commitments,
            spends=spends,
            committed=sum((c.amount for c in commitments), ZERO),
            spent=sum((s.amount for s in spends), ZERO),
            export_query=f"year={year}",
        ),
    )
