"""Loading the shipped national indicator definitions (`vfmhub load-indicators`).

Every file is read and checked before anything is written, then all the writes happen in one
transaction. A changed definition updates the indicator (audited); a changed RAG rule adds a new
rule version. Loading twice changes nothing the second time.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from vfmhub.accounts.models import User
from vfmhub.performance.definitions.schema import (
    DEFINITIONS_DIRECTORY,
    DefinitionError,
    IndicatorDef,
    read_file,
)
from vfmhub.performance.models import Indicator
from vfmhub.performance.services.indicators import (
    EDITABLE_FIELDS,
    indicator_create,
    indicator_update,
    rag_rule_add_version,
    rag_rule_current,
    rule_bands,
)

NO_FILES = "No indicator definitions (*.yaml) found in {directory}."
DUPLICATE = "Indicator code {code!r} is defined twice: in {first} and in {second}."


class IndicatorLoadError(Exception):
    """The definitions cannot be loaded; nothing was written."""


@dataclass
class FileReport:
    name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rules_added: int = 0

    def line(self, dry_run: bool) -> str:
        verb = "would be " if dry_run else ""
        return (
            f"{self.name}: {self.created} {verb}created, {self.updated} {verb}updated, "
            f"{self.unchanged} unchanged; {self.rules_added} RAG rule version(s) {verb}added."
        )


@dataclass
class LoadReport:
    dry_run: bool = False
    files: list[FileReport] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(f.created or f.updated or f.rules_added for f in self.files)

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    def summary(self) -> str:
        lines = [f.line(self.dry_run) for f in self.files]
        if not self.changed:
            lines.append("Nothing changed: every indicator is already loaded as defined.")
        else:
            verb = "Would change" if self.dry_run else "Changed"
            lines.append(
                f"{verb}: {self.total('created')} indicator(s) created, "
                f"{self.total('updated')} updated, {self.total('rules_added')} RAG rule "
                "version(s) added."
            )
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "changed": self.changed,
            "files": [vars(f) for f in self.files],
            **{k: self.total(k) for k in ("created", "updated", "unchanged", "rules_added")},
        }


def read_definitions(directory: Path) -> list[IndicatorDef]:
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise IndicatorLoadError(NO_FILES.format(directory=directory))
    defined: list[IndicatorDef] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            found = read_file(path)
        except DefinitionError as exc:
            raise IndicatorLoadError(str(exc)) from None
        for d in found:
            key = d.code.casefold()
            if key in seen:
                raise IndicatorLoadError(
                    DUPLICATE.format(code=d.code, first=seen[key].name, second=path.name)
                )
            seen[key] = path
        defined.extend(found)
    return defined


def load_indicators(
    directory: Path | None = None, *, dry_run: bool = False, acting_user: User | None = None
) -> LoadReport:
    """Load every `*.yaml` in `directory` (the shipped definitions by default)."""
    definitions = read_definitions(directory or DEFINITIONS_DIRECTORY)
    report = LoadReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            _load(definitions, report, acting_user)
            if dry_run:
                transaction.set_rollback(True)
    except (ValidationError, DatabaseError, PermissionDenied) as exc:
        raise IndicatorLoadError(f"Nothing was loaded: {_plain(exc)}") from None
    return report


def _plain(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)


def _load(definitions: list[IndicatorDef], report: LoadReport, acting_user: User | None) -> None:
    stored = {i.code.casefold(): i for i in Indicator.objects.filter(owner__isnull=True)}
    by_file: dict[str, FileReport] = {}
    for d in definitions:
        if d.path.name not in by_file:
            by_file[d.path.name] = FileReport(d.path.name)
            report.files.append(by_file[d.path.name])
        file_report = by_file[d.path.name]
        try:
            _load_one(d, stored.get(d.code.casefold()), file_report, acting_user)
        except ValidationError as exc:
            raise ValidationError(f"{d.path.name}, indicator {d.code}: {_plain(exc)}") from None


def _load_one(
    d: IndicatorDef, existing: Indicator | None, report: FileReport, acting_user: User | None
) -> None:
    if existing is None:
        fields = _complete(d.fields)
        indicator_create(acting_user=acting_user, owner=None, fields=fields, rag_rule=d.rule)
        report.created += 1
        report.rules_added += 1
        return
    fields = _complete(d.fields)
    if any(getattr(existing, name) != value for name, value in fields.items()):
        indicator_update(acting_user=acting_user, indicator=existing, fields=fields)
        report.updated += 1
    else:
        report.unchanged += 1
    current = rag_rule_current(existing)
    if current is None or (current.method, current.bands) != (d.rule.method, rule_bands(d.rule)):
        rag_rule_add_version(acting_user=acting_user, indicator=existing, rule=d.rule)
        report.rules_added += 1


def _complete(fields: dict[str, Any]) -> dict[str, Any]:
    """Every definable field: a key left out of the file takes the model's default, so that
    removing a key from a file puts the default back."""
    model_fields = {f.name: f for f in Indicator._meta.concrete_fields}
    return {
        name: fields[name] if name in fields else model_fields[name].get_default()
        for name in EDITABLE_FIELDS
    }
