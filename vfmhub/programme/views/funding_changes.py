"""Correcting a partnership's funding: removing a funding stream, an allocation line, a commitment
or a spend record after a confirm page, and the year's commitments and spend with their totals and
exports.

Members read; only partnership managers remove (403 for other readers, 404 for anyone else). A
removal the rules refuse (see `services/funding.py`) shows why instead of a button.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vfmhub.core.exports import export_response
from vfmhub.lib.money import format_pounds
from vfmhub.lib.years import financial_year_label
from vfmhub.programme.access import Need, PartnershipAccess, programme_partnership_for_user
from vfmhub.programme.access.funding import (
    FundingYear,
    funding_year_for,
    line_of,
    movement_of,
    stream_of,
)
from vfmhub.programme.models import Commitment, Spend
from vfmhub.programme.selectors.funding import ZERO, movements
from vfmhub.programme.services import funding as services

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


def _confirm_or_remove(
    request,
    page: FundingYear,
    *,
    what: str,
    remove: Callable[[], None],
    refusal: Callable[[], str | None],
    removed: str,
    back_to: str,
    details: list[tuple[str, str]],
    warning: str,
):
    """GET: a confirm page (or why it cannot be removed). POST: remove, then back to the list
    `back_to` of the year the record was in."""
    back_url = page.url(back_to)
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
        "partnership": page.partnership,
        "caption": page.partnership.name,
        "title": title,
        "details": details,
        "warning": warning,
        "refusal": reason,
        "submit_label": f"Remove {what}",
        "back_url": back_url,
    }
    return render(request, "programme/funding_remove.html", context)


def _confirm_view(view: Callable) -> Callable:
    """A confirm page: for signed-in users, shown on GET and acted on by POST."""
    return login_required(require_http_methods(["GET", "POST"])(view))


def _manage(request, pk) -> PartnershipAccess:
    return programme_partnership_for_user(request.user, pk, need=Need.MANAGE)


def _k(amount) -> str:
    return format_pounds(amount, unit="k") if amount is not None else "Not given"


@_confirm_view
def stream_remove(request, pk, stream_pk):
    access = _manage(request, pk)
    stream = stream_of(access.partnership, stream_pk)
    return _confirm_or_remove(
        request,
        FundingYear(access, stream.year),
        what="funding stream",
        remove=lambda: services.stream_remove(acting_user=request.user, stream=stream),
        refusal=lambda: services.stream_removal_refusal(stream),
        removed=STREAM_REMOVED.format(name=stream.name),
        back_to="funding_streams",
        details=[
            ("Stream", stream.name),
            ("Year", financial_year_label(stream.year)),
            ("Kind", stream.get_kind_display()),
            ("Amount", format_pounds(stream.amount)),
            ("Status", stream.get_status_display()),
        ],
        warning=STREAM_REMOVE_WARNING,
    )


@_confirm_view
def node_remove(request, pk, node_pk):
    access = _manage(request, pk)
    node = line_of(access.partnership, node_pk)
    return _confirm_or_remove(
        request,
        FundingYear(access, node.year),
        what="allocation line",
        remove=lambda: services.node_remove(acting_user=request.user, node=node),
        refusal=lambda: services.node_removal_refusal(node),
        removed=LINE_REMOVED.format(name=node.name),
        back_to="funding_allocation",
        details=[
            ("Line", node.name),
            ("Year", financial_year_label(node.year)),
            ("Amount", _k(node.amount)),
            ("Stated total", _k(node.stated_total)),
        ],
        warning=LINE_REMOVE_WARNING,
    )


def _remove_commitment(user: Any, commitment: Commitment) -> None:
    services.commitment_remove(acting_user=user, commitment=commitment)


def _remove_spend(user: Any, spend: Spend) -> None:
    services.spend_remove(acting_user=user, spend=spend)


# What each kind of movement's removal says and does: the record, what it is called, the message
# once removed, the warning, and the service that removes it.
MOVEMENT_KINDS: dict[str, tuple[type[Commitment] | type[Spend], str, str, str, Callable]] = {
    "commitment": (
        Commitment,
        "commitment",
        COMMITMENT_REMOVED,
        COMMITMENT_REMOVE_WARNING,
        _remove_commitment,
    ),
    "spend": (Spend, "spend record", SPEND_REMOVED, SPEND_REMOVE_WARNING, _remove_spend),
}


@_confirm_view
def movement_remove(request, pk, movement_pk, kind: str):
    """The confirm page that removes a commitment or a spend record (`kind`) of the partnership."""
    model, what, removed, warning, remove = MOVEMENT_KINDS[kind]
    access = _manage(request, pk)
    movement = movement_of(model, access.partnership, movement_pk)
    amount = format_pounds(movement.amount)
    return _confirm_or_remove(
        request,
        FundingYear(access, movement.node.year),
        what=what,
        remove=lambda: remove(request.user, movement),
        refusal=lambda: services.movement_removal_refusal(movement),
        removed=removed.format(amount=amount, line=movement.node.name),
        back_to="funding_movements",
        details=[
            ("Allocation line", movement.node.name),
            ("Date", movement.date.strftime("%-d %B %Y")),
            ("Amount", amount),
            ("Description", movement.description or "None given"),
        ],
        warning=warning,
    )


@login_required
def movements_page(request, pk):
    """The year's commitments and spend, each with its total; CSV or XLSX with `?export=`."""
    page = funding_year_for(request, pk)
    commitments = list(movements(Commitment, page.partnership, page.year))
    spends = list(movements(Spend, page.partnership, page.year))
    if fmt := request.GET.get("export"):
        return export_response(
            fmt,
            filename=f"commitments-and-spend-{page.year}",
            headers=MOVEMENT_HEADERS,
            rows=[
                [kind, m.date, m.node.name, m.description, m.amount]
                for kind, rows in (("Commitment", commitments), ("Spend", spends))
                for m in rows
            ],
        )
    context = page.context(
        commitments=commitments,
        spends=spends,
        committed=sum((c.amount for c in commitments), ZERO),
        spent=sum((s.amount for s in spends), ZERO),
        export_query=f"year={page.year}",
    )
    return render(request, "programme/funding_movements.html", context)
