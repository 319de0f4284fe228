"""Staff views of efficiency programmes. Changes go through the pages (and their services) so
that each is audited; the admin is for looking things up."""

from django.contrib import admin

from vfmhub.core.admin import ReadOnlyAdmin
from vfmhub.efficiency.models import (
    Baseline,
    BodyAlias,
    EfficiencyProgramme,
    EfficiencyReturn,
    Gain,
    Participant,
    ReturnChase,
)


@admin.register(EfficiencyProgramme)
class EfficiencyProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["name", "partnership", "organisation", "first_year", "last_year", "method"]
    search_fields = ["name"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["programme", "organisation", "carry_forward"]
    list_select_related = ["programme", "organisation"]


@admin.register(Baseline)
class BaselineAdmin(ReadOnlyAdmin):
    list_display = ["programme", "organisation", "kind", "year", "amount"]
    list_select_related = ["programme", "organisation"]


@admin.register(Gain)
class GainAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "organisation",
        "first_year",
        "gross_annual_value",
        "removed_from_year",
    ]
    list_filter = ["is_cash_releasing"]
    list_select_related = ["organisation"]
    search_fields = ["description"]


@admin.register(EfficiencyReturn)
class EfficiencyReturnAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "programme", "year", "kind", "version", "status", "is_current"]
    list_filter = ["status", "kind"]
    list_select_related = ["organisation", "programme"]


@admin.register(ReturnChase)
class ReturnChaseAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "programme", "year", "kind", "sent_at"]
    list_select_related = ["organisation", "programme"]


@admin.register(BodyAlias)
class BodyAliasAdmin(ReadOnlyAdmin):
    list_display = ["name", "organisation", "partnership"]
    list_select_related = ["organisation", "partnership"]
    search_fields = ["name"]
