"""Typed API shapes for frameworks (the OpenAPI document is generated from these)."""

from ninja import Schema

from vfmhub.frameworks.models import FindingKind, RollupScope, ScaleKind, VersionStatus
from vfmhub.organisations.models import BodyType


class FrameworkOut(Schema):
    id: int
    code: str
    name: str
    publisher: str
    description: str
    source_text: str
    source_url: str


VERSION_SUMMARY_FIELDS = (
    "id",
    "code",
    "name",
    "status",
    "first_year",
    "last_year",
    "source_text",
    "source_url",
    "content_hash",
)


class VersionSummaryOut(Schema):
    id: int
    code: str
    name: str
    status: VersionStatus
    first_year: int
    last_year: int | None
    source_text: str
    source_url: str
    content_hash: str


class FrameworkDetailOut(FrameworkOut):
    versions: list[VersionSummaryOut]


class LevelDescriptorOut(Schema):
    level: int
    level_code: str
    text: str


class CriterionOut(Schema):
    id: int
    code: str
    title: str
    theme_code: str
    question: str
    notes: str
    focus_areas: list[str]
    level_descriptors: list[LevelDescriptorOut]

    # Resolvers read prefetched rows, so a page of criteria costs the same few queries.
    @staticmethod
    def resolve_theme_code(obj) -> str:
        return obj.theme.code

    @staticmethod
    def resolve_focus_areas(obj) -> list[str]:
        return [area.text for area in obj.focus_areas.all()]

    @staticmethod
    def resolve_level_descriptors(obj) -> list[dict]:
        return [
            {"level": d.level.value, "level_code": d.level.code, "text": d.text}
            for d in obj.level_descriptors.all()
        ]


class CriterionSummaryOut(Schema):
    id: int
    code: str
    title: str
    question: str


class ThemeOut(Schema):
    code: str
    title: str
    description: str
    criteria: list[CriterionSummaryOut]


class LabelSetOut(Schema):
    code: str
    name: str
    is_default: bool
    labels: dict[str, str]  # level code -> label


class LevelOut(Schema):
    value: int
    code: str
    colour: str


class ScaleOut(Schema):
    name: str
    kind: ScaleKind
    levels: list[LevelOut]
    label_sets: list[LabelSetOut]


class RuleRowOut(Schema):
    order: int
    result: int
    conditions: list[dict[str, int]]


class RollupRuleOut(Schema):
    scope: RollupScope
    method: str
    advisory_method: str
    median_even_count: str
    cap_above_minimum: int | None
    description: str
    in_words: str
    rows: list[RuleRowOut]


class FindingTypeOut(Schema):
    code: str
    name: str
    kind: FindingKind
    description: str


class VersionDetailOut(VersionSummaryOut):
    framework_id: int
    criterion_noun: str
    criterion_noun_plural: str
    description: str
    notes: str
    themes: list[ThemeOut]
    scale: ScaleOut | None
    rollup_rules: list[RollupRuleOut]
    finding_types: list[FindingTypeOut]


class ApplicabilityOut(Schema):
    criterion_id: int
    code: str
    title: str
    theme_code: str
    body_type: BodyType
    applies: bool
    default_applies: bool
    overridden: bool
