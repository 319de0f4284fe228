"""Staff views of assessments. Changes go through the pages (and their services) so that each is
audited; the admin is for looking things up."""

from django.contrib import admin

from vfmhub.assessments.models import (
    Assessment,
    Evidence,
    Finding,
    RolledUpScore,
    Score,
    ScoreAmendment,
    ScoreTarget,
)
from vfmhub.core.admin import ReadOnlyAdmin


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "version", "year", "kind", "status", "publish_on"]
    list_filter = ["kind", "status", "version"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "version"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "criterion", "stage", "value", "scored_at"]
    list_filter = ["stage"]
    list_select_related = ["assessment__organisation", "assessment__version", "criterion"]
    search_fields = ["assessment__organisation__name", "criterion__code"]


@admin.register(ScoreAmendment)
class ScoreAmendmentAdmin(ReadOnlyAdmin):
    list_display = ["score", "old_value", "new_value", "amended_by", "amended_at"]


@admin.register(RolledUpScore)
class RolledUpScoreAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "stage", "theme", "calculated", "advisory", "value"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["title", "assessment", "criterion", "kind", "size", "added_at"]
    exclude = ["file"]  # never a link to the file: downloads go through the access check


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["title", "assessment", "finding_type", "criterion", "raised_at"]


@admin.register(ScoreTarget)
class ScoreTargetAdmin(ReadOnlyAdmin):
    list_display = ["partnership", "version", "kind", "level", "due_date"]
