"""Reads of framework data, each in a fixed number of queries whatever the size."""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from vfmhub.accounts.models import User
from vfmhub.frameworks import rollup
from vfmhub.frameworks.access import visible_versions_filter
from vfmhub.frameworks.models import (
    Applicability,
    Criterion,
    FindingType,
    Framework,
    FrameworkVersion,
    LevelDescriptor,
    RollupRule,
    RollupScope,
    Scale,
    ScaleLabel,
    ScaleLabelSet,
    Theme,
)
from vfmhub.organisations.models import BodyType, Partnership, PartnershipRoleKind


def frameworks_for_user(user: User) -> QuerySet[Framework]:
    """Frameworks with `version_count` (of the versions `user` may see) and `latest_version`."""
    visible = visible_versions_filter(user, "versions__")
    latest = (
        FrameworkVersion.objects.filter(framework=OuterRef("pk"))
        .filter(visible_versions_filter(user))
        .order_by("-first_year", "-code")
        .values("name")[:1]
    )
    return Framework.objects.annotate(
        version_count=Count("versions", filter=visible), latest_version=Subquery(latest)
    ).order_by("order", "name")


def framework_versions(user: User, framework: Framework) -> QuerySet[FrameworkVersion]:
    return (
        framework.versions.filter(visible_versions_filter(user))
        .annotate(
            theme_count=Count("themes", distinct=True),
            criterion_count=Count("criteria", distinct=True),
        )
        .order_by("first_year", "code")
    )


def version_themes(version: FrameworkVersion) -> QuerySet[Theme]:
    """Themes in order, each with `criteria` in order."""
    return version.themes.order_by("order", "code").prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("order", "code"))
    )


def version_criteria(version: FrameworkVersion) -> QuerySet[Criterion]:
    """Criteria in order with their theme, focus areas and level descriptors."""
    return (
        version.criteria.select_related("theme")
        .prefetch_related(
            "focus_areas",
            Prefetch(
                "level_descriptors",
                queryset=LevelDescriptor.objects.select_related("level").order_by("level__value"),
            ),
        )
        .order_by("theme__order", "order", "code")
    )


def criterion_details(criterion: Criterion) -> Criterion:
    """The criterion again with its focus areas and level descriptors prefetched (three queries)."""
    return version_criteria(criterion.version).get(pk=criterion.pk)


@dataclass(frozen=True)
class ScaleTable:
    """A scale as a table: one row per level, one label column per label set."""

    scale: Scale | None
    label_sets: list[ScaleLabelSet]
    rows: list[tuple]  # (ScaleLevel, [label text per label set])


def scale_table(version: FrameworkVersion) -> ScaleTable:
    scale = getattr(version, "scale", None)
    if scale is None:
        return ScaleTable(None, [], [])
    levels = list(scale.levels.order_by("value"))
    label_sets = list(
        scale.label_sets.order_by("-is_default", "name").prefetch_related(
            Prefetch("labels", queryset=ScaleLabel.objects.order_by("level__value"))
        )
    )
    by_set = [{label.level_id: label.label for label in s.labels.all()} for s in label_sets]
    rows = [(level, [labels.get(level.pk, "") for labels in by_set]) for level in levels]
    return ScaleTable(scale, label_sets, rows)


def default_labels(version: FrameworkVersion) -> dict[int, str]:
    """Level id to its label in the default label set."""
    return dict(
        ScaleLabel.objects.filter(
            label_set__scale__version=version, label_set__is_default=True
        ).values_list("level_id", "label")
    )


@dataclass(frozen=True)
class RuleInWords:
    rule: RollupRule
    words: str


def version_rules(version: FrameworkVersion) -> list[RuleInWords]:
    rules = version.rollup_rules.prefetch_related("rows").order_by("-scope")
    return [RuleInWords(rule, rule_words(rule, version)) for rule in rules]


def rule_words(rule: RollupRule, version: FrameworkVersion) -> str:
    items = version.criterion_noun_plural if rule.scope == RollupScope.THEME else "themes"
    return rollup.describe_rule(rule.as_spec(), items)


def version_finding_types(version: FrameworkVersion) -> QuerySet[FindingType]:
    return version.finding_types.order_by("order", "name")


def criteria_with_applicability(
    version: FrameworkVersion, body_type: str, partnership: Partnership | None = None
) -> QuerySet[Criterion]:
    """Every criterion in order, annotated `default_applies`, `override_applies` (None when the
    partnership has no override) and `applies` (the override if any, else the default).

    A criterion with no default row applies: the loader writes a row for every body type, so a
    missing row only happens for a body type added later, and leaving it out would hide work.
    """
    rows = Applicability.objects.filter(criterion=OuterRef("pk"), body_type=body_type)
    default = Subquery(rows.filter(partnership__isnull=True).values("applies")[:1])
    override: Subquery | Value
    if partnership is not None:
        override = Subquery(rows.filter(partnership=partnership).values("applies")[:1])
    else:
        override = Value(None, output_field=BooleanField())
    return (
        version.criteria.select_related("theme")
        .annotate(
            default_applies=Coalesce(default, Value(True)),
            override_applies=override,
        )
        .annotate(applies=Coalesce("override_applies", "default_applies"))
        .order_by("theme__order", "order", "code")
    )


def applicable_criteria(
    version: FrameworkVersion, body_type: str, partnership: Partnership | None = None
) -> QuerySet[Criterion]:
    """The criteria that apply to `body_type`, in order; a partnership's overrides win."""
    return criteria_with_applicability(version, body_type, partnership).filter(applies=True)  # type: ignore[misc]


@dataclass(frozen=True)
class MatrixCell:
    body_type: str
    applies: bool
    overridden: bool


@dataclass(frozen=True)
class ApplicabilityMatrix:
    body_types: list[tuple[str, str]]
    rows: list[tuple[Criterion, list[MatrixCell]]]
    partnership: Partnership | None


def applicability_matrix(
    version: FrameworkVersion, partnership: Partnership | None = None
) -> ApplicabilityMatrix:
    """Criteria by body type, in two queries: the criteria, then every relevant row."""
    criteria = list(version.criteria.select_related("theme").order_by("theme__order", "order"))
    wanted = Q(partnership__isnull=True)
    if partnership is not None:
        wanted |= Q(partnership=partnership)
    found: dict[tuple, bool] = {}
    for criterion_id, body_type, partnership_id, applies in Applicability.objects.filter(
        wanted, criterion__version=version
    ).values_list("criterion_id", "body_type", "partnership_id", "applies"):
        found[(criterion_id, body_type, partnership_id is not None)] = applies
    rows = []
    for criterion in criteria:
        cells = []
        for body_type in BodyType.values:
            override = found.get((criterion.pk, body_type, True))
            default = found.get((criterion.pk, body_type, False), True)
            applies = default if override is None else override
            cells.append(MatrixCell(body_type, applies, override is not None))
        rows.append((criterion, cells))
    return ApplicabilityMatrix(list(BodyType.choices), rows, partnership)


def partnerships_managed_by(user: User) -> QuerySet[Partnership]:
    """Partnerships whose applicability `user` may change (staff use the admin)."""
    return Partnership.objects.filter(
        roles__user=user, roles__role=PartnershipRoleKind.MANAGER
    ).order_by("name")
