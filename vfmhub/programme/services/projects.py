"""Writing a partnership's projects. Only the partnership's managers reach these (the views and
the API check); each write is checked, saved atomically and audited under the partnership.

Funding lines and milestones can be corrected and removed (each audited with the old values);
updates are append-only: there is no service that changes or deletes one.
"""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import (
    acting,
    audit_record,
    audit_record_changed,
    audit_record_created,
    audit_record_removed,
    save_changed,
    save_created,
    snapshot,
)
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.efficiency.models import Gain
from vfmhub.lib import clock
from vfmhub.organisations.models import Organisation, Partnership, PartnershipMember
from vfmhub.programme.models import (
    MilestoneStatus,
    Project,
    ProjectFunding,
    ProjectMilestone,
    ProjectStageChange,
    ProjectUpdate,
)

PROJECT_FIELDS = [
    "name",
    "description",
    "kind",
    "lead_organisation_id",
    "stage",
    "expected_annual_savings",
]
NOT_A_MEMBER = "{organisation} is not a member of this partnership."
NAME_TAKEN = "The partnership already has a project with this name."
GAIN_NOT_LINKABLE = (
    "Choose a gain of one of the project's bodies in this partnership's efficiency programmes."
)
FUNDING_FIELDS = ["source", "allocation", "amount"]
MILESTONE_FIELDS = ["title", "due_on", "status", "completed_on"]
ALREADY_DONE = "This milestone is already done."
AMOUNT_NEGATIVE = "Enter an amount of £0 or more."
COMPLETED_ONLY_WHEN_DONE = "Leave the completion date empty unless the milestone is done."
Stamp = datetime.datetime | str | None


def _check_fields(changes: dict[str, Any], allowed: list[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")


def _check_members(partnership: Partnership, organisations: list[Organisation], field: str) -> None:
    ids = {o.pk for o in organisations}
    members = set(
        PartnershipMember.objects.filter(
            partnership=partnership, organisation_id__in=ids
        ).values_list("organisation_id", flat=True)
    )
    missing = [o for o in organisations if o.pk not in members]
    if missing:
        raise ValidationError({field: NOT_A_MEMBER.format(organisation=missing[0].name)})


def _check_name(project: Project) -> None:
    taken = Project.objects.filter(partnership_id=project.partnership_id, name=project.name)
    if project.pk:
        taken = taken.exclude(pk=project.pk)
    if taken.exists():
        raise ValidationError({"name": NAME_TAKEN})


@transaction.atomic
def project_create(
    *,
    acting_user: User | None,
    partnership: Partnership,
    name: str,
    lead_organisation: Organisation,
    kind: str = "shared_service",
    description: str = "",
    stage: str = "idea",
    expected_annual_savings: Decimal = Decimal(0),
    partners: Iterable[Organisation] = (),
) -> Project:
    bodies = list(partners)
    _check_members(partnership, [lead_organisation], "lead_organisation")
    _check_members(partnership, bodies, "partners")
    project = Project(
        partnership=partnership,
        name=name,
        lead_organisation=lead_organisation,
        kind=kind,
        description=description,
        stage=stage,
        expected_annual_savings=expected_annual_savings,
        created_by=acting(acting_user),
    )
    _check_name(project)
    project.full_clean(exclude=["partnership"], validate_unique=False)
    project.save()
    project.partners.set(bodies)
    ProjectStageChange.objects.create(
        project=project, from_stage="", to_stage=stage, changed_by=acting(acting_user)
    )
    audit_record_created(
        acting_user=acting_user,
        action="project.create",
        obj=project,
        fields=PROJECT_FIELDS,
        partnership_id=project.partnership_id,
    )
    return project


@transaction.atomic
def project_edit(
    *,
    acting_user: User | None,
    project: Project,
    expected_updated_at: Stamp = None,
    partners: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Project:
    """Change a project's details; a new stage is added to its stage history."""
    project = lock_unchanged(project, expected_updated_at, "partnership")
    _check_fields(fields, [f.removesuffix("_id") for f in PROJECT_FIELDS])
    before = snapshot(project, PROJECT_FIELDS)
    before_partners = sorted(project.partners.values_list("pk", flat=True))
    old_stage = project.stage
    bodies = None if partners is None else list(partners)
    for name, value in fields.items():
        setattr(project, name, value)
    if "lead_organisation" in fields:
        _check_members(project.partnership, [project.lead_organisation], "lead_organisation")
    if bodies is not None:
        _check_members(project.partnership, bodies, "partners")
    _check_name(project)
    project.full_clean(exclude=["partnership"], validate_unique=False)
    project.save()
    after = snapshot(project, PROJECT_FIELDS)
    if bodies is not None:
        project.partners.set(bodies)
        after_partners = sorted(o.pk for o in bodies)
        if after_partners != before_partners:
            before["partners"], after["partners"] = before_partners, after_partners
    if project.stage != old_stage:
        ProjectStageChange.objects.create(
            project=project,
            from_stage=old_stage,
            to_stage=project.stage,
            changed_by=acting(acting_user),
        )
    audit_record_changed(
        acting_user=acting_user,
        action="project.edit",
        obj=project,
        before=before,
        after=after,
        partnership_id=project.partnership_id,
    )
    return project


def _dated(milestone: ProjectMilestone, completed_on: datetime.date | None) -> None:
    """Done needs a completion date: the one given, else the one it had, else today. Any other
    status has none."""
    if milestone.status == MilestoneStatus.DONE:
        milestone.completed_on = completed_on or milestone.completed_on or clock.today()
    else:
        milestone.completed_on = None


ProjectRecord = TypeVar("ProjectRecord", ProjectMilestone, ProjectFunding)


def _corrected(
    record: ProjectRecord,
    expected_updated_at: Stamp,
    changes: dict[str, Any],
    *,
    fields: list[str],
    check: Callable[[ProjectRecord], None],
    acting_user: User | None,
    action: str,
) -> ProjectRecord:
    """A project's milestone or funding line locked as of the version the caller read, `changes`
    set and passed by `check`, saved and its changes recorded under the partnership."""
    _check_fields(changes, fields)
    record = lock_unchanged(record, expected_updated_at, "project")
    before = snapshot(record, fields)
    for name, value in changes.items():
        setattr(record, name, value)
    check(record)
    return save_changed(
        record,
        before,
        acting_user=acting_user,
        action=action,
        partnership_id=record.project.partnership_id,
    )


def _removed(
    record: ProjectMilestone | ProjectFunding,
    *,
    acting_user: User | None,
    action: str,
    fields: list[str],
) -> None:
    """Record the values a project's milestone or funding line had, then remove it."""
    audit_record_removed(
        acting_user=acting_user,
        action=action,
        obj=record,
        fields=fields,
        partnership_id=record.project.partnership_id,
    )
    record.delete()


@transaction.atomic
def project_update_add(
    *,
    acting_user: User | None,
    project: Project,
    rag: str,
    text: str,
    date: datetime.date | None = None,
) -> ProjectUpdate:
    """Add a dated RAG update. The latest update (by date) gives the project's RAG."""
    update = ProjectUpdate(
        project=project,
        date=date or clock.today(),
        rag=rag,
        text=text,
        author=acting(acting_user),
    )
    return save_created(
        update,
        acting_user=acting_user,
        action="project_update.add",
        fields=["date", "rag", "text"],
        partnership_id=project.partnership_id,
    )


@transaction.atomic
def project_milestone_add(
    *,
    acting_user: User | None,
    project: Project,
    title: str,
    due_on: datetime.date,
    status: str = MilestoneStatus.NOT_STARTED,
    completed_on: datetime.date | None = None,
) -> ProjectMilestone:
    if status == MilestoneStatus.DONE and completed_on is None:
        completed_on = clock.today()
    milestone = ProjectMilestone(
        project=project, title=title, due_on=due_on, status=status, completed_on=completed_on
    )
    return save_created(
        milestone,
        acting_user=acting_user,
        action="project_milestone.add",
        fields=MILESTONE_FIELDS,
        partnership_id=project.partnership_id,
    )


@transaction.atomic
def project_milestone_set_status(
    *,
    acting_user: User | None,
    milestone: ProjectMilestone,
    status: str,
    completed_on: datetime.date | None = None,
    expected_updated_at: Stamp = None,
) -> ProjectMilestone:
    """Move a milestone on; done needs a completion date (today unless given)."""
    milestone = lock_unchanged(milestone, expected_updated_at, "project")
    before = snapshot(milestone, ["status", "completed_on"])
    milestone.status = status
    _dated(milestone, completed_on)
    return save_changed(
        milestone,
        before,
        acting_user=acting_user,
        action="project_milestone.status",
        partnership_id=milestone.project.partnership_id,
    )


@transaction.atomic
def project_milestone_edit(
    *,
    acting_user: User | None,
    milestone: ProjectMilestone,
    expected_updated_at: Stamp = None,
    **changes: Any,
) -> ProjectMilestone:
    """Correct a milestone's title, due date, status or completion date.

    Done needs a completion date: the one given, else the one it had, else today. Any other
    status has none, and a completion date sent with one is refused rather than dropped.
    """
    completed_on = changes.pop("completed_on", None)

    def check(corrected: ProjectMilestone) -> None:
        if corrected.status != MilestoneStatus.DONE and completed_on is not None:
            raise ValidationError({"completed_on": COMPLETED_ONLY_WHEN_DONE})
        _dated(corrected, completed_on)

    return _corrected(
        milestone,
        expected_updated_at,
        changes,
        fields=MILESTONE_FIELDS,
        check=check,
        acting_user=acting_user,
        action="project_milestone.edit",
    )


@transaction.atomic
def project_milestone_remove(*, acting_user: User | None, milestone: ProjectMilestone) -> None:
    action = "project_milestone.remove"
    _removed(milestone, acting_user=acting_user, action=action, fields=MILESTONE_FIELDS)


@transaction.atomic
def project_milestone_complete(
    *,
    acting_user: User | None,
    milestone: ProjectMilestone,
    completed_on: datetime.date | None = None,
    expected_updated_at: Stamp = None,
) -> ProjectMilestone:
    milestone = lock_unchanged(milestone, expected_updated_at, "project")
    if milestone.status == MilestoneStatus.DONE:
        raise ValidationError({"status": ALREADY_DONE})
    return project_milestone_set_status(
        acting_user=acting_user,
        milestone=milestone,
        status=MilestoneStatus.DONE,
        completed_on=completed_on,
    )


@transaction.atomic
def project_funding_add(
    *,
    acting_user: User | None,
    project: Project,
    source: str,
    amount: Decimal | int,
    allocation: str = "",
) -> ProjectFunding:
    if amount is None or Decimal(amount) < 0:
        raise ValidationError({"amount": AMOUNT_NEGATIVE})
    funding = ProjectFunding(project=project, source=source, allocation=allocation, amount=amount)
    return save_created(
        funding,
        acting_user=acting_user,
        action="project_funding.add",
        fields=FUNDING_FIELDS,
        partnership_id=project.partnership_id,
    )


@transaction.atomic
def project_funding_update(
    *,
    acting_user: User | None,
    funding: ProjectFunding,
    expected_updated_at: Stamp = None,
    **changes: Any,
) -> ProjectFunding:
    """Correct a funding line's source, allocation or amount."""

    def check(corrected: ProjectFunding) -> None:
        if corrected.amount is not None and Decimal(corrected.amount) < 0:
            raise ValidationError({"amount": AMOUNT_NEGATIVE})

    return _corrected(
        funding,
        expected_updated_at,
        changes,
        fields=FUNDING_FIELDS,
        check=check,
        acting_user=acting_user,
        action="project_funding.update",
    )


@transaction.atomic
def project_funding_remove(*, acting_user: User | None, funding: ProjectFunding) -> None:
    _removed(
        funding, acting_user=acting_user, action="project_funding.remove", fields=FUNDING_FIELDS
    )


def _linkable(project: Project, gain: Gain) -> bool:
    bodies = {project.lead_organisation_id, *project.partners.values_list("pk", flat=True)}
    return gain.organisation_id in bodies and (
        gain.programme.partnership_id == project.partnership_id
    )


@transaction.atomic
def project_gain_link(*, acting_user: User | None, project: Project, gain: Gain) -> None:
    if not _linkable(project, gain):
        raise ValidationError({"gain": GAIN_NOT_LINKABLE})
    project.gains.add(gain)
    audit_record(
        acting_user=acting_user,
        action="project.gain_link",
        obj=project,
        changes={"gains": [None, gain.pk]},
        partnership_id=project.partnership_id,
    )


@transaction.atomic
def project_gain_unlink(*, acting_user: User | None, project: Project, gain: Gain) -> None:
    project.gains.remove(gain)
    audit_record(
        acting_user=acting_user,
        action="project.gain_unlink",
        obj=project,
        changes={"gains": [gain.pk, None]},
        partnership_id=project.partnership_id,
    )
