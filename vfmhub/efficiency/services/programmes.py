"""Setting up a programme: its years, targets, deadlines, categories and participating bodies."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_record_changed, save_created
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.efficiency.models import (
    EfficiencyProgramme,
    GainCategory,
    Participant,
    ReturnDeadline,
    ReturnKind,
    YearTarget,
)
from vfmhub.efficiency.services.common import (
    Version,
    check_programme_year,
    fields_saved,
    owners,
)
from vfmhub.organisations.models import Organisation, Partnership, PartnershipMember

PROGRAMME_FIELDS = [
    "name",
    "indicator_code",
    "indicator_definition",
    "baseline_year",
    "first_year",
    "last_year",
    "method",
    "description",
]
ONE_OWNER = "A programme belongs to either a partnership or a single body."
TARGET_NEGATIVE = "A yearly target cannot be negative."
UNKNOWN_KIND = "Choose forecast, mid-year or outturn."
NOT_A_MEMBER = "{organisation} is not a member of {partnership}."
NOT_THE_BODY = "Only {organisation} takes part in its own programme."
ALREADY_TAKING_PART = "{organisation} already takes part in this programme."
PARTICIPANT_HAS_RECORDS = (
    "{organisation} has gains or returns in this programme, so it cannot be taken out."
)
CARRY_FORWARD_NEGATIVE = "The carry-forward cannot be negative."
YEARS_OUT_OF_ORDER = "The last year must not be before the first year."
BASELINE_NOT_BEFORE = "The baseline year must be before the first year."
YEAR_FIELDS = ("baseline_year", "first_year", "last_year")


def _check_years(
    *, baseline_year: int | None, first_year: int | None, last_year: int | None
) -> None:
    errors = {}
    if last_year is not None and first_year is not None:
        if last_year < first_year:
            errors["last_year"] = YEARS_OUT_OF_ORDER
        if baseline_year is not None and baseline_year >= first_year:
            errors["baseline_year"] = BASELINE_NOT_BEFORE
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def programme_create(
    *,
    acting_user: User | None,
    name: str,
    first_year: int,
    last_year: int,
    baseline_year: int,
    method: str,
    partnership: Partnership | None = None,
    organisation: Organisation | None = None,
    indicator_code: str = "NI 179",
    indicator_definition: str | None = None,
    description: str = "",
) -> EfficiencyProgramme:
    if (partnership is None) == (organisation is None):
        raise ValidationError(ONE_OWNER)
    programme = EfficiencyProgramme(
        partnership=partnership,
        organisation=organisation,
        name=name.strip(),
        indicator_code=indicator_code.strip() or "NI 179",
        first_year=first_year,
        last_year=last_year,
        baseline_year=baseline_year,
        method=method,
        description=description,
        created_by=acting(acting_user),
    )
    if indicator_definition:
        programme.indicator_definition = indicator_definition.strip()
    _check_years(baseline_year=baseline_year, first_year=first_year, last_year=last_year)
    return save_created(
        programme,
        acting_user=acting_user,
        action="efficiency.programme.create",
        fields=PROGRAMME_FIELDS,
    )


@transaction.atomic
def programme_update(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    expected_updated_at: Version = None,
    **fields: Any,
) -> EfficiencyProgramme:
    programme = lock_unchanged(programme, expected_updated_at)
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    years = {name: fields.get(name, getattr(programme, name)) for name in YEAR_FIELDS}
    _check_years(**years)
    before = fields_saved(programme, fields)
    audit_record_changed(
        acting_user=acting_user, action="efficiency.programme.update", obj=programme, before=before
    )
    return programme


@transaction.atomic
def programme_set_targets(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    percents: dict[int, Decimal | None],
    expected_updated_at: Version = None,
) -> list[YearTarget]:
    """Set the yearly target percentages (3, 3, 3.4 in seed 003); a None clears a year.

    The targets are versioned by their programme's `updated_at`, which a change moves on.
    """
    programme = lock_unchanged(programme, expected_updated_at)
    before = {str(t.year): t.percent for t in programme.year_targets.all()}
    for year, percent in percents.items():
        check_programme_year(programme, int(year))
        if percent is None:
            continue
        if Decimal(percent) < 0:
            raise ValidationError({f"target_{year}": TARGET_NEGATIVE})
    for year, percent in percents.items():
        if percent is None:
            YearTarget.objects.filter(programme=programme, year=year).delete()
            continue
        target = YearTarget.objects.filter(programme=programme, year=year).first() or YearTarget(
            programme=programme, year=year
        )
        target.percent = Decimal(percent)
        target.full_clean()
        target.save()
    programme.save(update_fields=["updated_at"])
    targets = list(programme.year_targets.order_by("year"))
    after = {str(t.year): t.percent for t in targets}
    audit_record_changed(
        acting_user=acting_user,
        action="efficiency.programme.targets",
        obj=programme,
        before=before,
        after=after,
    )
    return targets


@transaction.atomic
def programme_set_deadline(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    year: int,
    kind: str,
    due_on: datetime.date | None,
) -> ReturnDeadline | None:
    """Set (or, with no date, clear) when a year's return of one kind is due."""
    check_programme_year(programme, year)
    if kind not in ReturnKind.values:
        raise ValidationError({"kind": UNKNOWN_KIND})
    deadline = ReturnDeadline.objects.filter(programme=programme, year=year, kind=kind).first()
    old = deadline.due_on if deadline else None
    if due_on is None:
        if deadline is not None:
            deadline.delete()
        deadline = None
    else:
        deadline = deadline or ReturnDeadline(programme=programme, year=year, kind=kind)
        deadline.due_on = due_on
        deadline.full_clean()
        deadline.save()
    key = f"{kind} {year}"
    audit_record_changed(
        acting_user=acting_user,
        action="efficiency.deadline.set",
        obj=programme,
        before={key: old},
        after={key: due_on},
    )
    return deadline


@transaction.atomic
def programme_set_deadlines(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    deadlines: Iterable[tuple[int, str, datetime.date | None]],
) -> None:
    """Set each (year, kind, date) deadline at once; a blank date clears one."""
    for year, kind, due_on in deadlines:
        programme_set_deadline(
            acting_user=acting_user, programme=programme, year=year, kind=kind, due_on=due_on
        )


def _check_can_take_part(programme: EfficiencyProgramme, organisation: Organisation) -> None:
    if programme.organisation_id is not None:
        if organisation.pk != programme.organisation_id:
            raise ValidationError(
                {"organisation": NOT_THE_BODY.format(organisation=programme.organisation)}
            )
        return
    if not PartnershipMember.objects.filter(
        partnership=programme.partnership, organisation=organisation
    ).exists():
        raise ValidationError(
            {
                "organisation": NOT_A_MEMBER.format(
                    organisation=organisation.name, partnership=programme.partnership
                )
            }
        )


@transaction.atomic
def participant_add(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    organisation: Organisation,
    carry_forward: Decimal = Decimal(0),
    carry_forward_source: str = "",
) -> Participant:
    _check_can_take_part(programme, organisation)
    if Participant.objects.filter(programme=programme, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": ALREADY_TAKING_PART.format(organisation=organisation.name)}
        )
    if carry_forward is None or Decimal(carry_forward) < 0:
        raise ValidationError({"carry_forward": CARRY_FORWARD_NEGATIVE})
    participant = Participant(
        programme=programme,
        organisation=organisation,
        carry_forward=carry_forward,
        carry_forward_source=carry_forward_source.strip(),
    )
    return save_created(
        participant,
        acting_user=acting_user,
        action="efficiency.participant.add",
        fields=["organisation", "carry_forward", "carry_forward_source"],
        **owners(programme, organisation.pk),
    )


@transaction.atomic
def participant_update(
    *,
    acting_user: User | None,
    participant: Participant,
    carry_forward: Decimal,
    carry_forward_source: str = "",
    expected_updated_at: Version = None,
) -> Participant:
    """Change a body's SR04 carry-forward."""
    participant = lock_unchanged(participant, expected_updated_at)
    if carry_forward is None or Decimal(carry_forward) < 0:
        raise ValidationError({"carry_forward": CARRY_FORWARD_NEGATIVE})
    values = {"carry_forward": carry_forward, "carry_forward_source": carry_forward_source}
    before = fields_saved(participant, values)
    filed = owners(participant.programme, participant.organisation_id)
    action = "efficiency.participant.update"
    audit_record_changed(
        acting_user=acting_user, action=action, obj=participant, before=before, **filed
    )
    return participant


@transaction.atomic
def participant_remove(*, acting_user: User | None, participant: Participant) -> None:
    """Take a body out of a programme; refused once it has gains or returns."""
    programme = participant.programme
    organisation = participant.organisation
    has_records = (
        programme.gains.filter(organisation=organisation).exists()
        or programme.returns.filter(organisation=organisation).exists()
    )
    if has_records:
        raise ValidationError(PARTICIPANT_HAS_RECORDS.format(organisation=organisation.name))
    audit_record_changed(
        acting_user=acting_user,
        action="efficiency.participant.remove",
        obj=programme,
        before={"participant": organisation.name},
        after={"participant": None},
        **owners(programme, organisation.pk),
    )
    participant.delete()


@transaction.atomic
def participants_set(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    organisations: Iterable[Organisation],
) -> None:
    """Make `organisations` the bodies taking part: add the new ones, take out the others."""
    current = {p.organisation_id: p for p in programme.participants.select_related("organisation")}
    chosen = list(organisations)
    for organisation in chosen:
        if organisation.pk not in current:
            participant_add(acting_user=acting_user, programme=programme, organisation=organisation)
    chosen_ids = {o.pk for o in chosen}
    others = _other_body_ids(programme)  # not on this page: they join and leave on their own
    for organisation_id, participant in current.items():
        if organisation_id not in chosen_ids and organisation_id not in others:
            participant_remove(acting_user=acting_user, participant=participant)


def _other_body_ids(programme: EfficiencyProgramme) -> set[int]:
    """Participants from outside the partnership (police, health bodies) that joined as other
    bodies."""
    if programme.partnership_id is None:
        return set()
    members = PartnershipMember.objects.filter(partnership_id=programme.partnership_id)
    return set(
        programme.participants.exclude(
            organisation_id__in=members.values("organisation_id")
        ).values_list("organisation_id", flat=True)
    )


@transaction.atomic
def category_add(
    *, acting_user: User | None, programme: EfficiencyProgramme, name: str
) -> GainCategory:
    category = GainCategory(programme=programme, name=name.strip())
    return save_created(
        category,
        acting_user=acting_user,
        action="efficiency.category.add",
        fields=["name"],
        **owners(programme),
    )
