"""Risk register pages for a partnership: its registers, a register with its heat map and the
risks overdue for review, a risk with its rating history, and the forms that change them.

Readers (the partnership's roles, its members' users, staff) see everything; only partnership
managers write (403 for the others); anyone else gets 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from vfmhub.core.exports import export_response
from vfmhub.programme import forms_risks as forms
from vfmhub.programme import selectors_risks as selectors
from vfmhub.programme import services_risks as services
from vfmhub.programme.access import Need, programme_partnership_for_user
from vfmhub.programme.models import RatingKind, RiskStatus

REGISTER_CREATED = "The risk register has been created."
REGISTER_SAVED = "The risk register has been saved."
RISK_ADDED = "The risk has been added."
RISK_SAVED = "The risk has been saved."
RISK_RERATED = "The risk has been re-rated. Its earlier ratings are kept in its history."
RISK_CLOSED = "The risk has been closed."
RISK_HEADERS = [
    "Risk",
    "Cause",
    "Effect",
    "Owner",
    "Inherent likelihood",
    "Inherent impact",
    "Current likelihood",
    "Current impact",
    "Current score",
    "Current band",
    "Target likelihood",
    "Target impact",
    "Mitigating actions",
    "Review date",
    "Status",
]


def _add_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _form_page(request, form, *, title, caption, back_url, submit_label="Save", intro=""):
    context = {
        "form": form,
        "title": title,
        "caption": caption,
        "back_url": back_url,
        "submit_label": submit_label,
        "intro": intro,
    }
    return render(request, "core/form_page.html", context)


def _register_url(register) -> str:
    return reverse("programme:risk_register", args=[register.partnership_id, register.pk])


def _risk_url(risk) -> str:
    return reverse("programme:risk_detail", args=[risk.register.partnership_id, risk.pk])


def risk_registers(request, pk: int):
    access = programme_partnership_for_user(request.user, pk)
    registers = list(selectors.registers_for_partnership(access.partnership))
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{access.partnership.name}-risk-registers",
            headers=["Register", "Matrix", "Open risks", "All risks"],
            rows=(
                [r.name, r.matrix.name, r.open_count, r.risk_count]  # type: ignore[attr-defined]
                for r in registers
            ),
        )
    context = {
        "partnership": access.partnership,
        "registers": registers,
        "can_manage": access.can_manage,
    }
    return render(request, "programme/risk_registers.html", context)


def risk_register_create(request, pk: int):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    services.ensure_default_matrices()
    form = forms.RegisterForm(
        request.POST or None, initial={"matrix": services.default_matrix().pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            register = services.register_create(
                acting_user=request.user, partnership=access.partnership, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, REGISTER_CREATED)
            return redirect(_register_url(register))
    return _form_page(
        request,
        form,
        title="Create a risk register",
        caption=access.partnership.name,
        back_url=reverse("programme:risk_registers", args=[pk]),
        submit_label="Create register",
    )


def _export_risks(fmt: str, register, risks):
    matrix = register.matrix
    return export_response(
        fmt,
        filename=f"{register.name}-risks",
        headers=RISK_HEADERS,
        rows=(
            [
                r.title,
                r.cause,
                r.effect,
                r.owner,
                matrix.likelihood_label(r.inherent_likelihood),
                matrix.impact_label(r.inherent_impact),
                matrix.likelihood_label(r.current_likelihood),
                matrix.impact_label(r.current_impact),
                r.current_score,
                matrix.band_for(r.current_likelihood, r.current_impact),
                matrix.likelihood_label(r.target_likelihood),
                matrix.impact_label(r.target_impact),
                r.mitigating_actions,
                r.review_date,
                r.get_status_display(),
            ]
            for r in risks
        ),
    )


def risk_register(request, pk: int, register_id: int):
    access = programme_partnership_for_user(request.user, pk)
    register = selectors.register_of_partnership(access.partnership, register_id)
    sort = request.GET.get("sort", "score")
    sort = sort if sort in selectors.SORTS else "score"
    risks = list(selectors.register_risks(register, sort=sort))
    if request.GET.get("export"):
        return _export_risks(request.GET["export"], register, risks)
    matrix = register.matrix
    for risk in risks:
        risk.band = matrix.band_for(  # type: ignore[attr-defined]
            risk.current_likelihood, risk.current_impact
        )
        risk.likelihood_text = matrix.likelihood_label(  # type: ignore[attr-defined]
            risk.current_likelihood
        )
        risk.impact_text = matrix.impact_label(risk.current_impact)  # type: ignore[attr-defined]
    today = timezone.localdate()
    context = {
        "partnership": access.partnership,
        "register": register,
        "matrix": matrix,
        "risks": risks,
        "sort": sort,
        "open_count": sum(r.status == RiskStatus.OPEN for r in risks),
        "heat_map": selectors.heat_map(matrix, risks),
        "overdue": selectors.overdue(risks, today),
        "can_manage": access.can_manage,
        "export_query": f"sort={sort}",
    }
    return render(request, "programme/risk_register.html", context)


def risk_register_edit(request, pk: int, register_id: int):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    register = selectors.register_of_partnership(access.partnership, register_id)
    initial = {"name": register.name, "description": register.description}
    form = forms.RegisterForm(request.POST or None, initial=initial | {"matrix": register.matrix})
    if request.method == "POST" and form.is_valid():
        try:
            services.register_update(
                acting_user=request.user, register=register, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, REGISTER_SAVED)
            return redirect(_register_url(register))
    return _form_page(
        request,
        form,
        title="Change the risk register",
        caption=access.partnership.name,
        back_url=_register_url(register),
    )


def risk_create(request, pk: int, register_id: int):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    register = selectors.register_of_partnership(access.partnership, register_id)
    form = forms.RiskForm(request.POST or None, matrix=register.matrix)
    if request.method == "POST" and form.is_valid():
        data, _ = form.values()
        try:
            risk = services.risk_create(acting_user=request.user, register=register, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, RISK_ADDED)
            return redirect(_risk_url(risk))
    return _form_page(
        request,
        form,
        title="Add a risk",
        caption=register.name,
        back_url=_register_url(register),
        submit_label="Add risk",
    )


def risk_detail(request, pk: int, risk_id: int):
    access = programme_partnership_for_user(request.user, pk)
    risk = selectors.risk_of_partnership(access.partnership, risk_id)
    matrix = risk.register.matrix
    history = list(selectors.rating_history(risk))
    for rating in history:
        rating.band = matrix.band_for(  # type: ignore[attr-defined]
            rating.likelihood, rating.impact
        )
    ratings = [
        {
            "kind": label,
            "likelihood": matrix.likelihood_label(getattr(risk, f"{kind}_likelihood")),
            "impact": matrix.impact_label(getattr(risk, f"{kind}_impact")),
            "band": matrix.band_for(
                getattr(risk, f"{kind}_likelihood"), getattr(risk, f"{kind}_impact")
            ),
        }
        for kind, label in RatingKind.choices
    ]
    context = {
        "partnership": access.partnership,
        "register": risk.register,
        "risk": risk,
        "ratings": ratings,
        "history": history,
        "plan_actions": list(risk.plan_actions.all()),
        "overdue": selectors.is_overdue(risk, timezone.localdate()),
        "can_manage": access.can_manage,
    }
    return render(request, "programme/risk_detail.html", context)


def risk_edit(request, pk: int, risk_id: int):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    risk = selectors.risk_of_partnership(access.partnership, risk_id)
    initial = {
        name: getattr(risk, name)
        for name in [
            "title",
            "cause",
            "effect",
            "owner",
            "mitigating_actions",
            "review_date",
            "inherent_likelihood",
            "inherent_impact",
            "target_likelihood",
            "target_impact",
        ]
    } | {"updated_at": risk.updated_at.isoformat()}
    form = forms.RiskForm(
        request.POST or None, matrix=risk.register.matrix, editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data, expected = form.values()
        try:
            services.risk_update(
                acting_user=request.user, risk=risk, expected_updated_at=expected, **data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, RISK_SAVED)
            return redirect(_risk_url(risk))
    return _form_page(
        request,
        form,
        title="Change the risk",
        caption=risk.register.name,
        back_url=_risk_url(risk),
        intro="To change the current rating, re-rate the risk so its history is kept.",
    )


def risk_rerate(request, pk: int, risk_id: int):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    risk = selectors.risk_of_partnership(access.partnership, risk_id)
    initial = {
        "likelihood": risk.current_likelihood,
        "impact": risk.current_impact,
        "review_date": risk.review_date,
        "updated_at": risk.updated_at.isoformat(),
    }
    form = forms.RerateForm(request.POST or None, matrix=risk.register.matrix, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("updated_at") or None
        try:
            services.risk_rerate(
                acting_user=request.user, risk=risk, expected_updated_at=expected, **data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, RISK_RERATED)
            return redirect(_risk_url(risk))
    return _form_page(
        request,
        form,
        title="Re-rate the risk",
        caption=risk.title,
        back_url=_risk_url(risk),
        submit_label="Save rating",
        intro="The new current rating is added to the risk's history; earlier ratings stay.",
    )


def risk_close(request, pk: int, risk_id: int):
    access = programme_partnership_for_user(request.user, pk, need=Need.MANAGE)
    risk = selectors.risk_of_partnership(access.partnership, risk_id)
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_close(acting_user=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, RISK_CLOSED)
            return redirect(_risk_url(risk))
    return _form_page(
        request,
        form,
        title="Close the risk",
        caption=risk.title,
        back_url=_risk_url(risk),
        submit_label="Close risk",
    )
