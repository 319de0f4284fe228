"""Partnership programme: shared-service and efficiency projects (seed 003 §10 to §12).

A project belongs to a partnership, has a lead body and partner bodies (members of the
partnership), funding lines, milestones and a stage with its history. Its RAG is the RAG of its
latest dated update; updates are append-only (a correction is a new update). Expected annual
savings are set against the efficiency gains that realise them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vfmhub.organisations.models import Organisation, Partnership

SAVINGS_NEGATIVE = "Enter an amount of £0 or more."

__all__ = [
    "MilestoneStatus",
    "Project",
    "ProjectFunding",
    "ProjectKind",
    "ProjectMilestone",
    "ProjectStage",
    "ProjectStageChange",
    "ProjectUpdate",
    "Rag",
]


class ProjectKind(models.TextChoices):
    SHARED_SERVICE = "shared_service", "Shared service"
    EFFICIENCY = "efficiency", "Efficiency"


class ProjectStage(models.TextChoices):
    IDEA = "idea", "Idea"
    FEASIBILITY = "feasibility", "Feasibility"
    BUSINESS_CASE = "business_case", "Business case"
    IMPLEMENTATION = "implementation", "Implementation"
    LIVE = "live", "Live"
    CLOSED = "closed", "Closed"


class Rag(models.TextChoices):
    RED = "R", "Red"
    AMBER = "A", "Amber"
    GREEN = "G", "Green"


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"


class Project(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="programme_projects"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(
        max_length=20, choices=ProjectKind.choices, default=ProjectKind.SHARED_SERVICE
    )
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_programme_projects"
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="programme_projects", help_text="Partner bodies."
    )
    stage = models.CharField(max_length=20, choices=ProjectStage.choices, default=ProjectStage.IDEA)
    expected_annual_savings = models.DecimalField(
        max_digits=14, decimal_places=2, default=0, help_text="Expected annual savings (£)."
    )
    gains = models.ManyToManyField(
        "efficiency.Gain",
        blank=True,
        related_name="programme_projects",
        help_text="The efficiency gains that realise the savings.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="one_project_per_name"),
            models.CheckConstraint(
                condition=Q(expected_annual_savings__gte=0),
                name="project_savings_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Said by field: the constraint alone would answer a negative amount with a form-wide error.
        savings = self.expected_annual_savings
        if savings is not None and savings < 0:
            raise ValidationError({"expected_annual_savings": SAVINGS_NEGATIVE})


class ProjectStageChange(models.Model):
    """One move of a project from one stage to another (the first has no `from_stage`)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=ProjectStage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=ProjectStage.choices)
    changed_on = models.DateField(default=timezone.localdate)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["project", "changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_stage or '-'} to {self.to_stage}"


class ProjectFunding(models.Model):
    """A funding line: where the money comes from (RIEP, LAA, …), the allocation it is part of."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(max_length=200, help_text="Such as RIEP or LAA.")
    allocation = models.CharField(max_length=200, blank=True, help_text="The allocation line.")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="project_funding_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.source} £{self.amount}"


class ProjectMilestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED
    )
    completed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=MilestoneStatus.DONE) & Q(completed_on__isnull=False))
                | (~Q(status=MilestoneStatus.DONE) & Q(completed_on__isnull=True)),
                name="milestone_done_has_completion_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today) -> bool:
        return (
            self.status
            in (
                MilestoneStatus.NOT_STARTED,
                MilestoneStatus.IN_PROGRESS,
            )
            and self.due_on < today
        )


class ProjectUpdate(models.Model):
    """A dated progress update with its RAG. Never changed or deleted: correct with a new one."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    rag = models.CharField(max_length=1, choices=Rag.choices)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project", "-date", "-pk"]
        indexes = [models.Index(fields=["project", "date"])]

    def __str__(self) -> str:
        return f"{self.project} {self.date} {self.rag}"
