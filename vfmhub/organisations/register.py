"""The register of English local authorities: read the published files and load them.

The files are kept as published in `shared/data/la_codes/`:

- `openregister-local-authority-eng.tsv` (GDS register, 2018): code, type, name, official name,
  start and end dates. 354 rows.
- `openregister-gss-map.tsv`: GSS code for each register code (`local-authority-eng:NFK`).
- `openregister-snac-map.tsv`: the older SNAC codes. A district's SNAC code starts with its county's
  (Norwich `33UG` sits in Norfolk `33`), which is the only place the files link a district to its
  county.
- `LAD21_RGN21_EN_LU.csv` (ONS, 2021): districts and unitaries to the nine regions. Counties have no
  row, nor do the 2018 authorities merged away by 2021.

`register_read` validates every file before anything is written and reports each problem with its
file, row and column; `register_load` writes in one transaction and records an audit event for each
organisation it creates or changes.
"""

import csv
import datetime
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from vfmhub.audit.services import audit_record
from vfmhub.lib.progress import progress
from vfmhub.organisations.models import BodyType, Organisation, Region

REGISTER_FILE = "openregister-local-authority-eng.tsv"
GSS_FILE = "openregister-gss-map.tsv"
SNAC_FILE = "openregister-snac-map.tsv"
REGION_FILE = "LAD21_RGN21_EN_LU.csv"

# The register's types. CC is the City of London Corporation and SRA the Greater London Authority
# (the file's "Strategic Regional Authority"); neither is a council of one of our types. The Isles
# of Scilly are a UA in this file.
BODY_TYPES = {
    "CTY": BodyType.COUNTY,
    "NMD": BodyType.DISTRICT,
    "MD": BodyType.METROPOLITAN,
    "LBO": BodyType.LONDON_BOROUGH,
    "UA": BodyType.UNITARY,
    "CC": BodyType.OTHER,
    "SRA": BodyType.OTHER,
}
ENG_PREFIX = "local-authority-eng:"
REGISTER_CODE = re.compile(r"^[A-Z]{3}$")
GSS_CODE = re.compile(r"^E\d{8}$")
REGION_CODE = re.compile(r"^E12\d{6}$")
NAME_MAX = 200
AUDIT_NOTE = "Loaded from the local-authority register."

FILE_MISSING = "The file is missing."
NOT_UTF8 = "The file is not UTF-8 text."
COLUMN_MISSING = "The column {column!r} is missing from the header."
EXTRA_CELLS = "The row has more cells than the header."
BAD_REGISTER_CODE = "{value!r} is not a three-letter register code."
UNKNOWN_TYPE = "{value!r} is not a known authority type (expected one of {known})."
NAME_REQUIRED = "The name is empty."
NAME_TOO_LONG = "The name is longer than {limit} characters."
BAD_DATE = "{value!r} is not a date in the form 2009-04-01."
END_BEFORE_START = "The end date {end} is before the start date {start}."
DUPLICATE_CODE = "{value!r} appears more than once (first on row {first})."
BAD_GSS = "{value!r} is not an English GSS code such as E07000143."
BAD_REGION = "{value!r} is not an ONS region code such as E12000006."
REGION_NAME_CLASH = "Region {code} is named {name!r} here but {other!r} on row {first}."


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        places = (
            self.file,
            self.row and f"row {self.row}",
            self.column and f"column {self.column}",
        )
        return f"{', '.join(p for p in places if p)}: {self.message}"


class RegisterError(Exception):
    """The files are not valid; `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class RegisterEntry:
    register_code: str
    body_type: str
    name: str
    short_name: str
    gss_code: str | None
    region_code: str | None
    parent_code: str | None
    active_from: datetime.date | None
    active_to: datetime.date | None


@dataclass
class Register:
    entries: list[RegisterEntry]
    regions: dict[str, str]
    warnings: list[str] = field(default_factory=list)


@dataclass
class RegisterLoadReport:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    regions_created: int = 0
    regions_updated: int = 0
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Table:
    """Rows of one file, each with the line it started on."""

    name: str
    rows: list[tuple[int, dict[str, str]]]


def register_folder(path: Path) -> Path:
    """The folder holding the files, given the folder or the register file inside it."""
    return path.parent if path.is_file() else path


def _read_table(path: Path, required: tuple[str, ...], errors: list[RowError]) -> _Table:
    table = _Table(path.name, [])
    if not path.is_file():
        errors.append(RowError(path.name, 0, "", FILE_MISSING))
        return table
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    # utf-8-sig strips the byte-order mark some publishers put before the first header.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        try:
            reader.fieldnames = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in required if c not in reader.fieldnames]
            for column in missing:
                errors.append(RowError(path.name, 1, column, COLUMN_MISSING.format(column=column)))
            if missing:
                return table
            start = reader.line_num + 1
            for record in reader:
                _take_row(table, record, start, errors)
                start = reader.line_num + 1
        except UnicodeDecodeError:
            errors.append(RowError(path.name, reader.line_num + 1, "", NOT_UTF8))
    return table


def _take_row(table: _Table, record: dict, line: int, errors: list[RowError]) -> None:
    if record.get(None):  # csv puts cells beyond the header under the key None
        errors.append(RowError(table.name, line, "", EXTRA_CELLS))
        return
    values = {k: (v or "").strip() for k, v in record.items() if k is not None}
    if any(values.values()):
        table.rows.append((line, values))


def _parse_date(value: str, file: str, line: int, column: str, errors) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(RowError(file, line, column, BAD_DATE.format(value=value)))
        return None


def _check_unique(table: _Table, column: str, errors: list[RowError]) -> None:
    first: dict[str, int] = {}
    for line, row in table.rows:
        value = row[column]
        if value in first:
            message = DUPLICATE_CODE.format(value=value, first=first[value])
            errors.append(RowError(table.name, line, column, message))
        first.setdefault(value, line)


def _validate_register_row(file: str, line: int, row: dict, errors: list[RowError]) -> dict:
    code, kind = row["local-authority-eng"], row["local-authority-type"]
    if not REGISTER_CODE.match(code):
        errors.append(
            RowError(file, line, "local-authority-eng", BAD_REGISTER_CODE.format(value=code))
        )
    if kind not in BODY_TYPES:
        known = ", ".join(BODY_TYPES)
        message = UNKNOWN_TYPE.format(value=kind, known=known)
        errors.append(RowError(file, line, "local-authority-type", message))
    name = row.get("official-name") or row["name"]
    if not row["name"]:
        errors.append(RowError(file, line, "name", NAME_REQUIRED))
    elif len(name) > NAME_MAX:
        column = "official-name" if row.get("official-name") else "name"
        errors.append(RowError(file, line, column, NAME_TOO_LONG.format(limit=NAME_MAX)))
    start = _parse_date(row["start-date"], file, line, "start-date", errors)
    end = _parse_date(row["end-date"], file, line, "end-date", errors)
    if start and end and end < start:
        errors.append(
            RowError(file, line, "end-date", END_BEFORE_START.format(end=end, start=start))
        )
    return {
        "code": code,
        "type": kind,
        "name": name,
        "short": row["name"],
        "from": start,
        "to": end,
    }


def _read_register(folder: Path, errors: list[RowError]) -> list[dict]:
    required = ("local-authority-eng", "local-authority-type", "name", "official-name")
    table = _read_table(folder / REGISTER_FILE, (*required, "start-date", "end-date"), errors)
    _check_unique(table, "local-authority-eng", errors)
    return [_validate_register_row(table.name, line, row, errors) for line, row in table.rows]


def _read_code_map(path: Path, column: str, errors: list[RowError], pattern=None) -> dict:
    """{register code: code in `column`} for the English rows of a GDS code map."""
    table = _read_table(path, (column, "local-authority"), errors)
    english = _Table(
        table.name, [r for r in table.rows if r[1]["local-authority"].startswith(ENG_PREFIX)]
    )
    _check_unique(english, "local-authority", errors)
    codes = {}
    for line, row in english.rows:
        value = row[column]
        if pattern and not pattern.match(value):
            errors.append(RowError(table.name, line, column, BAD_GSS.format(value=value)))
        codes[row["local-authority"].removeprefix(ENG_PREFIX)] = value
    return codes


def _read_regions(folder: Path, errors: list[RowError]) -> tuple[dict, dict[str, str]]:
    """({district GSS: (name, region code)}, {region code: region name}) from the ONS lookup."""
    required = ("LAD21CD", "LAD21NM", "RGN21CD", "RGN21NM")
    table = _read_table(folder / REGION_FILE, required, errors)
    _check_unique(table, "LAD21CD", errors)
    districts: dict[str, tuple[str, str]] = {}
    regions: dict[str, str] = {}
    first: dict[str, int] = {}
    for line, row in table.rows:
        if not GSS_CODE.match(row["LAD21CD"]):
            errors.append(
                RowError(table.name, line, "LAD21CD", BAD_GSS.format(value=row["LAD21CD"]))
            )
        code, name = row["RGN21CD"], row["RGN21NM"]
        if not REGION_CODE.match(code):
            errors.append(RowError(table.name, line, "RGN21CD", BAD_REGION.format(value=code)))
        elif regions.setdefault(code, name) != name:
            message = REGION_NAME_CLASH.format(
                code=code, name=name, other=regions[code], first=first[code]
            )
            errors.append(RowError(table.name, line, "RGN21NM", message))
        first.setdefault(code, line)
        districts[row["LAD21CD"]] = (row["LAD21NM"], code)
    return districts, regions


def register_read(path: Path) -> Register:
    """Read and validate the files; raises RegisterError listing every problem."""
    folder = register_folder(Path(path))
    errors: list[RowError] = []
    rows = _read_register(folder, errors)
    gss = _read_code_map(folder / GSS_FILE, "gss", errors, GSS_CODE)
    snac = _read_code_map(folder / SNAC_FILE, "snac", errors)
    districts, regions = _read_regions(folder, errors)
    if errors:
        raise RegisterError(errors)
    warnings: list[str] = []
    parents = _parents(rows, snac, warnings)
    region_of = _regions(rows, gss, parents, districts, regions, warnings)
    for row in rows:
        if row["code"] not in gss:
            warnings.append(f"{row['name']} ({row['code']}) has no GSS code in {GSS_FILE}.")
    entries = [
        RegisterEntry(
            register_code=row["code"],
            body_type=BODY_TYPES[row["type"]],
            name=row["name"],
            short_name=row["short"],
            gss_code=gss.get(row["code"]),
            region_code=region_of.get(row["code"]),
            parent_code=parents.get(row["code"]),
            active_from=row["from"],
            active_to=row["to"],
        )
        for row in rows
    ]
    return Register(entries=entries, regions=regions, warnings=warnings)


def _parents(rows: list[dict], snac: dict[str, str], warnings: list[str]) -> dict[str, str]:
    """{district code: county code}, through the SNAC prefix the two share."""
    county_by_snac = {
        snac[r["code"]]: r["code"] for r in rows if r["type"] == "CTY" and r["code"] in snac
    }
    parents = {}
    for row in rows:
        if row["type"] != "NMD":
            continue
        county = county_by_snac.get(snac.get(row["code"], "")[:2])
        if county:
            parents[row["code"]] = county
        else:
            warnings.append(f"{row['name']} ({row['code']}): no county found; parent left empty.")
    return parents


def _regions(rows, gss, parents, districts, regions, warnings) -> dict[str, str]:
    """{register code: region code}, working outwards from the ONS lookup.

    1. the authority's own row in the lookup (or, for the GLA, a GSS code that is a region's);
    2. a county takes the region its districts share;
    3. what is left (authorities merged away before 2021) takes the region of the 2021 successor
       named after it (Dorset, Buckinghamshire, North and West Northamptonshire, Bournemouth,
       Christchurch and Poole), if exactly one region matches;
    4. a district without one takes its county's.
    """
    region_of = {}
    for row in rows:
        code = gss.get(row["code"])
        if code in districts:
            region_of[row["code"]] = districts[code][1]
        elif code in regions:
            region_of[row["code"]] = code
    for county in (r for r in rows if r["type"] == "CTY" and r["code"] not in region_of):
        shared = Counter(
            region_of[d] for d, c in parents.items() if c == county["code"] and d in region_of
        )
        if len(shared) > 1:
            warnings.append(f"{county['name']}: its districts lie in several regions.")
        if shared:
            region_of[county["code"]] = shared.most_common(1)[0][0]
    _regions_by_successor(rows, region_of, districts, only_type="CTY")
    for district, county in parents.items():
        if district not in region_of and county in region_of:
            region_of[district] = region_of[county]
    _regions_by_successor(rows, region_of, districts)
    for row in rows:
        if row["code"] not in region_of:
            warnings.append(f"{row['name']} ({row['code']}): no region found; left empty.")
    return region_of


def _regions_by_successor(rows, region_of, districts, only_type: str = "") -> None:
    for row in rows:
        if row["code"] in region_of or (only_type and row["type"] != only_type):
            continue
        word = re.compile(rf"\b{re.escape(row['short'])}\b")
        found = {region for name, region in districts.values() if word.search(name)}
        if len(found) == 1:
            region_of[row["code"]] = found.pop()


# Loading ------------------------------------------------------------------------------------


@transaction.atomic
def register_load(*, acting_user, register: Register, dry_run: bool = False) -> RegisterLoadReport:
    """Create or update an organisation for each entry; `acting_user=None` means the system.

    All or nothing. A dry run makes the same changes, reports them and rolls them back.
    """
    report = RegisterLoadReport(dry_run=dry_run, warnings=list(register.warnings))
    regions = _regions_sync(acting_user, register.regions, report)
    existing = _existing(register.entries)
    by_code: dict[str, Organisation] = {}
    # Counties first, so each district's county exists when the district is saved.
    ordered = sorted(register.entries, key=lambda e: e.body_type != BodyType.COUNTY)
    for entry in progress(ordered, "Loading authorities"):
        wanted = {
            "name": entry.name,
            "short_name": entry.short_name,
            "body_type": entry.body_type,
            "gss_code": entry.gss_code,
            "register_code": entry.register_code,
            "region": regions.get(entry.region_code or ""),
            "parent": by_code.get(entry.parent_code or ""),
            "active_from": entry.active_from,
            "active_to": entry.active_to,
        }
        found = existing.get(entry.register_code) or existing.get(entry.gss_code or "")
        by_code[entry.register_code] = _organisation_sync(acting_user, found, wanted, report)
    if dry_run:
        transaction.set_rollback(True)
    return report


def _existing(entries: Iterable[RegisterEntry]) -> dict[str, Organisation]:
    """Organisations already held, by register code and by GSS code."""
    entries = list(entries)
    codes = [e.register_code for e in entries]
    gss_codes = [e.gss_code for e in entries if e.gss_code]
    found: dict[str, Organisation] = {}
    query = Q(register_code__in=codes) | Q(gss_code__in=gss_codes)
    for organisation in Organisation.objects.filter(query).select_related("region", "parent"):
        if organisation.gss_code:
            found.setdefault(organisation.gss_code, organisation)
        if organisation.register_code:
            found[organisation.register_code] = organisation
    return found


def _organisation_sync(acting_user, organisation, wanted: dict, report) -> Organisation:
    if organisation is None:
        organisation = Organisation(**wanted)
        _save(organisation)
        changes = {k: [None, v] for k, v in wanted.items() if v not in (None, "")}
        _record(acting_user, "organisation.create", organisation, changes)
        report.created += 1
        report.changes.append(f"create {organisation.name}")
        return organisation
    changes = _differences(organisation, wanted)
    if not changes:
        report.unchanged += 1
        return organisation
    for name, value in wanted.items():
        setattr(organisation, name, value)
    _save(organisation)
    _record(acting_user, "organisation.update", organisation, changes)
    report.updated += 1
    report.changes.append(f"update {organisation.name}: {', '.join(changes)}")
    return organisation


def _differences(organisation: Organisation, wanted: dict) -> dict[str, list]:
    """{field: [old, new]} for the fields that differ; related rows compare by id."""
    changes = {}
    for name, value in wanted.items():
        current = getattr(organisation, name)
        if name in ("region", "parent"):
            same = getattr(current, "pk", None) == getattr(value, "pk", None)
        else:
            same = current == value
        if not same:
            changes[name] = [current, value]
    return changes


def _record(acting_user, action: str, obj, changes: dict) -> None:
    audit_record(acting_user=acting_user, action=action, obj=obj, changes=changes, note=AUDIT_NOTE)


def _save(organisation: Organisation) -> None:
    try:
        organisation.full_clean()
    except ValidationError as exc:
        raise ValidationError(f"{organisation.register_code} {organisation.name}: {exc}") from exc
    organisation.save()


def _regions_sync(acting_user, wanted: dict[str, str], report) -> dict[str, Region]:
    regions = {r.code: r for r in Region.objects.filter(code__in=wanted)}
    for code, name in sorted(wanted.items()):
        region = regions.get(code)
        if region is None:
            region = regions[code] = Region(code=code, name=name)
            region.full_clean()
            region.save()
            _record(
                acting_user, "region.create", region, {"code": [None, code], "name": [None, name]}
            )
            report.regions_created += 1
            report.changes.append(f"create region {name}")
        elif region.name != name:
            _record(acting_user, "region.update", region, {"name": [region.name, name]})
            region.name = name
            region.full_clean()
            region.save()
            report.regions_updated += 1
            report.changes.append(f"update region {name}")
    return regions
