from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from vfmhub.accounts.models import ApiToken, FailedSignIn, User
from vfmhub.accounts.services import password_changes_by


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Details", {"fields": ["full_name", "job_title"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]

    def user_change_password(self, request, id, form_url=""):
        # The model revokes the person's API tokens; the audit names the admin who did it.
        with password_changes_by(request.user):
            return super().user_change_password(request, id, form_url)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "hint", "created_at", "last_used_at"]
    search_fields = ["name", "user__email"]


@admin.register(FailedSignIn)
class FailedSignInAdmin(admin.ModelAdmin):
    """Read-only: the sign-in throttle's record. Deleting an address's rows unlocks it."""

    list_display = ["email", "ip_address", "at"]
    search_fields = ["email", "ip_address"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
