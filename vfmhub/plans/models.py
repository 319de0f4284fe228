"""Improvement plans as seed 002 keeps them: items (issues) under themes and KLOEs, actions with
responsible officers, and a column per update round, kept live with dated, append-only updates."""

from operator import attrgetter

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vfmhub.assessments.models import Finding
from vfmhub.frameworks.models import Criterion, FrameworkVersion
from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import Organisation, Partnership


def filed_under(plan_path: str) -> property:
    """The `organisation_id` of a record inside a plan: the body whose plan it is, reached along
    `plan_path` ("item.plan"). The record's history is filed under it (see `vfmhub.audit`)."""
    plan_of = attrgetter(plan_path)

    def organisation_id(record: models.Model) -> int:
        return plan_of(record).organisation_id

    return property(organisation_id)


class OfficerTitle(models.Model):
    """The initials a body uses for its officers in plans ("HoF" = Head of Finance)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="officer_titles"
    )
    abbreviation = models.CharField(max_length=20, help_text="Such as HoF.")
    title = models.CharField(max_length=200, blank=True, help_text="Such as Head of Finance.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["abbreviation"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "abbreviation"], name="one_officer_title_per_abbreviation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.abbreviation} ({self.title})" if self.title else self.abbreviation


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Plan(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=300)
    version = models.ForeignKey(
        FrameworkVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        validators=[validate_year],
        null=True,
        blank=True,
        help_text="Financial year, such as 2009 for 2009/10.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    description = models.TextField(blank=True)
    shared_with = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shared_plans",
        help_text="The partnership whose peer reviewers may read and review this plan.",
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "-created_at"]

    def __str__(self) -> str:
        return self.title


class PlanSourceFile(models.Model):
    """A file imported into a plan, known by a fingerprint of the table it holds, so that
    importing it again (with no plan named) finds this plan rather than making another."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="source_files")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the rows read.")
    filename = models.CharField(max_length=255)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "fingerprint"], name="plan_source_file_unique")
        ]
        indexes = [models.Index(fields=["fingerprint"], name="plan_source_fingerprint")]

    def __str__(self) -> str:
        return self.filename


class ItemSource(models.TextChoices):
    AUDITOR_FINDING = "auditor_finding", "Auditor finding"
    SELF_ASSESSMENT = "self_assessment", "Self-assessment"
    PEER_REVIEW = "peer_review", "Peer review"
    RECOMMENDATION = "recommendation", "Recommendation"
    OTHER = "other", "Other"


class PlanItem(models.Model):
    """An issue or area for improvement, under a theme and criterion (KLOE) where known."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    theme_heading = models.CharField(
        max_length=300, blank=True, help_text='As the plan words it, such as "Theme 1 - Managing".'
    )
    criterion_heading = models.CharField(
        max_length=300, blank=True, help_text='Such as "KLOE 1.1 - Financial planning".'
    )
    text = models.TextField(help_text="The issue, often quoted from the auditor.")
    source = models.CharField(max_length=20, choices=ItemSource.choices, default=ItemSource.OTHER)
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_items"
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "finding"],
                condition=Q(finding__isnull=False),
                name="a_finding_is_one_item_per_plan",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    organisation_id = filed_under("plan")


class UpdateRound(models.Model):
    """A plan-wide checkpoint, a column of seed 002 ("March 2010 update", as at 31 March 2010)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    label = models.CharField(max_length=200)
    as_at = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "order", "as_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="one_round_per_label")
        ]

    def __str__(self) -> str:
        return self.label

    organisation_id = filed_under("plan")

    @property
    def update_name(self) -> str:
        """How to name one update of the round: "July 2010 update" stays as it is (not
        "July 2010 update update"); "December 2009 Position" becomes "… Position update"."""
        if self.label.strip().lower().endswith("update"):
            return self.label
        return f"{self.label} update"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    NO_ACTION = "no_action", "No action proposed"
    DEFERRED = "deferred", "Deferred"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Action(models.Model):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    officer = models.CharField(
        max_length=200,
        blank=True,
        help_text='Responsible officer as the plan writes it: "HoF/IPM".',
    )
    officer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    no_action_reason = models.TextField(blank=True)
    rag = models.CharField("RAG", max_length=5, choices=Rag.choices, blank=True)
    added_in_round = models.ForeignKey(
        UpdateRound, null=True, blank=True, on_delete=models.PROTECT, related_name="added_actions"
    )
    added_from = models.CharField(
        max_length=200,
        blank=True,
        help_text='Where it came from, such as "Action Plan from 2010 Assessment".',
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="no_action") | ~Q(no_action_reason=""),
                name="no_action_needs_a_reason",
            )
        ]
        indexes = [models.Index(fields=["officer_user", "status", "target_date"])]

    def __str__(self) -> str:
        return self.description[:80]

    organisation_id = filed_under("item.plan")


class ActionUpdate(models.Model):
    """What an action's officer reported in one round. Append-only: a correction is a new row
    that `corrects` the old one, which stays (no longer current)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    round = models.ForeignKey(UpdateRound, on_delete=models.PROTECT, related_name="updates")
    text = models.TextField()
    status = models.CharField(max_length=12, choices=ActionStatus.choices, blank=True)
    rag = models.CharField("RAG", max_length=5, choices=Rag.choices, blank=True)
    is_current = models.BooleanField(default=True)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=254, blank=True)
    correction_reason = models.TextField(
        blank=True, help_text="Why this update corrects the one it replaces."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "round__order", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "round"],
                condition=Q(is_current=True),
                name="one_current_update_per_action_and_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.text[:60]}"

    organisation_id = filed_under("action.item.plan")

    @property
    def given_by(self) -> str:
        """Who gave the update as the plan names them ("SMT"), else the linked user's email.
        Imported and generated updates often have only the initials, no user."""
        if self.author_label:
            return self.author_label
        return self.author.email if self.author_id and self.author else ""


class ActionReminder(models.Model):
    """An email sent about an action due or overdue, so each goes once per action per period."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    period = models.CharField(max_length=20, help_text="Such as 2026-W47.")
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "period", "recipient"], name="one_reminder_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.period}"


class ReviewRating(models.Model):
    """A point on the scale reviewers rate a plan's quality with; a partnership may have its own
    (partnership empty = the default scale)."""

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="review_ratings"
    )
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)

    class Meta:
        ordering = ["partnership", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "value"], name="one_review_rating_per_value"
            )
        ]

    def __str__(self) -> str:
        return self.label


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class PeerReview(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default="draft")
    overall_comment = models.TextField(blank=True)
    rating = models.ForeignKey(
        ReviewRating, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(blank=True, help_text="The body's response to the review.")
    response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "-created_at"]

    def __str__(self) -> str:
        return f"Review of {self.plan}"

    organisation_id = filed_under("plan")


class PeerReviewComment(models.Model):
    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="review_comments")
    comment = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="one_comment_per_item")
        ]

    def __str__(self) -> str:
        return self.comment[:60]
