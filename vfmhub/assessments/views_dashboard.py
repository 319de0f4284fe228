"""The partnership score dashboard, its downloads, and the pages that manage score targets."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from vfmhub.assessments import targets
from vfmhub.assessments.dashboard import (
    SOURCE_LABELS,
    distribution_table,
    member_scores_table,
    partnership_dashboard_tables,
)
from vfmhub.assessments.dashboard.chart import overall_chart
from vfmhub.assessments.forms_dashboard import DashboardForm, ScoreTargetForm
from vfmhub.assessments.models import ScoreTarget
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import add_service_errors as _add_errors
from vfmhub.frameworks.access import version_for_user
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.access import Need, partnership_for_user, readable_member_ids

MEMBERS_TABLE = "members"  # ?table=members downloads each member's scores


def partnership_score_dashboard(request, pk: int):
    access = partnership_for_user(request.user, pk)
    today = clock.today()
    filters = DashboardForm.for_partnership(
        request.user, access.partnership, request.GET, today=today
    )
    context = {"access": access, "partnership": access.partnership, "filters": filters}
    if filters.choice is None:
        return render(request, "assessments/dashboard.html", context)
    context.update(_dashboard_results(access.partnership, filters.choice, today))
    if request.GET.get("export"):
        return _distribution_export(
            request.GET["export"], access.partnership, context, request.GET.get("table", "")
        )
    # Member names link only to the pages this user may open.
    context["members_readable"] = readable_member_ids(access, request.user)
    return render(request, "assessments/dashboard.html", context)


def _dashboard_results(partnership, choice, today) -> dict:
    distribution, progress, members = partnership_dashboard_tables(
        partnership,
        choice.version,
        choice.year,
        source=choice.source,
        today=today,
        shift=choice.shift,
        threshold=choice.threshold,
    )
    return {
        "choice": choice,
        "distribution": distribution,
        "targets": progress,
        "members": members,
        "source_label": SOURCE_LABELS[choice.source],
        "chart": overall_chart(distribution, title=f"Overall scores, {choice.version.name}"),
    }


def _distribution_export(fmt: str, partnership, context: dict, table: str = ""):
    """The counts table, or with `table` "members" each member's scores."""
    choice = context["choice"]
    if table == MEMBERS_TABLE:
        headers, rows = member_scores_table(context["members"])
    else:
        headers, rows = distribution_table(context["distribution"])
    projection = {0: "", -1: "-one-level-lower", 1: "-one-level-higher"}[choice.shift]
    name = (
        f"{partnership.display_name}-{choice.version.name}-{financial_year_label(choice.year)}"
        f"-{SOURCE_LABELS[choice.source]}{projection}"
        f"{'-members' if table == MEMBERS_TABLE else ''}"
    )
    return export_response(fmt, filename=name, headers=headers, rows=rows)


def target_list(request, pk: int):
    access = partnership_for_user(request.user, pk)
    score_targets = access.partnership.score_targets.select_related("version").prefetch_related(
        "criteria"
    )
    context = {
        "access": access,
        "partnership": access.partnership,
        "score_targets": score_targets,
        "filters": DashboardForm.for_partnership(
            request.user, access.partnership, request.GET, today=clock.today()
        ),
    }
    return render(request, "assessments/target_list.html", context)


def _target(access, target_pk: int) -> ScoreTarget:
    target = access.partnership.score_targets.select_related("version").filter(pk=target_pk)
    found = target.first()
    if found is None:
        raise Http404("Not found.")
    return found


def _save_target(request, access, version, target=None):
    initial = _target_initial(target) if target else None
    data = request.POST if request.method == "POST" else None
    form = ScoreTargetForm(data, initial=initial, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            targets.score_target_save(
                acting_user=request.user,
                partnership=access.partnership,
                version=version,
                target=target,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "The target has been saved.")
            return redirect("assessments:target_list", pk=access.partnership.pk)
    context = {
        "form": form,
        "title": "Change a score target" if target else "Add a score target",
        "caption": access.partnership.name,
        "intro": f"For {version.name}.",
        "back_url": reverse("assessments:target_list", args=[access.partnership.pk]),
    }
    return render(request, "assessments/target_form.html", context)


def _target_initial(target: ScoreTarget) -> dict:
    return {
        "kind": target.kind,
        "level": target.level,
        "share_percent": target.share_percent,
        "criteria": list(target.criteria.all()),
        "body_types": target.body_types,
        "due_date": target.due_date,
        "description": target.description,
    }


def target_add(request, pk: int):
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    return _save_target(request, access, _version_for_new_target(request, access))


def _version_for_new_target(request, access):
    """The version asked for, else the dashboard's default version."""
    if request.GET.get("version"):
        return version_for_user(request.user, request.GET["version"])
    filters = DashboardForm.for_partnership(
        request.user, access.partnership, {}, today=clock.today()
    )
    if filters.choice is None:
        raise Http404("There are no framework versions yet.")
    return filters.choice.version


def target_edit(request, pk: int, target_pk: int):
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    target = _target(access, target_pk)
    return _save_target(request, access, target.version, target)


def target_delete(request, pk: int, target_pk: int):
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    target = _target(access, target_pk)
    if request.method == "POST":
        targets.score_target_delete(acting_user=request.user, target=target)
        messages.success(request, f"The target “{target}” has been removed.")
        return redirect("assessments:target_list", pk=pk)
    context = {"partnership": access.partnership, "target": target}
    return render(request, "assessments/target_confirm_delete.html", context)
