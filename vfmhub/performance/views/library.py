"""The indicator library pages: the list (national and the organisation's local indicators, with
filters and CSV/XLSX downloads), local definitions and new RAG rule versions, and for one
indicator the organisation's values, targets, trajectory, commentary, forecast and approval.
Everything is fetched through `performance.access`; writes need an editor."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.organisations.access import Need
from vfmhub.performance import access as reach
from vfmhub.performance.calculations import Band, RagRule, Tolerance
from vfmhub.performance.calculations.rag import AMBER, GREEN, RED
from vfmhub.performance.forms import library as forms
from vfmhub.performance.services import indicators as definitions
from vfmhub.performance.services import values

HEADERS = ["Code", "Title", "Owner", "Data type", "Unit", "Polarity", "Frequency", "Source"]
RED_NEEDS_COMMENTARY = (
    "A value that is red needs commentary: say what happened and what is being done."
)


def _library(request: Any, org_pk: int) -> tuple[Any, Any]:
    access = reach.performance_for_user(request.user, org_pk)
    rows = reach.readable_indicators(request.user, access).select_related("owner")
    return access, rows


def library_list(request: Any, org_pk: int) -> HttpResponse:
    access, rows = _library(request, org_pk)
    form = forms.LibraryFilterForm(request.GET or None)
    if form.is_valid():
        text = form.cleaned_data["q"].strip()
        if text:
            rows = rows.filter(
                Q(code__icontains=text) | Q(title__icontains=text) | Q(source__icontains=text)
            )
        for name in ("frequency", "polarity"):
            if form.cleaned_data[name]:
                rows = rows.filter(**{name: form.cleaned_data[name]})
    rows = rows.order_by("code", "pk")
    if request.GET.get("format"):
        return export_response(
            request.GET["format"],
            filename=f"indicators {access.organisation}",
            headers=HEADERS,
            rows=(_row(i) for i in rows),
        )
    context = {
        "access": access,
        "organisation": access.organisation,
        "form": form,
        "indicators": list(rows),
        "query": request.GET.urlencode(),
    }
    return render(request, "performance/library/list.html", context)


def _row(indicator: Any) -> list[Any]:
    return [
        indicator.code,
        indicator.title,
        indicator.owner.name if indicator.owner_id else "National",
        indicator.get_data_type_display(),
        indicator.unit,
        indicator.polarity,
        indicator.frequency,
        indicator.source,
    ]


def _list_url(org_pk: int) -> str:
    return reverse("performance:library_list", args=[org_pk])


def library_add(request: Any, org_pk: int) -> HttpResponse:
    access = reach.performance_for_user(request.user, org_pk, need=Need.EDIT)

    def save(data: dict[str, Any]) -> Any:
        data.pop("updated_at", None)
        data["ratio_scale"] = data.get("ratio_scale") or Decimal(1)
        return definitions.indicator_create(
            acting_user=request.user, owner=access.organisation, fields=data
        )

    return save_form_page(
        request,
        forms.IndicatorForm(request.POST or None),
        save,
        done=lambda i: f"{i.code} added to the library.",
        back_url=_list_url(org_pk),
        title="Add a local indicator",
        caption=str(access.organisation),
        submit_label="Add",
    )


def library_edit(request: Any, org_pk: int, pk: int) -> HttpResponse:
    access = reach.performance_for_user(request.user, org_pk)
    indicator = reach.indicator_to_edit(request.user, access, pk)
    initial = {name: getattr(indicator, name) for name in forms.IndicatorForm.base_fields}
    initial["updated_at"] = indicator.updated_at.isoformat()

    def save(data: dict[str, Any]) -> Any:
        expected = data.pop("updated_at", None) or None
        data["ratio_scale"] = data.get("ratio_scale") or Decimal(1)
        return definitions.indicator_update(
            acting_user=request.user,
            indicator=indicator,
            fields=data,
            expected_updated_at=expected,
        )

    return save_form_page(
        request,
        forms.IndicatorForm(request.POST or None, initial=initial),
        save,
        done=lambda i: f"{i.code} saved.",
        back_url=_list_url(org_pk),
        title=f"Change {indicator.code}",
        caption=str(access.organisation),
    )


def library_rag_rule(request: Any, org_pk: int, pk: int) -> HttpResponse:
    access = reach.performance_for_user(request.user, org_pk)
    indicator = reach.indicator_to_edit(request.user, access, pk)

    def save(data: dict[str, Any]) -> Any:
        try:
            rule = RagRule(
                method=Tolerance(data["method"]),
                bands=(
                    Band("green", "Green", GREEN, Decimal(0)),
                    Band("amber", "Amber", AMBER, data["amber_limit"]),
                    Band("red", "Red", RED),
                ),
            )
        except ValueError as exc:
            raise ValidationError({"amber_limit": str(exc)}) from None
        return definitions.rag_rule_add_version(
            acting_user=request.user,
            indicator=indicator,
            rule=rule,
            applies_from=data["applies_from"],
        )

    return save_form_page(
        request,
        forms.RagRuleForm(request.POST or None),
        save,
        done=lambda v: f"RAG rule version {v.version} added.",
        back_url=_list_url(org_pk),
        title=f"New RAG rule for {indicator.code}",
        caption=str(access.organisation),
        intro="Green on target or better, amber within the tolerance, red beyond. Earlier "
        "versions are kept for the years before.",
    )


def _target(request: Any, org_pk: int, pk: int, need: Need = Need.EDIT) -> tuple[Any, Any]:
    access = reach.performance_for_user(request.user, org_pk, need=need)
    return access, reach.indicator_of(request.user, access, pk)


def _detail_url(org_pk: int, pk: int) -> str:
    return reverse("performance:value_detail", args=[org_pk, pk])


def value_detail(request: Any, org_pk: int, pk: int) -> HttpResponse:
    access, indicator = _target(request, org_pk, pk, Need.READ)
    shown = indicator.values.filter(access.value_filter(), organisation=access.organisation)
    latest = shown.filter(is_current=True).order_by("-year", "-period_index").first()
    red_without_commentary = latest is not None and values.needs_commentary(
        indicator=indicator, organisation=access.organisation, period=latest.period
    )
    context = {
        "access": access,
        "organisation": access.organisation,
        "indicator": indicator,
        "latest": latest,
        "red_without_commentary": red_without_commentary,
        "values": shown.order_by("-year", "-period_index", "-version")[:200],
        "targets": indicator.targets.filter(organisation=access.organisation)[:200],
        "commentary": indicator.commentary.filter(organisation=access.organisation)[:200],
        "rules": indicator.rag_rules.all(),
    }
    return render(request, "performance/library/detail.html", context)


def _figure_page(
    request: Any,
    org_pk: int,
    pk: int,
    form_class: Any,
    action: Any,
    title: str,
    done: str,
    intro: str = "",
) -> HttpResponse:
    access, indicator = _target(request, org_pk, pk)

    def save(data: dict[str, Any]) -> Any:
        return action(
            acting_user=request.user, indicator=indicator, organisation=access.organisation, **data
        )

    return save_form_page(
        request,
        form_class(request.POST or None),
        save,
        done=done,
        back_url=_detail_url(org_pk, pk),
        title=f"{title}: {indicator.code}",
        caption=str(access.organisation),
        intro=intro,
    )


def value_enter(request: Any, org_pk: int, pk: int) -> HttpResponse:
    return _figure_page(
        request,
        org_pk,
        pk,
        forms.ValueForm,
        values.value_record,
        "Enter or correct a value",
        "Value saved.",
        intro="To correct a value already recorded, enter the period again and "
        "say why. The earlier value is kept. " + RED_NEEDS_COMMENTARY,
    )


def value_target(request: Any, org_pk: int, pk: int) -> HttpResponse:
    return _figure_page(
        request, org_pk, pk, forms.TargetForm, values.target_set, "Set a target", "Target saved."
    )


def value_trajectory(request: Any, org_pk: int, pk: int) -> HttpResponse:
    return _figure_page(
        request,
        org_pk,
        pk,
        forms.TrajectoryForm,
        values.target_trajectory_set,
        "Set a trajectory",
        "Trajectory targets saved.",
        intro="Targets in a straight line from the first period to the last.",
    )


def value_commentary(request: Any, org_pk: int, pk: int) -> HttpResponse:
    return _figure_page(
        request,
        org_pk,
        pk,
        forms.CommentaryForm,
        values.commentary_add,
        "Add commentary",
        "Commentary added.",
        intro=RED_NEEDS_COMMENTARY,
    )


def value_forecast(request: Any, org_pk: int, pk: int) -> HttpResponse:
    return _figure_page(
        request,
        org_pk,
        pk,
        forms.ForecastForm,
        values.forecast_enter,
        "Enter a year-end forecast",
        "Forecast saved.",
    )


@require_POST
def value_approve(request: Any, org_pk: int, pk: int, value_pk: int) -> HttpResponse:
    access = reach.performance_for_user(request.user, org_pk, need=Need.EDIT)
    row = reach.value_of(access, value_pk)
    status = request.POST.get("status", "approved")
    try:
        values.value_set_status(acting_user=request.user, value=row, status=status)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Status changed.")
    return redirect(_detail_url(org_pk, row.indicator_id))
