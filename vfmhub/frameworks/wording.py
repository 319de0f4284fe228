"""Updating an in-use version's descriptive wording in place.

A published version is never changed in place, because scores and findings were recorded against
it. Its notes, descriptions and sources are only about it, though: when a definition differs from
what is stored in that wording alone (every code, title, question, level, label, rule and
applicability the same), the loader may rewrite the wording and leave everything else untouched.
"""

from vfmhub.frameworks.definition_schema import VersionDef
from vfmhub.frameworks.models import Applicability, FrameworkVersion

VERSION_STRUCTURE = (
    "name",
    "status",
    "first_year",
    "last_year",
    "criterion_noun",
    "criterion_noun_plural",
)
VERSION_WORDING = ("description", "notes", "source_text", "source_url")


def defined_structure(vdef: VersionDef) -> dict:
    """Everything a definition loads except its descriptive wording."""
    return {
        "version": [getattr(vdef, name) for name in VERSION_STRUCTURE],
        "criteria": [
            [
                t.code,
                t.title,
                c.code,
                c.title,
                c.question,
                list(c.focus_areas),
                sorted(c.level_descriptors.items()),
            ]
            for t in vdef.themes
            for c in t.criteria
        ],
        "scale": [vdef.scale.name, vdef.scale.kind]
        + [[lv.value, lv.code, lv.colour] for lv in vdef.scale.levels],
        "labels": [
            [s.code, s.name, s.is_default, sorted(s.labels.items())] for s in vdef.scale.label_sets
        ],
        "not_applicable": {k: sorted(v) for k, v in vdef.not_applicable.items() if v},
        "rules": [
            [r.scope, r.method, r.advisory_method, r.median_even_count, r.cap_above_minimum]
            + [[result, conditions] for result, conditions in r.rows]
            for r in vdef.rules
        ],
        "finding_types": [[f.code, f.name, f.kind] for f in vdef.finding_types],
    }


def stored_structure(version: FrameworkVersion) -> dict:
    """The same shape as `defined_structure`, read from what is stored."""
    scale = version.scale
    criteria = version.criteria.select_related("theme").prefetch_related(
        "focus_areas", "level_descriptors__level"
    )
    return {
        "version": [getattr(version, name) for name in VERSION_STRUCTURE],
        "criteria": [
            [
                c.theme.code,
                c.theme.title,
                c.code,
                c.title,
                c.question,
                [f.text for f in sorted(c.focus_areas.all(), key=lambda f: f.order)],
                sorted((d.level.value, d.text) for d in c.level_descriptors.all()),
            ]
            for c in criteria.order_by("theme__order", "order")
        ],
        "scale": [scale.name, scale.kind]
        + [[lv.value, lv.code, lv.colour] for lv in sorted(scale.levels.all(), key=_value)],
        "labels": [
            [
                s.code,
                s.name,
                s.is_default,
                sorted((lb.level.value, lb.label) for lb in s.labels.all()),
            ]
            for s in scale.label_sets.order_by("pk")
        ],
        "not_applicable": _stored_not_applicable(version),
        "rules": [
            [r.scope, r.method, r.advisory_method, r.median_even_count, r.cap_above_minimum]
            + [[row.result, row.conditions] for row in r.rows.order_by("order")]
            for r in version.rollup_rules.order_by("pk")
        ],
        "finding_types": [
            [f.code, f.name, f.kind] for f in version.finding_types.order_by("order", "pk")
        ],
    }


def _value(level) -> int:
    return level.value


def _stored_not_applicable(version: FrameworkVersion) -> dict[str, list[str]]:
    rows = Applicability.objects.filter(
        criterion__version=version, partnership__isnull=True, applies=False
    ).values_list("body_type", "criterion__code")
    found: dict[str, list[str]] = {}
    for body_type, code in rows:
        found.setdefault(body_type, []).append(code)
    return {k: sorted(v) for k, v in found.items()}


def only_wording_differs(version: FrameworkVersion, vdef: VersionDef) -> bool:
    return stored_structure(version) == defined_structure(vdef)


def wording_update(version: FrameworkVersion, vdef: VersionDef) -> None:
    """Rewrite the descriptive wording of `version` from `vdef`; nothing else changes."""
    for name in VERSION_WORDING:
        setattr(version, name, getattr(vdef, name))
    version.content_hash = vdef.content_hash
    version.full_clean()
    version.save()
    themes = {t.code: t for t in vdef.themes}
    for theme in version.themes.all():
        theme.description = themes[theme.code].description
        theme.save(update_fields=["description"])
    notes = {c.code: c.notes for t in vdef.themes for c in t.criteria}
    for criterion in version.criteria.all():
        criterion.notes = notes[criterion.code]
        criterion.save(update_fields=["notes"])
    scale = version.scale
    scale.description = vdef.scale.description
    scale.save(update_fields=["description"])
    label_sets = {s.code: s.description for s in vdef.scale.label_sets}
    for label_set in scale.label_sets.all():
        label_set.description = label_sets[label_set.code]
        label_set.save(update_fields=["description"])
    rules = {r.scope: r.description for r in vdef.rules}
    for rule in version.rollup_rules.all():
        rule.description = rules[rule.scope]
        rule.save(update_fields=["description"])
    finding_types = {f.code: f.description for f in vdef.finding_types}
    for finding_type in version.finding_types.all():
        finding_type.description = finding_types[finding_type.code]
        finding_type.save(update_fields=["description"])
