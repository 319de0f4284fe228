"""The integrated quarterly report: an organisation's (or a partnership's) quarter, its sign-off
and, once published, the frozen snapshot it was published with."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import Organisation, Partnership


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SERVICE_SIGNED = "service_signed", "Signed off by the service"
    DIRECTOR_SIGNED = "director_signed", "Signed off by the director"
    PUBLISHED = "published", "Published"


class QuarterlyReport(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quarterly_reports",
    )
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quarterly_reports",
    )
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    quarter = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    snapshot = models.JSONField(
        null=True, blank=True, help_text="The exact figures published, frozen at publication."
    )
    published_html = models.TextField(blank=True)
    published_pdf = models.BinaryField(blank=True, default=b"")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, partnership__isnull=True)
                | Q(organisation__isnull=True, partnership__isnull=False),
                name="quarterly_report_one_owner",
            ),
            models.UniqueConstraint(
                fields=["organisation", "year", "quarter"],
                condition=Q(organisation__isnull=False),
                name="quarterly_report_organisation_quarter",
            ),
            models.UniqueConstraint(
                fields=["partnership", "year", "quarter"],
                condition=Q(partnership__isnull=False),
                name="quarterly_report_partnership_quarter",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class SignOff(models.Model):
    """One step of a report's workflow: who moved it on (or back), when, and why."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="sign_offs")
    from_status = models.CharField(max_length=16, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=16, choices=ReportStatus.choices)
    note = models.TextField(blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report_id", "signed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.from_status} → {self.to_status}"
