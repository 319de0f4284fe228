from django.contrib import admin

from vfmhub.imports.models import ColumnMapping


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ["kind", "name", "organisation", "partnership", "updated_at"]
    list_filter = ["kind"]
    readonly_fields = ["updated_at", "updated_by"]
