"""Staff views of plans. Changes go through the pages (and their services) so that each is audited;
the admin is for looking things up, and for setting a partnership's review rating scale."""

from django.contrib import admin

from vfmhub.core.admin import ReadOnlyAdmin
from vfmhub.plans.models import (
    Action,
    ActionReminder,
    ActionUpdate,
    OfficerTitle,
    PeerReview,
    Plan,
    PlanItem,
    ReviewRating,
    UpdateRound,
)


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "year", "status", "shared_with"]
    list_filter = ["status"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "shared_with"]


@admin.register(PlanItem)
class PlanItemAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "plan", "source"]
    list_filter = ["source"]
    list_select_related = ["plan"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "officer", "target_date", "status", "rag"]
    list_filter = ["status", "rag"]
    search_fields = ["description", "officer"]


@admin.register(UpdateRound)
class UpdateRoundAdmin(ReadOnlyAdmin):
    list_display = ["label", "plan", "as_at", "order"]
    list_select_related = ["plan"]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "action", "is_current", "author_label", "created_at"]
    list_filter = ["is_current"]


@admin.register(ActionReminder)
class ActionReminderAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "period", "action", "sent_at"]


@admin.register(OfficerTitle)
class OfficerTitleAdmin(ReadOnlyAdmin):
    list_display = ["abbreviation", "title", "organisation", "user"]


@admin.register(PeerReview)
class PeerReviewAdmin(ReadOnlyAdmin):
    list_display = ["plan", "partnership", "reviewer", "status", "submitted_at"]
    list_filter = ["status"]


@admin.register(ReviewRating)
class ReviewRatingAdmin(admin.ModelAdmin):
    """A partnership's own scale for rating plans; with none, reviewers use the default one."""

    list_display = ["label", "value", "partnership"]
    list_filter = ["partnership"]
