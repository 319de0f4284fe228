"""Writing reference data: one file at a time, all or nothing, idempotent, audited row by row."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import AuditRow, acting, audit_rows_bulk
from vfmhub.benchmarking.loading.types import AreaRow, ReferenceFile
from vfmhub.benchmarking.models import (
    ReferenceArea,
    ReferenceMeasure,
    ReferenceSource,
    ReferenceValue,
    SourceKind,
    area_class_of,
)
from vfmhub.core.importing import ImportIssue

AREA_FIELDS = (
    "name",
    "area_class",
    "region_code",
    "county_code",
    "hectares",
    "latitude",
    "longitude",
    "active_from",
    "active_to",
)
# Files whose area names are the official ONS names: they may rename an area. Any other file's
# names ("Bristol" in the census ranks, "Bath & North East Somerset UA" in revenue outturn) only
# name an area no file has named yet, so that loading the files in any order, again and again,
# changes nothing.
NAMING_KINDS = frozenset({SourceKind.LAD_AREAS, SourceKind.IMD})
MEASURE_FIELDS = ("title", "group", "unit", "aggregation", "is_spend", "description")


class ReferenceLoadError(Exception):
    """The file is refused whole: the rows and columns that stopped it."""

    def __init__(self, file_name: str, issues: list[ImportIssue], message: str = ""):
        self.file_name = file_name
        self.issues = issues
        super().__init__(message or f"{file_name}: {len(issues)} rows could not be read")


@dataclass
class LoadReport:
    """What a load read and what it changed (or, on a dry run, would change)."""

    file_name: str
    kind: str
    title: str
    dry_run: bool
    rows_read: int = 0
    rows_used: int = 0
    ignored: dict[str, int] = field(default_factory=dict)
    columns_used: list[str] = field(default_factory=list)
    columns_ignored: dict[str, str] = field(default_factory=dict)
    areas: int = 0
    measures: int = 0
    years: list[int] = field(default_factory=list)
    areas_added: int = 0
    areas_changed: int = 0
    measures_added: int = 0
    values_added: int = 0
    values_changed: int = 0
    values_unchanged: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.areas_added
            + self.areas_changed
            + self.measures_added
            + self.values_added
            + self.values_changed
        )

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def summary(self) -> str:
        years = ", ".join(str(y) for y in self.years) or "none"
        verb = "Would add" if self.dry_run else "Added"
        lines = [
            f"{self.file_name}: {self.title}",
            f"  Read {self.rows_read:,} rows: {self.rows_used:,} used"
            + "".join(f"; {n:,} left out ({why})" for why, n in sorted(self.ignored.items())),
            f"  {self.areas:,} areas, {self.measures:,} measures, years {years}",
            f"  {verb} {self.values_added:,} values, changed {self.values_changed:,}, "
            f"{self.values_unchanged:,} already held; areas added {self.areas_added:,}, "
            f"changed {self.areas_changed:,}",
        ]
        if self.columns_ignored:
            lines.append(
                "  Columns left out: "
                + "; ".join(f"{h} ({why})" for h, why in self.columns_ignored.items())
            )
        return "\n".join(lines)


def reference_file_load(
    *, acting_user: User | None, data: ReferenceFile, dry_run: bool = False
) -> LoadReport:
    """Write one file's areas, measures and values, all or nothing. The same file again changes
    nothing; a re-published file changes only the values that differ, each change audited."""
    if data.refused:
        raise ReferenceLoadError(data.file_name, data.refused)
    if not data.accounted:
        raise ReferenceLoadError(
            data.file_name,
            [],
            f"{data.file_name}: {data.rows_read} rows read but only "
            f"{data.rows_used + sum(data.ignored.values())} accounted for",
        )
    report = LoadReport(
        file_name=data.file_name,
        kind=data.kind,
        title=data.title,
        dry_run=dry_run,
        rows_read=data.rows_read,
        rows_used=data.rows_used,
        ignored=dict(data.ignored),
        columns_used=list(data.columns_used),
        columns_ignored=dict(data.columns_ignored),
        areas=len({a.gss_code for a in data.areas} | {v.gss_code for v in data.values}),
        measures=len(data.measures),
        years=sorted({v.year for v in data.values}),
    )
    with transaction.atomic():
        _areas_write(acting_user, data.areas, report, naming=data.kind in NAMING_KINDS)
        measures = _measures_write(acting_user, data, report)
        source = _source(acting_user, data, report)
        _values_write(acting_user, data, measures, source, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _areas_write(
    acting_user: User | None, rows: list[AreaRow], report: LoadReport, *, naming: bool
) -> None:
    wanted: dict[str, dict[str, Any]] = {}
    for row in rows:
        given = {f: getattr(row, f) for f in AREA_FIELDS if getattr(row, f) not in ("", None)}
        wanted.setdefault(row.gss_code, {}).update(given)
    held = ReferenceArea.objects.in_bulk(list(wanted), field_name="gss_code")
    added, changed, events = [], [], []
    for code, values in wanted.items():
        area = held.get(code)
        if area is None:
            values.setdefault("name", code)
            values.setdefault("area_class", area_class_of(code))
            area = ReferenceArea(gss_code=code, **values)
            added.append(area)
            continue
        if not naming and area.name not in ("", area.gss_code):
            values.pop("name", None)
        diff = {
            f: [_plain(getattr(area, f)), _plain(v)]
            for f, v in values.items()
            if _plain(getattr(area, f)) != _plain(v)
        }
        if diff:
            for f, v in values.items():
                setattr(area, f, v)
            changed.append(area)
            events.append(AuditRow(area.pk, str(area), diff, None))
    ReferenceArea.objects.bulk_create(added)
    if changed:
        ReferenceArea.objects.bulk_update(changed, list(AREA_FIELDS))
    created = ReferenceArea.objects.filter(gss_code__in=[a.gss_code for a in added])
    events += [
        AuditRow(a.pk, str(a), {f: [None, _plain(getattr(a, f))] for f in AREA_FIELDS}, None)
        for a in created
    ]
    _audit(acting_user, "reference area loaded", ReferenceArea, events, report)
    report.areas_added += len(added)
    report.areas_changed += len(changed)


def _measures_write(
    acting_user: User | None, data: ReferenceFile, report: LoadReport
) -> dict[str, ReferenceMeasure]:
    held = ReferenceMeasure.objects.in_bulk([m.code for m in data.measures], field_name="code")
    events = []
    for row in data.measures:
        values = {f: getattr(row, f) for f in MEASURE_FIELDS}
        measure = held.get(row.code)
        if measure is None:
            measure = ReferenceMeasure.objects.create(code=row.code, **values)
            held[row.code] = measure
            report.measures_added += 1
            created = {k: [None, v] for k, v in values.items()}
            events.append(AuditRow(measure.pk, row.code, created, None))
            continue
        diff = {f: [getattr(measure, f), v] for f, v in values.items() if getattr(measure, f) != v}
        if diff:
            ReferenceMeasure.objects.filter(pk=measure.pk).update(**values)
            events.append(AuditRow(measure.pk, row.code, diff, None))
    _audit(acting_user, "reference measure loaded", ReferenceMeasure, events, report)
    missing = {v.measure_code for v in data.values} - set(held)
    if missing:
        held.update(ReferenceMeasure.objects.in_bulk(list(missing), field_name="code"))
    return held


def _source(acting_user: User | None, data: ReferenceFile, report: LoadReport) -> ReferenceSource:
    source, _ = ReferenceSource.objects.get_or_create(
        kind=data.kind,
        sha256=data.sha256,
        defaults={
            "title": data.title,
            "publisher": data.publisher,
            "url": data.url,
            "file_name": data.file_name,
            "year": data.year,
            "summary": {
                "rows_read": report.rows_read,
                "areas": report.areas,
                "measures": report.measures,
                "years": report.years,
                "ignored": report.ignored,
                "columns_ignored": report.columns_ignored,
            },
            "loaded_by": acting(acting_user),
        },
    )
    return source


def _values_write(
    acting_user: User | None,
    data: ReferenceFile,
    measures: dict[str, ReferenceMeasure],
    source: ReferenceSource,
    report: LoadReport,
) -> None:
    ids = {code: m.pk for code, m in measures.items()}
    held: dict[tuple[int, str, int], tuple[int, Decimal]] = {
        (m, g, y): (pk, v)
        for pk, m, g, y, v in ReferenceValue.objects.filter(
            measure_id__in=list(ids.values())
        ).values_list("pk", "measure_id", "gss_code", "year", "value")
    }
    added: list[ReferenceValue] = []
    changed: list[ReferenceValue] = []
    events: list[AuditRow] = []
    for row in data.values:
        key = (ids[row.measure_code], row.gss_code, row.year)
        old = held.get(key)
        value = _quantised(row.value)
        if old is None:
            added.append(
                ReferenceValue(
                    measure_id=key[0],
                    gss_code=row.gss_code,
                    year=row.year,
                    value=value,
                    source=source,
                )
            )
        elif old[1] != value:
            changed.append(ReferenceValue(pk=old[0], value=value, source=source))
            text = f"{row.measure_code} {row.gss_code} {row.year}"
            events.append(AuditRow(old[0], text, {"value": [str(old[1]), str(value)]}, None))
        else:
            report.values_unchanged += 1
    ReferenceValue.objects.bulk_create(added, batch_size=2000)
    if changed:
        ReferenceValue.objects.bulk_update(changed, ["value", "source"], batch_size=2000)
    if added:
        names = {pk: code for code, pk in ids.items()}
        new = ReferenceValue.objects.filter(source=source, measure_id__in=list(ids.values()))
        wanted = {(v.measure_id, v.gss_code, v.year) for v in added}
        events += [
            AuditRow(pk, f"{names[m]} {g} {y}", {"value": [None, str(v)]}, None)
            for pk, m, g, y, v in new.values_list("pk", "measure_id", "gss_code", "year", "value")
            if (m, g, y) in wanted
        ]
    _audit(acting_user, "reference value loaded", ReferenceValue, events, report)
    report.values_added += len(added)
    report.values_changed += len(changed)


def _quantised(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.000001"))


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _audit(
    acting_user: User | None,
    action: str,
    model: type[models.Model],
    events: list[AuditRow],
    report: LoadReport,
) -> None:
    if events:
        audit_rows_bulk(
            acting_user=acting_user,
            action=action,
            model=model,
            rows=events,
            note=report.file_name,
        )
