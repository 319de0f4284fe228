from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For staff to look records up: every change goes through the pages and their audited
    services, so the admin neither adds, changes nor deletes."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
