"""Risk register pages: an owner's registers, a register with its heat map and the risks overdue
for review, a risk with its rating history and linked plan actions, and the forms that change them.

The same views serve a partnership (with its projects' registers) and a body: the URL's `owner`
says which, and the access layer (`access/owners.py`, `access/risks.py`) checks access (404 for no
access at all, 403 for readers on writes).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import add_service_errors, save_form_page
from vfmhub.lib import clock
from vfmhub.programme.access import Need
from vfmhub.programme.access.owners import PARTNERSHIP, RegisterOwner, register_owner_for_user
from vfmhub.programme.access.risks import linked_action_of, register_for_user, risk_for_user
from vfmhub.programme.forms import risks as forms
from vfmhub.programme.models import RatingKind, RiskStatus
from vfmhub.programme.selectors import risks as selectors
from vfmhub.programme.selectors.projects import projects_to_choose
from vfmhub.programme.services import risks as services

REGISTER_CREATED = "The risk register has been created."
REGISTER_SAVED = "The risk register has been saved."
RISK_ADDED = "The risk has been added."
RISK_SAVED = "The risk has been saved."
RISK_RERATED = "The risk has been re-rated. Its earlier ratings are kept in its history."
RISK_CLOSED = "The risk has been closed."
CLOSE_INTRO = (
    "Closing takes the risk off the register's heat map and its list of risks due for review; "
    "its ratings and history stay. A manager of the register can reopen it by importing it with "
    "the status Open."
)
ACTIONS_LINKED = "The plan actions have been linked to the risk."
ACTION_UNLINKED = "The plan action is no longer linked to the risk."
NO_PLANS = "There are no improvement plans whose actions this register's risks can name."
REGISTER_HEADERS = ["Register", "Project", "Matrix", "Open risks", "All risks"]
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
RISK_EDITED = [
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


def _risk_form(request, found: RegisterOwner, risk, form, service, **page):
    """The page of one change to a risk, made with `service` as of the version the form was
    opened at (refused if the risk changed since); back to the risk's page."""

    def save(data: dict):
        fields, expected = forms.without_stamp(data)
        return service(acting_user=request.user, risk=risk, expected_updated_at=expected, **fields)

    return save_form_page(request, form, save, back_url=found.url("risk_detail", risk.pk), **page)


def _page(owner: RegisterOwner, **context) -> dict:
    return {"owner": owner, "can_manage": owner.can_manage, **context}


def risk_registers(request, pk: int, owner: str = PARTNERSHIP):
    found = register_owner_for_user(request.user, owner, pk)
    registers = list(selectors.registers_for_owner(found))
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{found.name}-risk-registers",
            headers=REGISTER_HEADERS,
            rows=(
                [
                    r.name,
                    r.project.name if r.project else "",
                    r.matrix.name,
                    r.open_count,  # type: ignore[attr-defined]
                    r.risk_count,  # type: ignore[attr-defined]
                ]
                for r in registers
            ),
        )
    for register in registers:
        register.url = found.url("risk_register", register.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "programme/risk_registers.html",
        _page(found, registers=registers, create_url=found.url("risk_register_create")),
    )


def risk_register_create(request, pk: int, owner: str = PARTNERSHIP):
    found = register_owner_for_user(request.user, owner, pk, need=Need.MANAGE)
    projects = projects_to_choose(found.partnership) if found.partnership else None
    matrix = services.default_matrix(acting_user=request.user)
    initial = {"matrix": matrix.pk, "project": request.GET.get("project")}
    form = forms.RegisterForm(request.POST or None, initial=initial, projects=projects)

    def create(data: dict):
        project = data.pop("project", None)
        owner_fields = {"project_id": project.pk} if project else found.owner_fields()
        return services.register_create(acting_user=request.user, **owner_fields, **data)

    return save_form_page(
        request,
        form,
        create,
        done=REGISTER_CREATED,
        next_url=lambda register: found.url("risk_register", register.pk),
        title="Create a risk register",
        caption=found.name,
        back_url=found.url("risk_registers"),
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


def risk_register(request, pk: int, register_id: int, owner: str = PARTNERSHIP):
    found, register = register_for_user(request.user, owner, pk, register_id)
    sort = request.GET.get("sort", "score")
    sort = sort if sort in selectors.SORTS else "score"
    risks = list(selectors.register_risks(register, sort=sort))
    if request.GET.get("export"):
        return _export_risks(request.GET["export"], register, risks)
    today = clock.today()
    matrix = register.matrix
    for risk in selectors.risks_rated(risks, matrix, today):
        risk.url = found.url("risk_detail", risk.pk)  # type: ignore[attr-defined]
    due_only = request.GET.get("review") == "due"
    context = _page(
        found,
        register=register,
        matrix=matrix,
        risks=selectors.due_for_review(risks, today) if due_only else risks,
        due_only=due_only,
        sort=sort,
        open_count=sum(r.status == RiskStatus.OPEN for r in risks),
        risk_count=len(risks),
        heat_map=selectors.heat_map(matrix, risks),
        overdue=selectors.overdue(risks, today),
        export_query=f"sort={sort}",
        urls={
            "registers": found.url("risk_registers"),
            "add": found.url("risk_create", register.pk),
            "edit": found.url("risk_register_edit", register.pk),
            "import": found.url("risk_import", register.pk),
        },
    )
    return render(request, "programme/risk_register.html", context)


def risk_register_edit(request, pk: int, register_id: int, owner: str = PARTNERSHIP):
    found, register = register_for_user(request.user, owner, pk, register_id, need=Need.MANAGE)
    initial = {"name": register.name, "description": register.description}
    form = forms.RegisterForm(request.POST or None, initial=initial | {"matrix": register.matrix})
    return save_form_page(
        request,
        form,
        lambda data: services.register_update(acting_user=request.user, register=register, **data),
        done=REGISTER_SAVED,
        title="Change the risk register",
        caption=found.name,
        back_url=found.url("risk_register", register.pk),
    )


def risk_create(request, pk: int, register_id: int, owner: str = PARTNERSHIP):
    found, register = register_for_user(request.user, owner, pk, register_id, need=Need.MANAGE)
    form = forms.RiskForm(request.POST or None, matrix=register.matrix)
    return save_form_page(
        request,
        form,
        lambda data: services.risk_create(
            acting_user=request.user, register=register, **forms.without_stamp(data)[0]
        ),
        done=RISK_ADDED,
        next_url=lambda risk: found.url("risk_detail", risk.pk),
        title="Add a risk",
        caption=register.name,
        back_url=found.url("risk_register", register.pk),
        submit_label="Add risk",
    )


def _ratings(risk) -> list[dict]:
    """The risk's inherent, current and target ratings in the words of its register's matrix."""
    matrix = risk.register.matrix
    ratings = []
    for kind, label in RatingKind.choices:
        likelihood = getattr(risk, f"{kind}_likelihood")
        impact = getattr(risk, f"{kind}_impact")
        ratings.append(
            {
                "kind": label,
                "likelihood": matrix.likelihood_label(likelihood),
                "impact": matrix.impact_label(impact),
                "band": matrix.band_for(likelihood, impact),
            }
        )
    return ratings


def risk_detail(request, pk: int, risk_id: int, owner: str = PARTNERSHIP):
    found, risk = risk_for_user(request.user, owner, pk, risk_id)
    matrix = risk.register.matrix
    history = list(selectors.rating_history(risk))
    for rating in history:
        rating.band = matrix.band_for(  # type: ignore[attr-defined]
            rating.likelihood, rating.impact
        )
    context = _page(
        found,
        register=risk.register,
        risk=risk,
        ratings=_ratings(risk),
        history=history,
        plan_actions=list(selectors.risk_plan_actions(risk)),
        overdue=selectors.is_overdue(risk, clock.today()),
        urls={
            "register": found.url("risk_register", risk.register_id),
            "rerate": found.url("risk_rerate", risk.pk),
            "edit": found.url("risk_edit", risk.pk),
            "close": found.url("risk_close", risk.pk),
            "link": found.url("risk_actions_link", risk.pk),
            "unlink": found.url("risk_action_unlink", risk.pk),
        },
    )
    return render(request, "programme/risk_detail.html", context)


def risk_edit(request, pk: int, risk_id: int, owner: str = PARTNERSHIP):
    found, risk = risk_for_user(request.user, owner, pk, risk_id, need=Need.MANAGE)
    initial = {name: getattr(risk, name) for name in RISK_EDITED}
    initial["updated_at"] = risk.updated_at.isoformat()
    form = forms.RiskForm(
        request.POST or None, matrix=risk.register.matrix, editing=True, initial=initial
    )
    return _risk_form(
        request,
        found,
        risk,
        form,
        services.risk_update,
        done=RISK_SAVED,
        title="Change the risk",
        caption=risk.register.name,
        intro="To change the current rating, re-rate the risk so its history is kept.",
    )


def risk_rerate(request, pk: int, risk_id: int, owner: str = PARTNERSHIP):
    found, risk = risk_for_user(request.user, owner, pk, risk_id, need=Need.MANAGE)
    initial = {
        "likelihood": risk.current_likelihood,
        "impact": risk.current_impact,
        "review_date": risk.review_date,
        "updated_at": risk.updated_at.isoformat(),
    }
    form = forms.RerateForm(request.POST or None, matrix=risk.register.matrix, initial=initial)
    return _risk_form(
        request,
        found,
        risk,
        form,
        services.risk_rerate,
        done=RISK_RERATED,
        title="Re-rate the risk",
        caption=risk.title,
        submit_label="Save rating",
        intro="The new current rating is added to the risk's history; earlier ratings stay.",
    )


def risk_close(request, pk: int, risk_id: int, owner: str = PARTNERSHIP):
    found, risk = risk_for_user(request.user, owner, pk, risk_id, need=Need.MANAGE)
    if risk.status == RiskStatus.CLOSED:
        messages.error(request, services.ALREADY_CLOSED)
        return redirect(found.url("risk_detail", risk.pk))
    form = forms.CloseForm(
        request.POST or None, initial={"updated_at": risk.updated_at.isoformat()}
    )
    return _risk_form(
        request,
        found,
        risk,
        form,
        services.risk_close,
        done=RISK_CLOSED,
        title="Close the risk",
        caption=risk.title,
        submit_label="Close risk",
        intro=CLOSE_INTRO,
    )


def _linked(request, risk, form) -> bool:
    """Link the actions ticked on a valid form; False (the errors on the form) otherwise."""
    if not form.is_valid():
        return False
    try:
        services.risk_link_actions(
            acting_user=request.user, risk=risk, actions=form.cleaned_data["actions"]
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


def risk_actions_link(request, pk: int, risk_id: int, owner: str = PARTNERSHIP):
    """Choose a plan, then tick the actions of it that mitigate the risk."""
    found, risk = risk_for_user(request.user, owner, pk, risk_id, need=Need.MANAGE)
    plans = list(selectors.linkable_plans(risk.register))
    chosen = next((p for p in plans if str(p.pk) == request.GET.get("plan")), None)
    if chosen is None and len(plans) == 1:
        chosen = plans[0]
    form = None
    if chosen is not None:
        data = request.POST if request.method == "POST" else None
        form = forms.LinkActionsForm(data, actions=selectors.actions_to_link(risk, chosen))
        if data is not None and _linked(request, risk, form):
            messages.success(request, ACTIONS_LINKED)
            return redirect(found.url("risk_detail", risk.pk))
    context = _page(
        found,
        risk=risk,
        plans=plans,
        chosen=chosen,
        form=form,
        no_plans=NO_PLANS,
        back_url=found.url("risk_detail", risk.pk),
    )
    return render(request, "programme/risk_actions_link.html", context)


@require_POST
def risk_action_unlink(request, pk: int, risk_id: int, owner: str = PARTNERSHIP):
    found, risk = risk_for_user(request.user, owner, pk, risk_id, need=Need.MANAGE)
    action = linked_action_of(risk, request.POST.get("action"))
    services.risk_unlink_action(acting_user=request.user, risk=risk, action=action)
    messages.success(request, ACTION_UNLINKED)
    return redirect(found.url("risk_detail", risk.pk))
