"""Targets from benchmarks: set an indicator's target from a rule ("upper quartile of the nearest
neighbours, 2017/18 figures"), keep the rule and its source, and recompute it when the data
changes.

The target itself is the performance app's: it is written through `target_set`, so its history
is recorded there (audited with the value before and after). The performance app has no target
source for a benchmark (`TargetSource` is entered or trajectory), so a rule's target is "entered"
and its note carries the rule's citation. A target is for the indicator's last period of the
target year (the year itself for a yearly indicator), as the benchmark compares each year's last
period.

Recomputing writes only the targets whose figure changed; the others are left as they are (their
rule's "last computed" time moves on). Removing a rule keeps its target, its note saying it is no
longer kept to the rule."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from vfmhub.accounts.models import User
from vfmhub.audit.services import audit_record, audit_record_removed, save_created, snapshot
from vfmhub.benchmarking.models import BenchmarkTargetRule
from vfmhub.benchmarking.selectors.groups import body_for
from vfmhub.benchmarking.selectors.targets import BenchmarkFigure, benchmark_figure
from vfmhub.organisations.access import OrganisationAccess
from vfmhub.organisations.models import Organisation
from vfmhub.performance.calculations import Frequency, Period
from vfmhub.performance.models import Indicator, Target
from vfmhub.performance.services.values import checked_number, target_set

RULE_FIELDS = [
    "measure_token",
    "group_token",
    "statistic",
    "data_year",
    "target_year",
    "target",
    "value",
    "citation",
]
KEPT_NOTE = "Kept to a benchmark rule: {citation}"
RELEASED_NOTE = "Set from a benchmark rule, no longer kept to it since {day:%-d %B %Y}: {citation}"


def target_period(indicator: Indicator, target_year: int) -> Period:
    """The period a rule's target is for: the last of the target year at the indicator's
    frequency."""
    frequency = Frequency(indicator.frequency)
    return Period(frequency, target_year, frequency.per_year)


def _target_write(
    acting_user: User | None, rule_org: Organisation, figure: BenchmarkFigure, target_year: int
) -> Target:
    return target_set(
        acting_user=acting_user,
        indicator=figure.indicator,
        organisation=rule_org,
        period=target_period(figure.indicator, target_year),
        value=figure.value,
        note=KEPT_NOTE.format(citation=figure.citation),
    )


@transaction.atomic
def benchmark_target_set(
    *,
    acting_user: User,
    access: OrganisationAccess,
    measure_token: str,
    group_token: str,
    statistic: str,
    data_year: int,
    target_year: int,
) -> BenchmarkTargetRule:
    """Set the organisation's target for the indicator and target year from the rule, and keep
    the rule (replacing any rule for the same indicator and target year)."""
    organisation = access.organisation
    figure = benchmark_figure(
        acting_user,
        body_for(organisation),
        measure_token=measure_token,
        group_token=group_token,
        statistic=statistic,
        data_year=data_year,
    )
    try:
        target = _target_write(acting_user, organisation, figure, target_year)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "period" in exc.error_dict:
            raise ValidationError({"target_year": exc.error_dict["period"]}) from None
        raise
    values: dict[str, Any] = {
        "measure_token": measure_token,
        "group_token": group_token,
        "statistic": statistic,
        "data_year": data_year,
        "target_year": target_year,
        "target": target,
        "value": target.value,
        "citation": figure.citation,
        "computed_at": timezone.now(),
    }
    rule = (
        BenchmarkTargetRule.objects.select_for_update()
        .filter(organisation=organisation, measure_token=measure_token, target_year=target_year)
        .first()
    )
    if rule is None:
        rule = BenchmarkTargetRule(organisation=organisation, created_by=acting_user, **values)
        return save_created(
            rule, acting_user=acting_user, action="benchmarking.target_rule_set", fields=RULE_FIELDS
        )
    before = snapshot(rule, RULE_FIELDS)
    for name, value in values.items():
        setattr(rule, name, value)
    _save_changed(acting_user, rule, before, "benchmarking.target_rule_changed")
    return rule


def _save_changed(
    acting_user: User | None, rule: BenchmarkTargetRule, before: dict[str, Any], action: str
) -> None:
    rule.full_clean()
    rule.save()
    after = snapshot(rule, RULE_FIELDS)
    changes = {k: [v, after[k]] for k, v in before.items() if after[k] != v}
    if changes:
        audit_record(acting_user=acting_user, action=action, obj=rule, changes=changes)


@transaction.atomic
def benchmark_target_rule_remove(*, acting_user: User, rule: BenchmarkTargetRule) -> None:
    """Stop keeping the target to the rule: the rule goes, the target stays, its note saying
    since when it is no longer kept to the rule (through the performance app's service, so
    the change is in the target's history)."""
    target = rule.target
    if target is not None:
        target_set(
            acting_user=acting_user,
            indicator=target.indicator,
            organisation=target.organisation,
            period=target.period,
            value=target.value,
            note=RELEASED_NOTE.format(day=timezone.localdate(), citation=rule.citation),
        )
    audit_record_removed(
        acting_user=acting_user,
        action="benchmarking.target_rule_removed",
        obj=rule,
        fields=RULE_FIELDS,
    )
    rule.delete()


@dataclass
class RecomputeCounts:
    """What a recompute did: rules read, targets changed, left as they were, and rules that
    could not be worked out now (each with its reason; their targets are left alone)."""

    rules: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rules": self.rules,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "problems": self.problems,
        }

    def summary(self) -> str:
        if not self.rules:
            return "Targets from benchmarks: no rules to recompute."
        text = (
            f"Targets from benchmarks: {self.rules} rule(s) recomputed, {self.changed} target(s) "
            f"changed, {self.unchanged} unchanged"
        )
        if self.failed:
            text += f", {self.failed} could not be worked out (their targets are left as they were)"
        return text + "."


def _problem_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return "its indicator or group no longer exists, or may no longer be used"


def _recompute_one(acting_user: User | None, rule: BenchmarkTargetRule, body_cache: dict) -> bool:
    """True when the target changed."""
    organisation = rule.organisation
    if organisation.pk not in body_cache:
        body_cache[organisation.pk] = body_for(organisation)
    figure = benchmark_figure(
        rule.created_by or acting_user,
        body_cache[organisation.pk],
        measure_token=rule.measure_token,
        group_token=rule.group_token,
        statistic=rule.statistic,
        data_year=rule.data_year,
    )
    value = checked_number(figure.indicator, figure.value)
    target = rule.target
    if target is not None and target.value == value and rule.value == value:
        rule.computed_at, rule.citation = timezone.now(), figure.citation
        rule.save(update_fields=["computed_at", "citation", "updated_at"])
        return False
    before = snapshot(rule, RULE_FIELDS)
    target = _target_write(acting_user, organisation, figure, rule.target_year)
    rule.target, rule.value, rule.citation = target, target.value, figure.citation
    rule.computed_at = timezone.now()
    _save_changed(acting_user, rule, before, "benchmarking.target_rule_recomputed")
    return True


def benchmark_targets_recompute(
    *, acting_user: User | None, organisation: Organisation | None = None
) -> RecomputeCounts:
    """Recompute every rule (or one organisation's), each in its own transaction: a rule that
    cannot be worked out now (too few figures, its group gone) is counted and left alone."""
    rules = BenchmarkTargetRule.objects.select_related(
        "organisation", "created_by", "target"
    ).order_by("pk")
    if organisation is not None:
        rules = rules.filter(organisation=organisation)
    counts = RecomputeCounts()
    bodies: dict[int, Any] = {}
    for rule in rules:
        counts.rules += 1
        try:
            with transaction.atomic():
                changed = _recompute_one(acting_user, rule, bodies)
        except (ValidationError, Http404) as exc:
            counts.failed += 1
            counts.problems.append(
                f"{rule.organisation.name}, {rule.measure_token} for {rule.target_year}: "
                f"{_problem_text(exc)}"
            )
            continue
        if changed:
            counts.changed += 1
        else:
            counts.unchanged += 1
    return counts
