"""Risk register pages: an owner's registers, a register with its heat map and the risks overdue
for review, a risk with its rating history and linked plan actions, and the forms that change them.

The same views serve a partnership (with its projects' registers) and a body: the URL's `owner`
says which, and `risk_owners.register_owner_for_user` checks access (404 for no access at all, 403
for readers on writes).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import add_service_errors as _add_errors
from vfmhub.core.form_pages import save_form_page
from vfmhub.lib import clock
from vfmhub.plans.models import Plan
from vfmhub.programme.access import Need
from vfmhub.programme.access.owners import PARTNERSHIP, RegisterOwner, register_owner_for_user
from vfmhub.programme.forms import risks as forms
from vfmhub.programme.models import Project, RatingKind, RiskStatus
from vfmhub.programme.selectors import risks as selectors
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


def _owner(request, owner: str, pk: int, need: Need = Need.READ) -> RegisterOwner:
    return register_owner_for_user(request.user, owner, pk, need=need)


def _stamped(service, request, risk, data: dict):
    """Call a risk service with the `updated_at` the form was opened with (409-style refusal if
    the risk changed since)."""
    fields, expected = forms.without_stamp(data)
    return service(acting_user=request.user, risk=risk, expected_updated_at=expected, **fields)


def _page(owner: RegisterOwner, **context) -> dict:
    return {"owner": owner, "can_manage": owner.can_manage, **context}


def risk_registers(request, pk: int, owner: str = PARTNERSHIP):
    found = _owner(request, owner, pk)
    registers = list(selectors.registers_for_owner(found))
    if request.GET.get("export"):
        return export_response(
            request.GET["export"],
            filename=f"{found.name}-risk-registers",
            headers=["Register", "Project", "Matrix", "Open risks", "All risks"],
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
    found = _owner(request, owner, pk, Need.MANAGE)
    services.ensure_default_matrices()
    projects = (
        Project.objects.filter(partnership=found.partnership).order_by("name")
        if found.partnership
        else None
    )
    initial = {"matrix": services.default_matrix().pk, "project": request.GET.get("project")}
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
    found = _owner(request, owner, pk)
    register = selectors.register_of_owner(found, register_id)
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
        risk.url = found.url("risk_detail", risk.pk)  # type: ignore[attr-defined]
    today = clock.today()
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
    found = _owner(request, owner, pk, Need.MANAGE)
    register = selectors.register_of_owner(found, register_id)
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
    found = _owner(request, owner, pk, Need.MANAGE)
    register = selectors.register_of_owner(found, register_id)
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


def risk_detail(request, pk: int, risk_id: int, owner: str = PARTNERSHIP):
    found = _owner(request, owner, pk)
    risk = selectors.risk_of_owner(found, risk_id)
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
    context = _page(
        found,
        register=risk.register,
        risk=risk,
        ratings=ratings,
        history=history,
        plan_actions=list(
            risk.plan_actions.select_related("item__plan__organisation").order_by("pk")
        ),
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
    found = _owner(request, owner, pk, Need.MANAGE)
    risk = selectors.risk_of_owner(found, risk_id)
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
    return save_form_page(
        request,
        form,
        lambda data: _stamped(services.risk_update, request, risk, data),
        done=RISK_SAVED,
        title="Change the risk",
        caption=risk.register.name,
        back_url=found.url("risk_detail", risk.pk),
        intro="To change the current rating, re-rate the risk so its history is kept.",
    )


def risk_rerate(request, pk: int, risk_id: int, owner: str = PARTNERSHIP):
    found = _owner(request, owner, pk, Need.MANAGE)
    risk = selectors.risk_of_owner(found, risk_id)
    initial = {
        "likelihood": risk.current_likelihood,
        "impact": risk.current_impact,
        "review_date": risk.review_date,
        "updated_at": risk.updated_at.isoformat(),
    }
    form = forms.RerateForm(request.POST or None, matrix=risk.register.matrix, initial=initial)
    return save_form_page(
        request,
        form,
        lambda data: _stamped(services.risk_rerate, request, risk, data),
        done=RISK_RERATED,
        title="Re-rate the risk",
        caption=risk.title,
        back_url=found.url("risk_detail", risk.pk),
        submit_label="Save rating",
        intro="The new current rating is added to the risk's history; earlier ratings stay.",
    )


def risk_close(request, pk: int, risk_id: int, owner: str = PARTNERSHIP):
    found = _owner(request, owner, pk, Need.MANAGE)
    risk = selectors.risk_of_owner(found, risk_id)
    if risk.status == RiskStatus.CLOSED:
        messages.error(request, services.ALREADY_CLOSED)
        return redirect(found.url("risk_detail", risk.pk))
    form = forms.CloseForm(
        request.POST or None, initial={"updated_at": risk.updated_at.isoformat()}
    )
    return save_form_page(
        request,
        form,
        lambda data: _stamped(services.risk_close, request, risk, data),
        done=RISK_CLOSED,
        title="Close the risk",
        caption=risk.title,
        back_url=found.url("risk_detail", risk.pk),
        submit_label="Close risk",
        intro=CLOSE_INTRO,
    )


def risk_actions_link(request, pk: int, risk_id: int, owner: str = PARTNERSHIP):
    """Choose a plan, then tick the actions of it that mitigate the risk."""
    found = _owner(request, owner, pk, Need.MANAGE)
    risk = selectors.risk_of_owner(found, risk_id)
    linkable = selectors.linkable_plan_actions(risk.register)
    plans = list(
        Plan.objects.filter(pk__in=linkable.values("item__plan"))
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )
    chosen = next((p for p in plans if str(p.pk) == request.GET.get("plan")), None)
    if chosen is None and len(plans) == 1:
        chosen = plans[0]
    form = None
    if chosen is not None:
        actions = linkable.filter(item__plan=chosen).exclude(risks=risk)
        data = request.POST if request.method == "POST" else None
        form = forms.LinkActionsForm(data, actions=actions)
        if request.method == "POST" and form.is_valid():
            try:
                services.risk_link_actions(
                    acting_user=request.user, risk=risk, actions=form.cleaned_data["actions"]
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
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
    found = _owner(request, owner, pk, Need.MANAGE)
    risk = selectors.risk_of_owner(found, risk_id)
    action = get_object_or_404(risk.plan_actions.all(), pk=request.POST.get("action"))
    services.risk_unlink_action(acting_user=request.user, risk=risk, action=action)
    messages.success(request, ACTION_UNLINKED)
    return redirect(found.url("risk_detail", risk.pk))
