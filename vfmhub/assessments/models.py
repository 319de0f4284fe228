"""Assessments of a body against a framework version: self, auditor (provisional then final), peer.

A score row is per (assessment, criterion, stage). A self or peer assessment has one stage,
"assessed"; an auditor assessment has "provisional" rows, then "final" rows (started as a copy of
the provisional ones), so the side-by-side view can show self, provisional and final together.
"""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vfmhub.frameworks.models import Criterion, FindingType, FrameworkVersion, Theme
from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import BodyType, Organisation, Partnership

if TYPE_CHECKING:
    from vfmhub.accounts.models import User


def person_field(*, blank: bool = False) -> "models.ForeignKey[User | None, User | None]":
    """Who did something (created, scored, raised…): kept empty once they are deleted, and not
    followed back from the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class AssessmentKind(models.TextChoices):
    SELF = "self", "Self-assessment"
    AUDITOR = "auditor", "Auditor assessment"
    PEER = "peer", "Peer assessment"


class AssessmentStatus(models.TextChoices):
    """Self and peer: draft → submitted. Auditor: provisional → final → published."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    PROVISIONAL = "provisional", "Provisional"
    FINAL = "final", "Final"
    PUBLISHED = "published", "Published"


STATUSES_BY_KIND = {
    AssessmentKind.SELF: (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED),
    AssessmentKind.PEER: (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED),
    AssessmentKind.AUDITOR: (
        AssessmentStatus.PROVISIONAL,
        AssessmentStatus.FINAL,
        AssessmentStatus.PUBLISHED,
    ),
}


class ScoreStage(models.TextChoices):
    ASSESSED = "assessed", "Assessed"
    PROVISIONAL = "provisional", "Provisional"
    FINAL = "final", "Final"


class Assessment(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessments"
    )
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="Financial year, such as 2008 for 2008/09."
    )
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    status = models.CharField(max_length=12, choices=AssessmentStatus.choices)
    peer_partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="peer_assessments",
        help_text="For a peer assessment: the partnership whose reviewer made it.",
    )
    publish_on = models.DateField(
        null=True,
        blank=True,
        help_text="Embargo: until this date only the body and its auditor see final results.",
    )
    created_by = person_field()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = person_field(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    finalised_by = person_field(blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version", "year", "kind"],
                condition=~Q(kind="peer"),
                name="one_self_and_one_auditor_assessment_per_year",
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=["self", "peer"]) & Q(status__in=["draft", "submitted"]))
                | (Q(kind="auditor") & Q(status__in=["provisional", "final", "published"])),
                name="assessment_status_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="peer") | Q(peer_partnership__isnull=True),
                name="only_peer_assessments_name_a_partnership",
            ),
        ]
        indexes = [models.Index(fields=["version", "year", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.version.name} {self.get_kind_display().lower()}"

    @property
    def is_locked(self) -> bool:
        """Final scores are locked: a change after that is an amendment with a reason."""
        return self.status in (AssessmentStatus.FINAL, AssessmentStatus.PUBLISHED)

    def is_embargoed_on(self, day: datetime.date) -> bool:
        return self.publish_on is not None and day < self.publish_on

    @property
    def score_stages(self) -> tuple[str, ...]:
        if self.kind == AssessmentKind.AUDITOR:
            return (ScoreStage.PROVISIONAL, ScoreStage.FINAL)
        return (ScoreStage.ASSESSED,)

    @property
    def current_stage(self) -> str:
        """The stage whose scores are being recorded now (or were last)."""
        if self.kind != AssessmentKind.AUDITOR:
            return ScoreStage.ASSESSED
        if self.status == AssessmentStatus.PROVISIONAL:
            return ScoreStage.PROVISIONAL
        return ScoreStage.FINAL


class InAssessment:
    """Part of an assessment: its history is filed under the assessment's organisation (the
    audit reads `organisation_id`)."""

    assessment: Assessment

    @property
    def organisation_id(self) -> int:
        return self.assessment.organisation_id


class Score(InAssessment, models.Model):
    """One criterion's score at one stage, with the narrative behind it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    stage = models.CharField(max_length=12, choices=ScoreStage.choices)
    value = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="A level value on the version's scale; empty if not scored.",
    )
    narrative = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    areas_for_improvement = models.TextField(blank=True)
    scored_by = person_field(blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__theme__order", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion", "stage"], name="one_score_per_criterion_stage"
            )
        ]
        indexes = [models.Index(fields=["criterion", "stage", "value"])]

    def __str__(self) -> str:
        return f"{self.criterion.code} {self.get_stage_display()}: {self.value}"


class ScoreAmendment(models.Model):
    """A correction to a locked (final) score: the old value stays, with who, when and why."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="amendments")
    old_value = models.PositiveSmallIntegerField(null=True, blank=True)
    new_value = models.PositiveSmallIntegerField(null=True, blank=True)
    old_narrative = models.TextField(blank=True)
    new_narrative = models.TextField(blank=True)
    reason = models.TextField()
    amended_by = person_field()
    amended_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-amended_at"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_reason")]

    def __str__(self) -> str:
        return f"{self.score}: {self.old_value} → {self.new_value}"


class RolledUpScore(InAssessment, models.Model):
    """A theme score (theme set) or the overall score (theme empty) at one stage.

    `calculated` is what the version's rule gives, `advisory` what a manual rule advises, `value`
    the score that stands: the calculation, or the assessor's entry (a manual rule, or an override
    of a calculated one, which needs `override_reason`).
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="rolled_up_scores"
    )
    stage = models.CharField(max_length=12, choices=ScoreStage.choices)
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="rolled_up_scores"
    )
    calculated = models.PositiveSmallIntegerField(null=True, blank=True)
    advisory = models.PositiveSmallIntegerField(null=True, blank=True)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    override_reason = models.TextField(blank=True)
    entered_by = person_field(blank=True)
    entered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "stage", "theme"], name="one_theme_score_per_stage"
            ),
            models.UniqueConstraint(
                fields=["assessment", "stage"],
                condition=Q(theme__isnull=True),
                name="one_overall_score_per_stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme or 'Overall'} {self.get_stage_display()}: {self.value}"

    @property
    def is_override(self) -> bool:
        return self.calculated is not None and self.value != self.calculated


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    # MEDIA_ROOT is never served by URL: evidence goes out only through an access-checked view.
    return f"evidence/{instance.assessment.organisation_id}/{instance.assessment_id}/{filename}"


class EvidenceKind(models.TextChoices):
    FILE = "file", "File"
    LINK = "link", "Link"


class Evidence(InAssessment, models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(max_length=4, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True, help_text="Bytes.")
    content_type = models.CharField(max_length=100, blank=True)
    url = models.URLField(blank=True, max_length=500)
    added_by = person_field()
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["criterion__order", "added_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="") & Q(url=""))
                | (Q(kind="link") & Q(file="") & ~Q(url="")),
                name="evidence_is_a_file_or_a_link",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Finding(InAssessment, models.Model):
    """An auditor's (or peer's) finding or recommendation, with the body's management response.

    The improvement-plan module turns a finding into a plan item (its item will point here).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    finding_type = models.ForeignKey(FindingType, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    raised_by = person_field()
    raised_at = models.DateTimeField(default=timezone.now)
    management_response = models.TextField(blank=True)
    response_by = person_field(blank=True)
    response_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__order", "raised_at"]

    def __str__(self) -> str:
        return self.title


class TargetKind(models.TextChoices):
    ALL_AT_LEVEL = "all_at_level", "All members at level N or above"
    AVERAGE_AT_LEAST = "average_at_least", "An average of at least N"
    SHARE_AT_LEVEL = "share_at_level", "X% of members at level N or above"


class ScoreTarget(models.Model):
    """A partnership's target on members' scores, such as "all authorities to achieve level 3".

    With no criteria it is about the overall score; with criteria, about those criteria (for an
    average: the mean over those criteria and members). `body_types` narrows it to some members
    ("districts to achieve an average score of three over these criteria").
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="score_targets"
    )
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=TargetKind.choices)
    level = models.DecimalField(max_digits=4, decimal_places=2, help_text="N, such as 3 or 2.5.")
    share_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="X, for a share target."
    )
    criteria = models.ManyToManyField(Criterion, blank=True, related_name="+")
    body_types = models.JSONField(
        default=list,
        blank=True,
        help_text=f"Empty for every member; else some of {BodyType.values}",
    )
    due_date = models.DateField(help_text="By when.")
    description = models.CharField(max_length=300, blank=True)
    created_by = person_field()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="share_at_level")
                | (Q(share_percent__gt=0) & Q(share_percent__lte=100)),
                name="share_target_has_a_percentage",
            ),
            models.CheckConstraint(condition=Q(level__gt=0), name="target_level_positive"),
        ]

    def __str__(self) -> str:
        return self.description or self.get_kind_display()
