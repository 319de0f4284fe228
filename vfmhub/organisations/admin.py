from django.contrib import admin
from django.db import models

from vfmhub.organisations.models import (
    AuditorAssignment,
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipMember,
    PartnershipRole,
    Region,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


def _rows_inline(model: type[models.Model], chosen: str) -> type[admin.TabularInline]:
    """The rows of `model` under the record, each choosing its `chosen` by search."""
    attributes = {"model": model, "autocomplete_fields": [chosen], "extra": 0}
    return type(f"{model.__name__}Inline", (admin.TabularInline,), attributes)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "body_type", "gss_code", "region", "active_to"]
    list_filter = ["body_type", "region", "is_demo"]
    search_fields = ["name", "short_name", "gss_code", "register_code"]
    autocomplete_fields = ["parent"]
    inlines = [
        _rows_inline(OrganisationMembership, "user"),
        _rows_inline(AuditorAssignment, "user"),
    ]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "lead_organisation"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    inlines = [
        _rows_inline(PartnershipMember, "organisation"),
        _rows_inline(PartnershipRole, "user"),
    ]
