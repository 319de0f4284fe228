"""Targets from benchmarks: the organisation's rules (each with its figure, citation, when last
computed and the target it keeps), and the writes, which need EDIT: set a target from a
benchmark (reached from the compare page), remove a rule, recompute the rules now."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from vfmhub.benchmarking.access import benchmarking_for_user
from vfmhub.benchmarking.access.uses import target_rule_of
from vfmhub.benchmarking.forms.uses import ConfirmForm, TargetFromBenchmarkForm
from vfmhub.benchmarking.models import BenchmarkTargetRule, Statistic
from vfmhub.benchmarking.selectors.groups import DEFAULT_TOKEN
from vfmhub.benchmarking.selectors.targets import target_rules
from vfmhub.benchmarking.services.targets import (
    RecomputeCounts,
    benchmark_target_rule_remove,
    benchmark_target_set,
    benchmark_targets_recompute,
)
from vfmhub.core.form_pages import save_form_page
from vfmhub.lib.years import financial_year_of
from vfmhub.organisations.access import Need


def _list_url(org_pk: int) -> str:
    return reverse("benchmarking:targets", args=[org_pk])


def targets(request: Any, org_pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk)
    context = {
        "organisation": access.organisation,
        "access": access,
        "rows": target_rules(access.organisation),
    }
    return render(request, "benchmarking/targets/list.html", context)


def _initial(request: Any) -> dict[str, Any]:
    """What the compare page's link carries; anything unusable is left for the form to refuse."""
    year_text = request.GET.get("year", "")
    return {
        "measure": request.GET.get("measure", "")[:60],
        "group": request.GET.get("group", "")[:60] or DEFAULT_TOKEN,
        "statistic": Statistic.BEST_QUARTILE,
        "data_year": int(year_text) if year_text.isdigit() and len(year_text) == 4 else None,
        "target_year": financial_year_of(timezone.localdate()) + 1,
    }


def target_from_benchmark(request: Any, org_pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk, need=Need.EDIT)
    form = TargetFromBenchmarkForm(request.POST or None, initial=_initial(request))

    def save(data: dict) -> BenchmarkTargetRule:
        return benchmark_target_set(
            acting_user=request.user,
            access=access,
            measure_token=data["measure"],
            group_token=data["group"],
            statistic=data["statistic"],
            data_year=data["data_year"],
            target_year=data["target_year"],
        )

    return save_form_page(
        request,
        form,
        save,
        done=lambda rule: f"Target set: {rule.citation}.",
        back_url=_list_url(org_pk),
        title="Set a target from this benchmark",
        caption=access.organisation.name,
        submit_label="Set the target",
        error_field="statistic",
        intro="The target is the statistic of the group's figures for the year chosen. The "
        "rule is kept with its source, and the target is worked out again whenever reference "
        "data or neighbours are loaded or computed.",
    )


def target_rule_remove(request: Any, org_pk: int, pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk, need=Need.EDIT)
    rule = target_rule_of(access, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)

    def save(data: dict) -> None:
        benchmark_target_rule_remove(acting_user=request.user, rule=rule)

    return save_form_page(
        request,
        form,
        save,
        done="Rule removed. The target stays, no longer kept to it.",
        back_url=_list_url(org_pk),
        title="Remove this target rule",
        caption=access.organisation.name,
        submit_label="Remove the rule",
        intro=f"{rule.citation}. The target it keeps stays as it is; its note will say it is "
        "no longer kept to the rule, and it will not be recomputed.",
    )


def targets_recompute(request: Any, org_pk: int) -> HttpResponse:
    access = benchmarking_for_user(request.user, org_pk, need=Need.EDIT)
    form = ConfirmForm(request.POST if request.method == "POST" else None)

    def save(data: dict) -> RecomputeCounts:
        return benchmark_targets_recompute(
            acting_user=request.user, organisation=access.organisation
        )

    return save_form_page(
        request,
        form,
        save,
        done=lambda counts: counts.summary(),
        back_url=_list_url(org_pk),
        title="Recompute the targets from benchmarks",
        caption=access.organisation.name,
        submit_label="Recompute now",
        intro="Each rule is worked out again from the figures held now. Only the targets whose "
        "figure changed are written.",
    )
