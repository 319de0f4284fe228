"""Writing a partnership's projects. Only the partnership's managers reach these (the views and
the API check); each write is checked, saved atomically and audited under the partnership.

Funding lines and milestones can be corrected and removed (each audited with the old values);
updates are append-only: there is no service that changes or deletes one.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.audit.services import audit_record, audit_record_created, changes_between, snapshot
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.efficiency.models import Gain
from vfmhub.lib import clock
from vfmhub.organisations.models import Organisation, PartnershipMember
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


def _filed(project: Project) -> dict:
    return {"partnership_id": project.partnership_id}


def _actor(acting_user):
    return acting_user if getattr(acting_user, "pk", None) else None


def _check_fields(changes: dict, allowed: list[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")


def _audit_removal(acting_user, action: str, obj, fields: list[str], project: Project) -> None:
    """Record the values a removed row had, before it goes (the audit row keeps its id)."""
    audit_record(
        acting_user=acting_user,
        action=action,
        obj=obj,
        changes={k: [v, None] for k, v in snapshot(obj, fields).items()},
        **_filed(project),
    )


def _check_members(partnership, organisations, field: str) -> None:
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
    acting_user,
    partnership,
    name: str,
    lead_organisation: Organisation,
    kind: str = "shared_service",
    description: str = "",
    stage: str = "idea",
    expected_annual_savings: Decimal = Decimal(0),
    partners: list[Organisation] | tuple = (),
) -> Project:
    partners = list(partners)
    _check_members(partnership, [lead_organisation], "lead_organisation")
    _check_members(partnership, partners, "partners")
    project = Project(
        partnership=partnership,
        name=name,
        lead_organisation=lead_organisation,
        kind=kind,
        description=description,
        stage=stage,
        expected_annual_savings=expected_annual_savings,
        created_by=_actor(acting_user),
    )
    _check_name(project)
    project.full_clean(exclude=["partnership"], validate_unique=False)
    project.save()
    project.partners.set(partners)
    ProjectStageChange.objects.create(
        project=project, from_stage="", to_stage=stage, changed_by=_actor(acting_user)
    )
    audit_record_created(
        acting_user=acting_user,
        action="project.create",
        obj=project,
        fields=PROJECT_FIELDS,
        **_filed(project),
    )
    return project


@transaction.atomic
def project_edit(
    *,
    acting_user,
    project: Project,
    expected_updated_at: datetime.datetime | None = None,
    partners: list[Organisation] | None = None,
    **fields,
) -> Project:
    """Change a project's details; a new stage is added to its stage history."""
    project = lock_unchanged(project, expected_updated_at, "partnership")
    _check_fields(fields, [f.removesuffix("_id") for f in PROJECT_FIELDS])
    before = snapshot(project, PROJECT_FIELDS)
    before_partners = sorted(project.partners.values_list("pk", flat=True))
    old_stage = project.stage
    for name, value in fields.items():
        setattr(project, name, value)
    if "lead_organisation" in fields:
        _check_members(project.partnership, [project.lead_organisation], "lead_organisation")
    if partners is not None:
        _check_members(project.partnership, list(partners), "partners")
    _check_name(project)
    project.full_clean(exclude=["partnership"], validate_unique=False)
    project.save()
    after = snapshot(project, PROJECT_FIELDS)
    if partners is not None:
        project.partners.set(partners)
        after_partners = sorted(o.pk for o in partners)
        if after_partners != before_partners:
            before["partners"], after["partners"] = before_partners, after_partners
    if project.stage != old_stage:
        ProjectStageChange.objects.create(
            project=project,
            from_stage=old_stage,
            to_stage=project.stage,
            changed_by=_actor(acting_user),
        )
    changes = changes_between(before, after)
    if changes:
        audit_record(
            acting_user=acting_user,
            action="project.edit",
            obj=project,
            changes=changes,
            **_filed(project),
        )
    return project


@transaction.atomic
def project_update_add(
    *, acting_user, project: Project, rag: str, text: str, date: datetime.date | None = None
) -> ProjectUpdate:
    """Add a dated RAG update. The latest update (by date) gives the project's RAG."""
    update = ProjectUpdate(
        project=project,
        date=date or clock.today(),
        rag=rag,
        text=text,
        author=_actor(acting_user),
    )
    update.full_clean()
    update.save()
    audit_record_created(
        acting_user=acting_user,
        action="project_update.add",
        obj=update,
        fields=["date", "rag", "text"],
        **_filed(project),
    )
    return update


@transaction.atomic
def project_milestone_add(
    *,
    acting_user,
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
    milestone.full_clean()
    milestone.save()
    audit_record_created(
        acting_user=acting_user,
        action="project_milestone.add",
        obj=milestone,
        fields=MILESTONE_FIELDS,
        **_filed(project),
    )
    return milestone


@transaction.atomic
def project_milestone_set_status(
    *,
    acting_user,
    milestone: ProjectMilestone,
    status: str,
    completed_on: datetime.date | None = None,
    expected_updated_at=None,
) -> ProjectMilestone:
    """Move a milestone on; done needs a completion date (today unless given)."""
    milestone = lock_unchanged(milestone, expected_updated_at, "project")
    before = snapshot(milestone, ["status", "completed_on"])
    milestone.status = status
    if status == MilestoneStatus.DONE:
        milestone.completed_on = completed_on or milestone.completed_on or clock.today()
    else:
        milestone.completed_on = None
    milestone.full_clean()
    milestone.save()
    changes = changes_between(before, snapshot(milestone, ["status", "completed_on"]))
    if changes:
        audit_record(
            acting_user=acting_user,
            action="project_milestone.status",
            obj=milestone,
            changes=changes,
            **_filed(milestone.project),
        )
    return milestone


@transaction.atomic
def project_milestone_edit(
    *,
    acting_user,
    milestone: ProjectMilestone,
    expected_updated_at: datetime.datetime | None = None,
    **changes,
) -> ProjectMilestone:
    """Correct a milestone's title, due date, status or completion date.

    Done needs a completion date: the one given, else the one it had, else today. Any other
    status has none, and a completion date sent with one is refused rather than dropped.
    """
    milestone = lock_unchanged(milestone, expected_updated_at, "project")
    _check_fields(changes, MILESTONE_FIELDS)
    before = snapshot(milestone, MILESTONE_FIELDS)
    completed_on = changes.pop("completed_on", None)
    for name, value in changes.items():
        setattr(milestone, name, value)
    if milestone.status == MilestoneStatus.DONE:
        milestone.completed_on = completed_on or milestone.completed_on or clock.today()
    elif completed_on is not None:
        raise ValidationError({"completed_on": COMPLETED_ONLY_WHEN_DONE})
    else:
        milestone.completed_on = None
    milestone.full_clean()
    milestone.save()
    changed = changes_between(before, snapshot(milestone, MILESTONE_FIELDS))
    if changed:
        audit_record(
            acting_user=acting_user,
            action="project_milestone.edit",
            obj=milestone,
            changes=changed,
            **_filed(milestone.project),
        )
    return milestone


@transaction.atomic
def project_milestone_remove(*, acting_user, milestone: ProjectMilestone) -> None:
    _audit_removal(
        acting_user, "project_milestone.remove", milestone, MILESTONE_FIELDS, milestone.project
    )
    milestone.delete()


@transaction.atomic
def project_milestone_complete(
    *,
    acting_user,
    milestone: ProjectMilestone,
    completed_on: datetime.date | None = None,
    expected_updated_at=None,
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
    *, acting_user, project: Project, source: str, amount: Decimal, allocation: str = ""
) -> ProjectFunding:
    if amount is None or Decimal(amount) < 0:
        raise ValidationError({"amount": AMOUNT_NEGATIVE})
    funding = ProjectFunding(project=project, source=source, allocation=allocation, amount=amount)
    funding.full_clean()
    funding.save()
    audit_record_created(
        acting_user=acting_user,
        action="project_funding.add",
        obj=funding,
        fields=FUNDING_FIELDS,
        **_filed(project),
    )
    return funding


@transaction.atomic
def project_funding_update(
    *, acting_user, funding: ProjectFunding, expected_updated_at=None, **changes
) -> ProjectFunding:
    """Correct a funding line's source, allocation or amount."""
    funding = lock_unchanged(funding, expected_updated_at, "project")
    _check_fields(changes, FUNDING_FIELDS)
    before = snapshot(funding, FUNDING_FIELDS)
    for name, value in changes.items():
        setattr(funding, name, value)
    if funding.amount is not None and Decimal(funding.amount) < 0:
        raise ValidationError({"amount": AMOUNT_NEGATIVE})
    funding.full_clean()
    funding.save()
    changed = changes_between(before, snapshot(funding, FUNDING_FIELDS))
    if changed:
        audit_record(
            acting_user=acting_user,
            action="project_funding.update",
            obj=funding,
            changes=changed,
            **_filed(funding.project),
        )
    return funding


@transaction.atomic
def project_funding_remove(*, acting_user, funding: ProjectFunding) -> None:
    _audit_removal(acting_user, "project_funding.remove", funding, FUNDING_FIELDS, funding.project)
    funding.delete()


def _linkable(project: Project, gain: Gain) -> bool:
    bodies = {project.lead_organisation_id, *project.partners.values_list("pk", flat=True)}
    return gain.organisation_id in bodies and (
        gain.programme.partnership_id == project.partnership_id
    )


@transaction.atomic
def project_gain_link(*, acting_user, project: Project, gain: Gain) -> None:
    if not _linkable(project, gain):
        raise ValidationError({"gain": GAIN_NOT_LINKABLE})
    project.gains.add(gain)
    audit_record(
        acting_user=acting_user,
        action="project.gain_link",
        obj=project,
        changes={"gains": [None, gain.pk]},
        **_filed(project),
    )


@transaction.atomic
def project_gain_unlink(*, acting_user, project: Project, gain: Gain) -> None:
    project.gains.remove(gain)
    audit_record(
        acting_user=acting_user,
        action="project.gain_unlink",
        obj=project,
        changes={"gains": [gain.pk, None]},
        **_filed(project),
    )
