"""Check-your-answers pages before the funding actions that fix a year's figures: approving its
allocation, reopening it as a draft, and carrying its uncommitted balance into the next year.

Each action has one URL: GET is the check page (what will be approved or carried, what is missing
or wrong, what will happen and who can undo it); POST does it through the service, which enforces
the same rules. When the rules block the action the page says why in the error summary and has no
confirm button. Only partnership managers reach these pages (403 for other readers, 404 for
anyone else).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from vfmhub.core.form_pages import add_service_errors
from vfmhub.lib.money import format_pounds
from vfmhub.lib.years import financial_year_label
from vfmhub.programme.access import Need
from vfmhub.programme.access.funding import FundingYear, funding_year_for
from vfmhub.programme.forms.funding import YearConfirmForm
from vfmhub.programme.models import PlanStatus
from vfmhub.programme.selectors.funding import FundingPosition, allocation_gaps, funding_position
from vfmhub.programme.services import funding as services

PLAN_APPROVED = "The allocation has been approved."
PLAN_REOPENED = "The allocation has been reopened as a draft."
CARRIED = "{amount} has been carried forward into next year as “{name}”."
APPROVE_HAPPENS = (
    "The allocation is fixed: lines can no longer be added, changed or removed. It is recorded as "
    "approved today, by you. Commitments and spend can still be recorded against its lines."
)
APPROVE_UNDO = "A manager of {partnership} can reopen it as a draft from the allocation page."
REOPEN_HAPPENS = (
    "The allocation goes back to a draft: lines can be added, changed and removed again. The "
    "approval date and who approved it are cleared; the partnership's history keeps them."
)
REOPEN_UNDO = "A manager of {partnership} can approve it again."
CARRY_HAPPENS = (
    "A received funding stream “{name}” of {amount} is added to {next_year}'s funding. While it "
    "is there, {year}'s funding streams and commitments cannot be removed."
)
CARRY_UNDO = (
    "A manager of {partnership} can remove “{name}” from {next_year}'s funding streams; {year} "
    "can then be carried forward again."
)
APPROVE_WARNING = "Once approved, the allocation's lines cannot change until it is reopened."
REOPEN_WARNING = "Until it is approved again, the year has no approved allocation."
CARRY_WARNING = (
    "The amount carried is the funding less the commitments recorded now: record any missing "
    "commitments first."
)
CARRY_DRAFT = "The allocation for {year} is still a draft."


@dataclass
class CheckPage:
    """What a check page says; the template is `programme/funding_check.html`."""

    title: str
    summary: list[tuple[str, str]]
    happens: str
    undo: str
    warning: str
    button: str
    back_url: str
    gaps: list[str] = field(default_factory=list)


def _k(amount) -> str:
    return format_pounds(amount, unit="k")


def _allocation_summary(position: FundingPosition) -> list[tuple[str, str]]:
    total = position.total
    rows = [
        ("Year", financial_year_label(position.year)),
        ("Total funding", _k(total.funding)),
        ("Allocated", _k(total.allocated)),
        ("Unallocated", _k(total.unallocated)),
    ]
    if total.over_allocated:
        rows.append(("Over-allocated", _k(total.over_allocated)))
    if total.stated_grand_total is not None:
        rows.append(("Stated grand total", _k(total.stated_grand_total)))
    return [
        *rows,
        ("Allocation lines", str(len(position.rows))),
        ("Committed", _k(position.committed)),
    ]


def _form(request, year: int, refusal: str | None) -> YearConfirmForm:
    """The confirm form, with the reason the action is blocked (if it is) in its error summary.
    An empty POST still confirms: the year may come from the query string."""
    data = request.POST if request.method == "POST" else None
    if refusal and data is None:
        data = {"year": year}  # bound, so the refusal can be added to its errors
    form = YearConfirmForm(data, initial={"year": year})
    if refusal:
        form.add_error(None, refusal)
    return form


def _check_page(
    request,
    page: FundingYear,
    *,
    refusal: str | None,
    do: Callable[[], Any],
    done: Callable[[Any], tuple[str, str]],
    check_page: Callable[[FundingYear, FundingPosition], CheckPage],
    position: FundingPosition,
):
    """GET: the check page, without a button when `refusal` blocks the action. POST with nothing
    blocking it: `do()`, then the message and address `done(what it did)` gives; a refusal of the
    service's goes in the error summary."""
    form = _form(request, page.year, refusal)
    if request.method == "POST" and form.is_valid():
        try:
            made = do()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            message, url = done(made)
            messages.success(request, message)
            return redirect(url)
    context = page.context(form=form, page=check_page(page, position))
    return render(request, "programme/funding_check.html", context)


def _plan_status_page(request, pk: int, status: str):
    page = funding_year_for(request, pk, need=Need.MANAGE)
    position = funding_position(page.partnership, page.year)
    approving = status == PlanStatus.APPROVED
    return _check_page(
        request,
        page,
        refusal=services.plan_status_refusal(position.plan, page.year, status),
        do=lambda: services.plan_set_status(
            acting_user=request.user, partnership=page.partnership, year=page.year, status=status
        ),
        done=lambda _: (
            PLAN_APPROVED if approving else PLAN_REOPENED,
            page.url("funding_allocation"),
        ),
        check_page=_approve_page if approving else _reopen_page,
        position=position,
    )


def _allocation_check(page: FundingYear, position: FundingPosition, **check: Any) -> CheckPage:
    """The check page of approving or reopening the year's allocation."""
    return CheckPage(
        gaps=allocation_gaps(position),
        back_url=page.url("funding_allocation"),
        **check,
    )


def _approve_page(page: FundingYear, position: FundingPosition) -> CheckPage:
    return _allocation_check(
        page,
        position,
        title="Check before you approve the allocation",
        summary=_allocation_summary(position),
        happens=APPROVE_HAPPENS,
        undo=APPROVE_UNDO.format(partnership=page.partnership.name),
        warning=APPROVE_WARNING,
        button="Approve the allocation",
    )


def _approval(position: FundingPosition) -> list[tuple[str, str]]:
    plan = position.plan
    if plan is None or plan.status != PlanStatus.APPROVED:
        return []
    return [
        ("Approved on", date_format(plan.approved_on, "j F Y") if plan.approved_on else ""),
        ("Approved by", str(plan.approved_by) if plan.approved_by else ""),
    ]


def _reopen_page(page: FundingYear, position: FundingPosition) -> CheckPage:
    year, *figures = _allocation_summary(position)
    return _allocation_check(
        page,
        position,
        title="Check before you reopen the allocation",
        summary=[year, *_approval(position), *figures],
        happens=REOPEN_HAPPENS,
        undo=REOPEN_UNDO.format(partnership=page.partnership.name),
        warning=REOPEN_WARNING,
        button="Reopen as a draft",
    )


@login_required
@require_http_methods(["GET", "POST"])
def approve(request, pk: int):
    return _plan_status_page(request, pk, PlanStatus.APPROVED)


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, pk: int):
    return _plan_status_page(request, pk, PlanStatus.DRAFT)


@login_required
@require_http_methods(["GET", "POST"])
def carry_forward(request, pk: int):
    page = funding_year_for(request, pk, need=Need.MANAGE)
    position = funding_position(page.partnership, page.year)
    return _check_page(
        request,
        page,
        refusal=services.carry_forward_refusal(page.partnership, position),
        do=lambda: services.carry_forward(
            acting_user=request.user, partnership=page.partnership, year=page.year
        ),
        done=lambda stream: (
            CARRIED.format(name=stream.name, amount=format_pounds(stream.amount)),
            page.url("funding_streams", page.year + 1),
        ),
        check_page=_carry_page,
        position=position,
    )


def _carry_page(page: FundingYear, position: FundingPosition) -> CheckPage:
    year, name = position.year, services.carried_stream_name(position.year)
    labels = {
        "year": financial_year_label(year),
        "next_year": financial_year_label(year + 1),
        "name": name,
        "partnership": page.partnership.name,
    }
    plan = position.plan
    draft = [] if plan and plan.status == PlanStatus.APPROVED else [CARRY_DRAFT.format(**labels)]
    return CheckPage(
        title="Check before you carry the balance forward",
        summary=[
            ("From", labels["year"]),
            ("Into", labels["next_year"]),
            ("Total funding", _k(position.funding)),
            ("Allocated", _k(position.total.allocated)),
            ("Unallocated", _k(position.total.unallocated)),
            ("Committed", _k(position.committed)),
            ("Uncommitted balance to carry", _k(position.uncommitted)),
            ("Added as", name),
        ],
        gaps=draft + position.problems,
        happens=CARRY_HAPPENS.format(amount=_k(position.uncommitted), **labels),
        undo=CARRY_UNDO.format(**labels),
        warning=CARRY_WARNING,
        button="Carry the balance forward",
        back_url=page.url("funding_streams"),
    )
