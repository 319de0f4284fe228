from django.contrib import admin

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


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    autocomplete_fields = ["user"]
    extra = 0


class AuditorInline(admin.TabularInline):
    model = AuditorAssignment
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "body_type", "gss_code", "region", "active_to"]
    list_filter = ["body_type", "region", "is_demo"]
    search_fields = ["name", "short_name", "gss_code", "register_code"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline, AuditorInline]


class PartnershipMemberInline(admin.TabularInline):
    model = PartnershipMember
    autocomplete_fields = ["organisation"]
    extra = 0


class PartnershipRoleInline(admin.TabularInline):
    model = PartnershipRole
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "lead_organisation"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    inlines = [PartnershipMemberInline, PartnershipRoleInline]
