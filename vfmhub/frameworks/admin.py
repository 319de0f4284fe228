"""Staff edit framework data here. A version in use is read-only, so a published version (and
everything in it) cannot be changed in place; partnership overrides stay editable."""

from django.contrib import admin
from django.db import models

from vfmhub.frameworks.models import (
    Applicability,
    Criterion,
    FindingType,
    FocusArea,
    Framework,
    FrameworkVersion,
    LevelDescriptor,
    RollupRule,
    RollupRuleRow,
    Scale,
    ScaleLabel,
    ScaleLabelSet,
    ScaleLevel,
    Theme,
)


def _version_of(obj) -> FrameworkVersion | None:
    """The version an object belongs to, following its parents."""
    for path in (
        "version",
        "theme.version",
        "criterion.version",
        "scale.version",
        "label_set.scale.version",
        "rule.version",
    ):
        target = obj
        for name in path.split("."):
            target = getattr(target, name, None)
        if isinstance(target, FrameworkVersion):
            return target
    return obj if isinstance(obj, FrameworkVersion) else None


def _locked(obj) -> bool:
    version = _version_of(obj) if obj is not None else None
    return version is not None and version.is_in_use()


class LockedWhenInUse:
    """Read-only (change and delete) for anything inside a version that is in use."""

    def has_change_permission(self, request, obj=None):
        return not _locked(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request, obj=None):
        return not _locked(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class LockedInline(LockedWhenInUse, admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not _locked(obj) and super().has_add_permission(request, obj)


def _locked_inline(model: type[models.Model]) -> type[LockedInline]:
    """The rows of `model` inside a version, read-only once the version is in use."""
    return type(f"{model.__name__}Inline", (LockedInline,), {"model": model})


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "publisher", "code", "order"]
    search_fields = ["name", "code", "publisher"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(LockedWhenInUse, admin.ModelAdmin):
    list_display = ["name", "framework", "code", "status", "first_year", "last_year"]
    list_filter = ["framework", "status"]
    search_fields = ["name", "code"]
    readonly_fields = ["content_hash", "loaded_at"]
    inlines = [_locked_inline(Theme), _locked_inline(FindingType)]


@admin.register(Criterion)
class CriterionAdmin(LockedWhenInUse, admin.ModelAdmin):
    list_display = ["code", "title", "theme", "version"]
    list_filter = ["version"]
    search_fields = ["code", "title", "question"]
    list_select_related = ["theme", "version"]
    inlines = [_locked_inline(FocusArea), _locked_inline(LevelDescriptor)]


@admin.register(Scale)
class ScaleAdmin(LockedWhenInUse, admin.ModelAdmin):
    list_display = ["name", "version", "kind"]
    inlines = [_locked_inline(ScaleLevel), _locked_inline(ScaleLabelSet)]


@admin.register(ScaleLabelSet)
class ScaleLabelSetAdmin(LockedWhenInUse, admin.ModelAdmin):
    list_display = ["name", "scale", "is_default"]
    inlines = [_locked_inline(ScaleLabel)]


@admin.register(RollupRule)
class RollupRuleAdmin(LockedWhenInUse, admin.ModelAdmin):
    list_display = ["version", "scope", "method", "advisory_method"]
    list_filter = ["method", "scope"]
    inlines = [_locked_inline(RollupRuleRow)]


@admin.register(Applicability)
class ApplicabilityAdmin(admin.ModelAdmin):
    list_display = ["criterion", "body_type", "partnership", "applies"]
    list_filter = ["body_type", "applies", "criterion__version"]
    list_select_related = ["criterion", "criterion__version", "partnership"]
    autocomplete_fields = ["partnership"]

    def _default_locked(self, obj) -> bool:
        # Default rows are part of the version; a partnership's own rows are not.
        return obj is not None and obj.partnership_id is None and _locked(obj.criterion)

    def has_change_permission(self, request, obj=None):
        return not self._default_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._default_locked(obj) and super().has_delete_permission(request, obj)
