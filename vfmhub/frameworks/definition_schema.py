"""Reading and checking a framework definition file (YAML) before anything is written.

The format is described in docs/frameworks.md. Every check raises `DefinitionError` naming the file
and the place in it, so a mistake can be found without reading code.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from vfmhub.frameworks import rollup
from vfmhub.organisations.models import BodyType

STATUSES = ("draft", "published")
SCALE_KINDS = ("scored", "ordered")
FINDING_KINDS = ("finding", "recommendation")
SCOPES = ("theme", "overall")
ALL_CRITERIA = "all"
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class DefinitionError(ValueError):
    """A definition file is not valid; the message says where and why."""


@dataclass(frozen=True)
class LevelDef:
    value: int
    code: str
    colour: str = ""


@dataclass(frozen=True)
class LabelSetDef:
    code: str
    name: str
    is_default: bool
    description: str
    labels: dict[int, str]


@dataclass(frozen=True)
class ScaleDef:
    name: str
    kind: str
    description: str
    levels: tuple[LevelDef, ...]
    label_sets: tuple[LabelSetDef, ...]


@dataclass(frozen=True)
class CriterionDef:
    code: str
    title: str
    question: str = ""
    notes: str = ""
    focus_areas: tuple[str, ...] = ()
    level_descriptors: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ThemeDef:
    code: str
    title: str
    description: str
    criteria: tuple[CriterionDef, ...]


@dataclass(frozen=True)
class RuleDef:
    scope: str
    method: str
    advisory_method: str
    median_even_count: str
    cap_above_minimum: int | None
    description: str
    rows: tuple[tuple[int, list], ...]


@dataclass(frozen=True)
class FindingTypeDef:
    code: str
    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class VersionDef:
    code: str
    name: str
    status: str
    first_year: int
    last_year: int | None
    criterion_noun: str
    criterion_noun_plural: str
    description: str
    notes: str
    source_text: str
    source_url: str
    scale: ScaleDef
    themes: tuple[ThemeDef, ...]
    not_applicable: dict[str, frozenset[str]]
    rules: tuple[RuleDef, ...]
    finding_types: tuple[FindingTypeDef, ...]
    content_hash: str


@dataclass(frozen=True)
class FrameworkDef:
    code: str
    name: str
    publisher: str
    description: str
    source_text: str
    source_url: str
    order: int
    versions: tuple[VersionDef, ...]
    path: Path


class _Mapping:
    """A YAML mapping read key by key; unknown keys are an error so typos do not pass silently."""

    def __init__(self, data: Any, where: str):
        if not isinstance(data, dict):
            raise DefinitionError(f"{where}: expected a mapping of keys to values.")
        self.data, self.where = data, where
        self.seen: set[str] = set()

    def fail(self, message: str, key: str | None = None):
        place = f"{self.where}.{key}" if key else self.where
        raise DefinitionError(f"{place}: {message}")

    def get(self, key: str, default: Any = None, *, required: bool = False) -> Any:
        self.seen.add(key)
        if key not in self.data or self.data[key] is None:
            if required:
                self.fail("is required.", key)
            return default
        return self.data[key]

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.get(key, "", required=required)
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail("must be text.", key)
        return " ".join(value.split()) if "\n" in value else value.strip()

    def slug(self, key: str) -> str:
        value = str(self.get(key, "", required=True))
        if not SLUG.match(value):
            self.fail("must be letters, numbers, hyphens or underscores.", key)
        return value

    def required_whole(self, key: str, *, minimum: int = 0) -> int:
        value = self.whole(key, required=True, minimum=minimum)
        assert value is not None  # for the type checker: `required` already refused None
        return value

    def whole(self, key: str, *, required: bool = False, minimum: int = 0) -> int | None:
        value = self.get(key, None, required=required)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or value < minimum
        ):
            self.fail(f"must be a whole number of at least {minimum}.", key)
        return value

    def items(self, key: str) -> list:
        value = self.get(key, [])
        if not isinstance(value, list):
            self.fail("must be a list.", key)
        return value

    def choice(self, key: str, choices, *, default: str = "") -> str:
        value = self.get(key, default, required=not default)
        if value not in choices:
            self.fail(f"must be one of {', '.join(choices)}; got {value!r}.", key)
        return value

    def done(self) -> None:
        unknown = [k for k in self.data if k not in self.seen and not str(k).startswith("x-")]
        if unknown:
            self.fail(f"unknown key {unknown[0]!r}.")


def content_hash(raw: dict) -> str:
    """A fingerprint of a version's definition, insensitive to key order and YAML anchors."""
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_file(path: Path) -> FrameworkDef:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{path.name}: not valid YAML: {exc}") from None
    top = _Mapping(raw, path.name)
    meta = _Mapping(top.get("framework", required=True), f"{path.name}: framework")
    source = _source(meta)
    versions = tuple(
        _version(item, f"{path.name}: versions[{i}]")
        for i, item in enumerate(top.items("versions"))
    )
    definition = FrameworkDef(
        code=meta.slug("code"),
        name=meta.text("name", required=True),
        publisher=meta.text("publisher", required=True),
        description=meta.text("description"),
        source_text=source[0],
        source_url=source[1],
        order=meta.whole("order") or 0,
        versions=versions,
        path=path,
    )
    meta.done()
    top.done()
    _unique([v.code for v in versions], f"{path.name}: versions", "version code")
    return definition


def _unique(codes: list[str], where: str, what: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise DefinitionError(f"{where}: {what} {code!r} appears twice.")
        seen.add(code)


def _source(m: _Mapping) -> tuple[str, str]:
    source = _Mapping(m.get("source", required=True), f"{m.where}.source")
    text, url = source.text("text", required=True), source.text("url")
    source.done()
    return text, url


def _version(raw: Any, where: str) -> VersionDef:
    m = _Mapping(raw, where)
    code = m.slug("code")
    m.where = f"{where} ({code})"
    first_year = m.required_whole("first_year", minimum=1990)
    last_year = m.whole("last_year", minimum=1990)
    if last_year is not None and last_year < first_year:
        m.fail("must not be before first_year.", "last_year")
    scale = _scale(_Mapping(m.get("scale", required=True), f"{m.where}.scale"))
    themes = tuple(_theme(t, f"{m.where}.themes[{i}]") for i, t in enumerate(m.items("themes")))
    if not themes:
        m.fail("needs at least one theme.", "themes")
    _check_codes(themes, m.where)
    _check_descriptors(themes, scale, m.where)
    criteria_codes = {c.code for t in themes for c in t.criteria}
    source_text, source_url = _source(m)
    version = VersionDef(
        code=code,
        name=m.text("name", required=True),
        status=m.choice("status", STATUSES),
        first_year=first_year,
        last_year=last_year,
        criterion_noun=m.text("criterion_noun") or "criterion",
        criterion_noun_plural=m.text("criterion_noun_plural") or "criteria",
        description=m.text("description"),
        notes=m.text("notes"),
        source_text=source_text,
        source_url=source_url,
        scale=scale,
        themes=themes,
        not_applicable=_applicability(m.get("applicability", {}), criteria_codes, m.where),
        rules=_rules(m.get("rollup", {}), m.where),
        finding_types=_finding_types(m.items("finding_types"), m.where),
        content_hash=content_hash(raw),
    )
    m.done()
    return version


def _scale(m: _Mapping) -> ScaleDef:
    levels = []
    for i, raw in enumerate(m.items("levels")):
        level = _Mapping(raw, f"{m.where}.levels[{i}]")
        levels.append(
            LevelDef(
                value=level.required_whole("value"),
                code=level.slug("code"),
                colour=level.text("colour"),
            )
        )
        if levels[-1].colour and not COLOUR.match(levels[-1].colour):
            level.fail("must be a colour such as #00703c.", "colour")
        level.done()
    if not levels:
        m.fail("needs at least one level.", "levels")
    _unique([str(lv.value) for lv in levels], m.where, "level value")
    _unique([lv.code for lv in levels], m.where, "level code")
    values = {lv.value for lv in levels}
    sets = tuple(
        _label_set(raw, f"{m.where}.label_sets[{i}]", values)
        for i, raw in enumerate(m.items("label_sets"))
    )
    sets = _with_one_default(sets, m)
    scale = ScaleDef(
        name=m.text("name", required=True),
        kind=m.choice("kind", SCALE_KINDS),
        description=m.text("description"),
        levels=tuple(levels),
        label_sets=sets,
    )
    m.done()
    return scale


def _label_set(raw: Any, where: str, values: set[int]) -> LabelSetDef:
    m = _Mapping(raw, where)
    labels = m.get("labels", required=True)
    if not isinstance(labels, dict) or set(labels) != values:
        m.fail(f"must give one label for each level value {sorted(values)}.", "labels")
    label_set = LabelSetDef(
        code=m.slug("code"),
        name=m.text("name", required=True),
        is_default=bool(m.get("default", False)),
        description=m.text("description"),
        labels={int(k): str(v) for k, v in labels.items()},
    )
    m.done()
    return label_set


def _with_one_default(sets: tuple[LabelSetDef, ...], m: _Mapping) -> tuple[LabelSetDef, ...]:
    if not sets:
        m.fail("needs at least one label set.", "label_sets")
    _unique([s.code for s in sets], m.where, "label set code")
    defaults = [s for s in sets if s.is_default]
    if len(defaults) > 1:
        m.fail("only one label set may be the default.", "label_sets")
    if not defaults:
        # The first set is the default when none is marked: every scale needs words to show.
        first = sets[0]
        default = LabelSetDef(first.code, first.name, True, first.description, first.labels)
        sets = (default, *sets[1:])
    return sets


def _theme(raw: Any, where: str) -> ThemeDef:
    m = _Mapping(raw, where)
    criteria = tuple(
        _criterion(c, f"{where}.criteria[{i}]") for i, c in enumerate(m.items("criteria"))
    )
    if not criteria:
        m.fail("needs at least one criterion.", "criteria")
    theme = ThemeDef(
        code=str(m.get("code", required=True)),
        title=m.text("title", required=True),
        description=m.text("description"),
        criteria=criteria,
    )
    m.done()
    return theme


def _criterion(raw: Any, where: str) -> CriterionDef:
    m = _Mapping(raw, where)
    focus = m.items("focus_areas")
    descriptors = m.get("level_descriptors", {})
    if not isinstance(descriptors, dict):
        m.fail("must map level values to text.", "level_descriptors")
    criterion = CriterionDef(
        code=str(m.get("code", required=True)),
        title=m.text("title", required=True),
        question=m.text("question"),
        notes=m.text("notes"),
        focus_areas=tuple(" ".join(str(f).split()) for f in focus),
        level_descriptors={int(k): " ".join(str(v).split()) for k, v in descriptors.items()},
    )
    m.done()
    return criterion


def _check_codes(themes: tuple[ThemeDef, ...], where: str) -> None:
    _unique([t.code for t in themes], where, "theme code")
    _unique([c.code for t in themes for c in t.criteria], where, "criterion code")


def _check_descriptors(themes: tuple[ThemeDef, ...], scale: ScaleDef, where: str) -> None:
    values = {lv.value for lv in scale.levels}
    for criterion in (c for t in themes for c in t.criteria):
        unknown = set(criterion.level_descriptors) - values
        if unknown:
            raise DefinitionError(
                f"{where}: criterion {criterion.code} has a descriptor for level "
                f"{min(unknown)}, which is not on the scale."
            )


def _applicability(raw: Any, codes: set[str], where: str) -> dict[str, frozenset[str]]:
    m = _Mapping(raw, f"{where}.applicability")
    excluded = m.get("not_applicable", {})
    if not isinstance(excluded, dict):
        m.fail("must map body types to lists of criterion codes.", "not_applicable")
    result = {}
    for body_type, listed in excluded.items():
        if body_type not in BodyType.values:
            m.fail(f"unknown body type {body_type!r}.", "not_applicable")
        chosen = set(codes) if listed == ALL_CRITERIA else {str(c) for c in listed or []}
        if chosen - codes:
            m.fail(
                f"unknown criterion {sorted(chosen - codes)[0]!r}.", f"not_applicable.{body_type}"
            )
        result[body_type] = frozenset(chosen)
    m.done()
    return result


def _rules(raw: Any, where: str) -> tuple[RuleDef, ...]:
    m = _Mapping(raw, f"{where}.rollup")
    rules = tuple(
        _rule(scope, m.get(scope), f"{m.where}.{scope}") for scope in SCOPES if scope in m.data
    )
    m.done()
    return rules


def _rule(scope: str, raw: Any, where: str) -> RuleDef:
    m = _Mapping(raw, where)
    method = m.choice("method", rollup.METHODS)
    advisory = m.get("advisory_method", "")
    if (method == rollup.MANUAL) != (advisory in rollup.ADVISORY_METHODS) or (
        method != rollup.MANUAL and advisory
    ):
        m.fail("a manual rule needs one, and only a manual rule may have one.", "advisory_method")
    rows = tuple(_row(r, f"{where}.rows[{i}]") for i, r in enumerate(m.items("rows")))
    uses_table = rollup.RULE_TABLE in (method, advisory)
    if uses_table != bool(rows):
        m.fail("a rule table needs rows, and only a rule table may have them.", "rows")
    cap = m.whole("cap_above_minimum")
    if rollup.CAPPED_MINIMUM in (method, advisory) and cap is None:
        m.fail("a capped minimum needs cap_above_minimum.", "cap_above_minimum")
    rule = RuleDef(
        scope=scope,
        method=method,
        advisory_method=advisory,
        median_even_count=m.choice(
            "median_even_count", tuple(rollup.EVEN_COUNT_LABELS), default=rollup.EVEN_LOWER
        ),
        cap_above_minimum=cap,
        description=m.text("description"),
        rows=rows,
    )
    m.done()
    return rule


def _row(raw: Any, where: str) -> tuple[int, list]:
    m = _Mapping(raw, where)
    result = m.required_whole("result")
    conditions = m.items("when")
    try:
        rollup.parse_conditions(conditions)
    except ValueError as exc:
        m.fail(str(exc), "when")
    m.done()
    return result, conditions


def _finding_types(items: list, where: str) -> tuple[FindingTypeDef, ...]:
    types = []
    for i, raw in enumerate(items):
        m = _Mapping(raw, f"{where}.finding_types[{i}]")
        types.append(
            FindingTypeDef(
                code=m.slug("code"),
                name=m.text("name", required=True),
                kind=m.choice("kind", FINDING_KINDS),
                description=m.text("description"),
            )
        )
        m.done()
    _unique([t.code for t in types], where, "finding type code")
    return tuple(types)
