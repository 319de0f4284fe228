"""Staff view of remembered column choices; they change only through imports (audited)."""

from django.contrib import admin

from vfmhub.core.admin import ReadOnlyAdmin
from vfmhub.imports.models import ColumnMapping


@admin.register(ColumnMapping)
class ColumnMappingAdmin(ReadOnlyAdmin):
    list_display = ["kind", "name", "organisation", "partnership", "updated_at"]
    list_filter = ["kind"]
