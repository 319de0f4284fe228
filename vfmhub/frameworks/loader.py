"""Loading the shipped framework definitions into the database (`vfmhub load-frameworks`).

Every file is read and checked, and every version compared with what is stored, before anything is
written; the writes then happen in one transaction. Loading twice changes nothing the second time.
A version that is in use (published) is never changed in place: if its definition differs from what
was loaded before, the loader refuses and says to make a new version.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from vfmhub.audit.services import audit_record
from vfmhub.frameworks.definition_schema import (
    DefinitionError,
    FrameworkDef,
    ThemeDef,
    VersionDef,
    parse_file,
)
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
from vfmhub.frameworks.wording import (
    VERSION_STRUCTURE,
    VERSION_WORDING,
    only_wording_differs,
    wording_update,
)
from vfmhub.lib import clock
from vfmhub.organisations.models import BodyType

DEFINITIONS_DIRECTORY = Path(__file__).resolve().parent / "definitions"
PUBLISHED_CHANGED = (
    "{name} is in use (published), and its definition in {file} differs from what was loaded "
    "before. A version in use is never changed in place. Leave version {code!r} as it was and add "
    "a new version (a new code, such as {code}-r2, with status draft) for the changes."
)
NO_FILES = "No framework definitions (*.yaml) found in {directory}."
DUPLICATE_FRAMEWORK = "Framework code {code!r} is defined in both {first} and {second}."
FRAMEWORK_FIELDS = ("name", "publisher", "description", "source_text", "source_url", "order")

CREATE, REPLACE, UNCHANGED = "created", "replaced (draft)", "unchanged"
REWORDED = "wording updated (notes, descriptions and sources only)"


class FrameworkLoadError(Exception):
    """The definitions cannot be loaded; nothing was written."""


@dataclass
class LoadReport:
    lines: list[str] = field(default_factory=list)
    versions_created: int = 0
    versions_replaced: int = 0
    versions_unchanged: int = 0
    frameworks_created: int = 0
    frameworks_updated: int = 0
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(
            (
                self.versions_created,
                self.versions_replaced,
                self.frameworks_created,
                self.frameworks_updated,
            )
        )

    def summary(self) -> str:
        verb = "Would change" if self.dry_run else "Changed"
        if not self.changed:
            tail = "Nothing changed: every framework and version is already loaded as defined."
        else:
            tail = (
                f"{verb}: {self.frameworks_created} framework(s) created, "
                f"{self.frameworks_updated} updated; {self.versions_created} version(s) created, "
                f"{self.versions_replaced} replaced, {self.versions_unchanged} unchanged."
            )
        return "\n".join([*self.lines, tail])


def load_frameworks(
    directory: Path | None = None, *, dry_run: bool = False, acting_user=None
) -> LoadReport:
    """Load every `*.yaml` definition in `directory` (the shipped ones by default)."""
    definitions = read_definitions(directory or DEFINITIONS_DIRECTORY)
    plan = _plan(definitions)
    report = LoadReport(dry_run=dry_run)
    if dry_run:
        _describe(plan, report)
        return report
    try:
        with transaction.atomic():
            _apply(plan, report, acting_user)
    except (ValidationError, DatabaseError) as exc:
        # A value the file checks let through (too long, say): everything is rolled back.
        raise FrameworkLoadError(f"Nothing was loaded: {_plain_error(exc)}") from None
    return report


def _plain_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)


def read_definitions(directory: Path) -> list[FrameworkDef]:
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise FrameworkLoadError(NO_FILES.format(directory=directory))
    try:
        definitions = [parse_file(p) for p in paths]
    except DefinitionError as exc:
        raise FrameworkLoadError(str(exc)) from None
    seen: dict[str, Path] = {}
    for d in definitions:
        if d.code in seen:
            raise FrameworkLoadError(
                DUPLICATE_FRAMEWORK.format(code=d.code, first=seen[d.code].name, second=d.path.name)
            )
        seen[d.code] = d.path
    return definitions


@dataclass
class _Step:
    definition: FrameworkDef
    version: VersionDef
    action: str
    stored: FrameworkVersion | None


def _plan(definitions: list[FrameworkDef]) -> list[_Step]:
    """What each version needs; refuses before any write if an in-use version would change."""
    stored = {
        (v.framework.code, v.code): v
        for v in FrameworkVersion.objects.select_related("framework").filter(
            framework__code__in=[d.code for d in definitions]
        )
    }
    steps = []
    for definition in definitions:
        for version in definition.versions:
            existing = stored.get((definition.code, version.code))
            steps.append(
                _Step(definition, version, _action(definition, version, existing), existing)
            )
    return steps


def _action(definition: FrameworkDef, version: VersionDef, existing) -> str:
    if existing is None:
        return CREATE
    if existing.content_hash == version.content_hash:
        return UNCHANGED
    if existing.is_in_use():
        if only_wording_differs(existing, version):
            return REWORDED
        raise FrameworkLoadError(
            PUBLISHED_CHANGED.format(
                name=existing.name, file=definition.path.name, code=version.code
            )
        )
    return REPLACE


def _describe(plan: list[_Step], report: LoadReport) -> None:
    for step in plan:
        report.lines.append(
            f"{step.definition.name} – {step.version.name}: would be {step.action}."
        )
        _count(report, step.action)


def _count(report: LoadReport, action: str) -> None:
    if action == CREATE:
        report.versions_created += 1
    elif action in (REPLACE, REWORDED):
        report.versions_replaced += 1
    else:
        report.versions_unchanged += 1


def _apply(plan: list[_Step], report: LoadReport, acting_user) -> None:
    frameworks: dict[str, Framework] = {}
    for step in plan:
        code = step.definition.code
        if code not in frameworks:
            frameworks[code] = _save_framework(step.definition, report)
        if step.action != UNCHANGED:
            _write_version(frameworks[code], step, acting_user)
        report.lines.append(f"{step.definition.name} – {step.version.name}: {step.action}.")
        _count(report, step.action)


def _write_version(framework: Framework, step: _Step, acting_user) -> None:
    old_hash = step.stored.content_hash if step.stored else None
    if step.action == REWORDED and step.stored is not None:
        version = step.stored
        wording_update(version, step.version)
    else:
        version = _save_version(framework, step.version, step.stored)
    audit_record(
        acting_user=acting_user,
        action="frameworks.version_load",
        obj=version,
        changes={"content_hash": [old_hash, version.content_hash]},
        note=f"Loaded from {step.definition.path.name}: {step.action}.",
    )


def _save_framework(definition: FrameworkDef, report: LoadReport) -> Framework:
    """Framework details are descriptive, not versioned: they are updated in place."""
    values = {name: getattr(definition, name) for name in FRAMEWORK_FIELDS}
    framework = Framework.objects.filter(code=definition.code).first()
    if framework is None:
        framework = Framework(code=definition.code, **values)
        report.frameworks_created += 1
    elif any(getattr(framework, k) != v for k, v in values.items()):
        for name, value in values.items():
            setattr(framework, name, value)
        report.frameworks_updated += 1
        report.lines.append(f"{definition.name}: framework details updated.")
    else:
        return framework
    framework.full_clean()
    framework.save()
    return framework


def _save_version(framework: Framework, vdef: VersionDef, existing) -> FrameworkVersion:
    version = existing or FrameworkVersion(framework=framework, code=vdef.code)
    for name in (*VERSION_STRUCTURE, *VERSION_WORDING, "content_hash"):
        setattr(version, name, getattr(vdef, name))
    version.loaded_at = clock.now()
    version.full_clean()
    version.save()
    if existing is not None:
        # Only a draft reaches here: its content is rebuilt from the definition.
        _clear_content(version)
    levels = _save_scale(version, vdef)
    criteria = _save_themes(version, vdef.themes, levels)
    _save_applicability(criteria, vdef.not_applicable)
    _save_rules(version, vdef)
    FindingType.objects.bulk_create(
        FindingType(version=version, order=i, **vars(t)) for i, t in enumerate(vdef.finding_types)
    )
    return version


def _clear_content(version: FrameworkVersion) -> None:
    Theme.objects.filter(version=version).delete()  # criteria and their rows go with them
    Scale.objects.filter(version=version).delete()
    RollupRule.objects.filter(version=version).delete()
    FindingType.objects.filter(version=version).delete()


def _save_scale(version: FrameworkVersion, vdef: VersionDef) -> dict[int, ScaleLevel]:
    sdef = vdef.scale
    scale = Scale.objects.create(
        version=version, name=sdef.name, kind=sdef.kind, description=sdef.description
    )
    levels = ScaleLevel.objects.bulk_create(
        ScaleLevel(scale=scale, value=lv.value, code=lv.code, colour=lv.colour)
        for lv in sdef.levels
    )
    by_value = {lv.value: lv for lv in levels}
    for ldef in sdef.label_sets:
        label_set = ScaleLabelSet.objects.create(
            scale=scale,
            code=ldef.code,
            name=ldef.name,
            is_default=ldef.is_default,
            description=ldef.description,
        )
        ScaleLabel.objects.bulk_create(
            ScaleLabel(label_set=label_set, level=by_value[value], label=text)
            for value, text in ldef.labels.items()
        )
    return by_value


def _save_themes(
    version: FrameworkVersion, themes: tuple[ThemeDef, ...], levels: dict[int, ScaleLevel]
) -> list[Criterion]:
    criteria = []
    for t_order, tdef in enumerate(themes, start=1):
        theme = Theme.objects.create(
            version=version,
            code=tdef.code,
            title=tdef.title,
            description=tdef.description,
            order=t_order,
        )
        for c_order, cdef in enumerate(tdef.criteria, start=1):
            criterion = Criterion.objects.create(
                version=version,
                theme=theme,
                code=cdef.code,
                title=cdef.title,
                question=cdef.question,
                notes=cdef.notes,
                order=c_order,
            )
            FocusArea.objects.bulk_create(
                FocusArea(criterion=criterion, order=i, text=text)
                for i, text in enumerate(cdef.focus_areas, start=1)
            )
            LevelDescriptor.objects.bulk_create(
                LevelDescriptor(criterion=criterion, level=levels[value], text=text)
                for value, text in cdef.level_descriptors.items()
            )
            criteria.append(criterion)
    return criteria


def _save_applicability(
    criteria: list[Criterion], not_applicable: dict[str, frozenset[str]]
) -> None:
    """A default row for every criterion and body type, so the matrix is explicit and editable."""
    Applicability.objects.bulk_create(
        Applicability(
            criterion=criterion,
            body_type=body_type,
            applies=criterion.code not in not_applicable.get(body_type, frozenset()),
        )
        for criterion in criteria
        for body_type in BodyType.values
    )


def _save_rules(version: FrameworkVersion, vdef: VersionDef) -> None:
    for rdef in vdef.rules:
        rule = RollupRule(
            version=version,
            scope=rdef.scope,
            method=rdef.method,
            advisory_method=rdef.advisory_method,
            median_even_count=rdef.median_even_count,
            cap_above_minimum=rdef.cap_above_minimum,
            description=rdef.description,
        )
        rule.full_clean()
        rule.save()
        RollupRuleRow.objects.bulk_create(
            RollupRuleRow(rule=rule, order=i, result=result, conditions=conditions)
            for i, (result, conditions) in enumerate(rdef.rows, start=1)
        )
