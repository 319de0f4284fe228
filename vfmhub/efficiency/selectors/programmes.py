"""Programmes: the lists of a partnership's and a body's, one programme's targets (yearly and
cumulative), participants, deadlines and categories, and the reminders sent for it."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from vfmhub.efficiency import calculations
from vfmhub.efficiency.access import ProgrammeAccess
from vfmhub.efficiency.models import (
    Baseline,
    BaselineKind,
    EfficiencyProgramme,
    GainCategory,
    Participant,
    ReturnChase,
    ReturnDeadline,
    YearTarget,
)
from vfmhub.organisations.models import Organisation, Partnership

PAGE_ORDER = ("-first_year", "name")
ID_ORDER = ("-first_year", "pk")  # stable pages for the API's paginated lists
CHASES_SHOWN = 200


def programmes_for_partnership(
    partnership: Partnership, *, ordering: Sequence[str] = PAGE_ORDER
) -> QuerySet[EfficiencyProgramme]:
    return EfficiencyProgramme.objects.filter(partnership=partnership).order_by(*ordering)


def programmes_for_organisation(
    organisation: Organisation, *, ordering: Sequence[str] = PAGE_ORDER
) -> QuerySet[EfficiencyProgramme]:
    return (
        EfficiencyProgramme.objects.filter(participants__organisation=organisation)
        .select_related("partnership", "organisation")
        .order_by(*ordering)
    )


def baseline_amount(baselines: Sequence[Baseline]) -> Decimal | None:
    """The baseline targets are set against: the whole-body one, else fire plus non-fire."""
    by_kind = {b.kind: b.amount for b in baselines}
    if BaselineKind.TOTAL in by_kind:
        return by_kind[BaselineKind.TOTAL]
    parts = [v for k, v in by_kind.items() if k != BaselineKind.TOTAL]
    return sum(parts, Decimal(0)) if parts else None


def cumulative_targets(
    programme: EfficiencyProgramme, targets: Sequence[YearTarget]
) -> dict[int, Decimal]:
    """Year → unrounded cumulative target percent, for the years with a target set."""
    by_year = {t.year: t.percent for t in targets}
    years = [y for y in programme.years if y in by_year]
    percents = calculations.cumulative_target_percents(
        [by_year[y] for y in years], programme.method
    )
    return dict(zip(years, percents, strict=True))


def targets_with_cumulative(
    programme: EfficiencyProgramme,
) -> list[tuple[YearTarget, Decimal | None]]:
    """Each yearly target with the cumulative target it makes, unrounded (one query)."""
    targets = list(YearTarget.objects.filter(programme=programme).order_by("year"))
    cumulative = cumulative_targets(programme, targets)
    return [(t, cumulative.get(t.year)) for t in targets]


def participants_seen(
    programme: EfficiencyProgramme, access: ProgrammeAccess
) -> QuerySet[Participant]:
    """The bodies taking part that the user sees: all for the partnership's roles and staff,
    otherwise the user's own."""
    participants = Participant.objects.filter(programme=programme).select_related("organisation")
    if not access.sees_every_body:
        participants = participants.filter(organisation_id__in=access.own_organisation_ids)
    return participants


def programme_categories(programme: EfficiencyProgramme) -> QuerySet[GainCategory]:
    return GainCategory.objects.filter(programme=programme)


def programme_page(programme: EfficiencyProgramme, access: ProgrammeAccess) -> dict[str, Any]:
    """What the programme's page shows: targets, deadlines, the bodies and the categories."""
    return {
        "targets": targets_with_cumulative(programme),
        "deadlines": ReturnDeadline.objects.filter(programme=programme),
        "participants": participants_seen(programme, access),
        "categories": programme_categories(programme),
    }


@dataclass
class ProgrammeDetail:
    """A programme as the API gives it: its own fields, then its targets (yearly and cumulative),
    deadlines, participants with their baselines, and categories."""

    programme: EfficiencyProgramme
    targets: list[dict[str, Any]]
    deadlines: list[ReturnDeadline]
    participants: list[dict[str, Any]]
    categories: list[dict[str, Any]]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.programme, name)


def _participant_detail(participant: Participant, baselines: list[Baseline]) -> dict[str, Any]:
    return {
        "organisation_id": participant.organisation_id,
        "name": participant.organisation.name,
        "body_type": participant.organisation.body_type,
        "carry_forward": participant.carry_forward,
        "carry_forward_source": participant.carry_forward_source,
        "baselines": baselines,
        "baseline_total": baseline_amount(baselines),
    }


def programme_detail(programme: EfficiencyProgramme) -> ProgrammeDetail:
    """The programme with its targets, deadlines, participants and baselines (five queries)."""
    baselines: dict[int, list[Baseline]] = defaultdict(list)
    for baseline in Baseline.objects.filter(programme=programme).order_by("kind"):
        baselines[baseline.organisation_id].append(baseline)
    participants = Participant.objects.filter(programme=programme).select_related("organisation")
    categories = GainCategory.objects.filter(programme=programme).values_list("pk", "name")
    return ProgrammeDetail(
        programme=programme,
        targets=[
            {
                "year": target.year,
                "percent": target.percent,
                "cumulative_percent": calculations.round_percent(Decimal(cumulative or 0)),
            }
            for target, cumulative in targets_with_cumulative(programme)
        ],
        deadlines=list(ReturnDeadline.objects.filter(programme=programme)),
        participants=[_participant_detail(p, baselines[p.organisation_id]) for p in participants],
        categories=[{"id": pk, "name": name} for pk, name in categories],
    )


def eligible_organisations(programme: EfficiencyProgramme) -> QuerySet[Organisation]:
    """The bodies that may take part: the programme's own body, or the partnership's members."""
    if programme.partnership_id is None:
        return Organisation.objects.filter(own_efficiency_programmes=programme)
    return (
        Organisation.objects.filter(
            partnership_memberships__partnership_id=programme.partnership_id
        )
        .order_by("name")
        .distinct()
    )


def participant_ids(programme: EfficiencyProgramme) -> list[int]:
    return list(programme.participants.values_list("organisation_id", flat=True))


def chases_sent(programme: EfficiencyProgramme) -> list[ReturnChase]:
    """The latest reminders sent for the programme's returns, newest first."""
    chases = ReturnChase.objects.filter(programme=programme).select_related(
        "organisation", "sent_by"
    )
    return list(chases[:CHASES_SHOWN])
