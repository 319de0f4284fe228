"""Saving comparator groups: a custom group, an imported published list (CIPFA, DfE), a new
version, archiving. A change is always a new version of the same series: the earlier version is
kept, still citable where it was used, and `is_current` moves to the new one. Archiving leaves a
series with no current version (nothing is deleted, so every citation still resolves).

Concurrent edits: the form carries the version it was opened with; the service locks the series'
current row and refuses when it is no longer that version (`CHANGED_SINCE_OPENED`)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_record, audit_record_created
from vfmhub.benchmarking.models import (
    ComparatorGroup,
    ComparatorGroupMember,
    GroupKind,
    ReferenceArea,
)
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.core.importing import ImportIssue, Location, file_location
from vfmhub.lib.tabular import SourceRow, heading_key, read_table
from vfmhub.lib.tabular_files import TabularError
from vfmhub.organisations.models import Organisation

NO_MEMBERS = "Name at least one area."
TOO_MANY_MEMBERS = "A group can have at most {limit} areas."
UNKNOWN_AREA = "“{text}” is not an area in the reference data: give its GSS code or exact name."
AMBIGUOUS_AREA = "More than one area is called “{text}”: give its GSS code instead."
NO_AREA_COLUMN = (
    "No column of area names or GSS codes: head one column “Name” (or “Authority”) or “GSS code”."
)
NO_ROWS = "The file has no areas under its headings."
ARCHIVED = "This group has been archived: it has no current version to change."
MAX_MEMBERS = 500
GROUP_FIELDS = ["name", "kind", "publisher", "source", "body_code", "series", "version"]

CODE_HEADINGS = {"gsscode", "code", "areacode", "onscode", "lacode", "gss", "ladcode", "lad21cd"}
NAME_HEADINGS = {
    "name",
    "area",
    "areaname",
    "authority",
    "localauthority",
    "council",
    "laname",
    "lad21nm",
    "neighbour",
}


@dataclass(frozen=True)
class Entry:
    """One area as someone named it: a GSS code, a name, or both, and where."""

    location: Location
    code: str = ""
    name: str = ""

    @property
    def text(self) -> str:
        return self.code or self.name


def entries_from_lines(text: str) -> list[Entry]:
    """One area a line (a GSS code or a name); blank lines skipped."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        cleaned = " ".join(line.split()).strip(" ,;")
        if not cleaned:
            continue
        looks_like_code = len(cleaned) == 9 and cleaned[0].isalpha() and cleaned[1:].isdigit()
        entries.append(
            Entry(
                Location(row=number),
                code=cleaned.upper() if looks_like_code else "",
                name="" if looks_like_code else cleaned,
            )
        )
    return entries


def _columns(header: SourceRow) -> tuple[int | None, int | None]:
    keys = [heading_key(cell) for cell in header.cells]
    code = next((i for i, key in enumerate(keys) if key in CODE_HEADINGS), None)
    name = next((i for i, key in enumerate(keys) if key in NAME_HEADINGS), None)
    return code, name


def entries_from_file(data: bytes, filename: str) -> tuple[list[Entry], list[ImportIssue]]:
    """The areas of a published list: the first row naming a column of GSS codes or area names
    is the heading row; every row under it with a code or a name is one area."""
    try:
        rows = read_table(data, filename)
    except TabularError as exc:
        return [], [ImportIssue(file_location(exc), exc.detail)]
    header_index = next(
        (i for i, row in enumerate(rows[:30]) if any(c is not None for c in _columns(row))), None
    )
    if header_index is None:
        return [], [ImportIssue(Location(row=0), NO_AREA_COLUMN)]
    code_col, name_col = _columns(rows[header_index])
    entries = []
    for row in rows[header_index + 1 :]:
        code, name = row.cell(code_col).upper(), row.cell(name_col)
        if code or name:
            column = code_col if code else name_col
            entries.append(Entry(Location(row=row.number, column=column), code=code, name=name))
    if not entries:
        return [], [ImportIssue(Location(row=0), NO_ROWS)]
    return entries, []


def areas_for_entries(entries: Sequence[Entry]) -> tuple[list[ReferenceArea], list[ImportIssue]]:
    """Each entry's area (by GSS code, else by name without regard to case, preferring an area
    that still exists), in order without repeats; an issue for each entry not found."""
    if not entries:
        return [], [ImportIssue(Location(row=0), NO_MEMBERS)]
    if len(entries) > MAX_MEMBERS:
        return [], [ImportIssue(Location(row=0), TOO_MANY_MEMBERS.format(limit=MAX_MEMBERS))]
    by_code = {area.gss_code: area for area in ReferenceArea.objects.all()}
    by_name: dict[str, list[ReferenceArea]] = {}
    for each in by_code.values():
        by_name.setdefault(each.name.casefold(), []).append(each)
    found: list[ReferenceArea] = []
    issues: list[ImportIssue] = []
    for entry in entries:
        area: ReferenceArea | None = by_code.get(entry.code) if entry.code else None
        if area is None and entry.name:
            named = by_name.get(entry.name.casefold(), [])
            current = [a for a in named if a.active_to is None] or named
            if len(current) > 1:
                issues.append(ImportIssue(entry.location, AMBIGUOUS_AREA.format(text=entry.name)))
                continue
            area = current[0] if current else None
        if area is None:
            issues.append(ImportIssue(entry.location, UNKNOWN_AREA.format(text=entry.text)))
        elif area not in found:
            found.append(area)
    return found, issues


def areas_from_text(text: str) -> list[ReferenceArea]:
    """The areas named one a line (a GSS code or a name); a ValidationError on `members` naming
    each line that is not an area."""
    areas, issues = areas_for_entries(entries_from_lines(text))
    if issues:
        raise ValidationError(
            {
                "members": [
                    f"Line {i.location.row}: {i.message}" if i.location.row else i.message
                    for i in issues[:50]
                ]
            }
        )
    return areas


def _add_members(group: ComparatorGroup, areas: Sequence[ReferenceArea]) -> None:
    if not areas:
        raise ValidationError({"members": NO_MEMBERS})
    if len(areas) > MAX_MEMBERS:
        raise ValidationError({"members": TOO_MANY_MEMBERS.format(limit=MAX_MEMBERS)})
    ComparatorGroupMember.objects.bulk_create(
        ComparatorGroupMember(group=group, gss_code=a.gss_code, name=a.name, position=i)
        for i, a in enumerate(areas, start=1)
    )


def _member_codes(group: ComparatorGroup) -> list[str]:
    return list(group.members.order_by("position").values_list("gss_code", flat=True))


@transaction.atomic
def comparator_group_create(
    *,
    acting_user: User | None,
    owner: Organisation,
    kind: str,
    name: str,
    areas: Sequence[ReferenceArea],
    publisher: str = "",
    source: str = "",
    body_code: str = "",
) -> ComparatorGroup:
    """A new group (version 1 of a new series)."""
    # Lock the owner's row so two saves at once do not take the same series number.
    Organisation.objects.select_for_update().filter(pk=owner.pk).first()
    series = (ComparatorGroup.objects.aggregate(top=Max("series"))["top"] or 0) + 1
    group = ComparatorGroup(
        owner=owner,
        kind=kind,
        name=name.strip(),
        publisher=publisher.strip(),
        source=source.strip(),
        body_code=body_code.strip().upper(),
        series=series,
        version=1,
        is_current=True,
        created_by=acting(acting_user),
    )
    group.full_clean()
    group.save()
    _add_members(group, areas)
    audit_record_created(
        acting_user=acting_user,
        action="comparator_group.created",
        obj=group,
        fields=GROUP_FIELDS,
        note=f"{len(areas)} areas: " + ", ".join(a.gss_code for a in areas),
        organisation_id=owner.pk,
    )
    return group


def _locked_current(group: ComparatorGroup, expected_version: int | None) -> ComparatorGroup:
    current = (
        ComparatorGroup.objects.select_for_update()
        .filter(series=group.series, is_current=True)
        .first()
    )
    if current is None:
        raise ValidationError(ARCHIVED, code="archived")
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(CHANGED_SINCE_OPENED, code="stale")
    return current


@transaction.atomic
def comparator_group_new_version(
    *,
    acting_user: User | None,
    group: ComparatorGroup,
    name: str,
    areas: Sequence[ReferenceArea],
    expected_version: int | None,
) -> ComparatorGroup:
    """A new version of `group`'s series with this name and these members; the one before is
    kept and stops being current."""
    current = _locked_current(group, expected_version)
    before_codes = _member_codes(current)
    current.is_current = False
    current.save(update_fields=["is_current"])
    new = ComparatorGroup(
        owner_id=current.owner_id,
        kind=current.kind,
        name=name.strip(),
        publisher=current.publisher,
        source=current.source,
        body_code=current.body_code,
        series=current.series,
        version=current.version + 1,
        is_current=True,
        created_by=acting(acting_user),
    )
    new.full_clean()
    new.save()
    _add_members(new, areas)
    audit_record(
        acting_user=acting_user,
        action="comparator_group.new_version",
        obj=new,
        changes={
            "name": [current.name, new.name],
            "version": [current.version, new.version],
            "members": [before_codes, [a.gss_code for a in areas]],
        },
        organisation_id=current.owner_id,
    )
    return new


@transaction.atomic
def comparator_group_archive(
    *, acting_user: User | None, group: ComparatorGroup, expected_version: int | None
) -> ComparatorGroup:
    """Take the series out of the lists: no version is current; every version is kept."""
    current = _locked_current(group, expected_version)
    current.is_current = False
    current.save(update_fields=["is_current"])
    audit_record(
        acting_user=acting_user,
        action="comparator_group.archived",
        obj=current,
        changes={"is_current": [True, False]},
        organisation_id=current.owner_id,
    )
    return current


def comparator_group_import(
    *,
    acting_user: User | None,
    owner: Organisation,
    data: bytes,
    filename: str,
    name: str,
    publisher: str,
    source: str,
    body_code: str,
) -> ComparatorGroup:
    """A published list read from a CSV or Excel file; refused whole, with every row and column
    that could not be matched, when any area is unknown."""
    entries, issues = entries_from_file(data, filename)
    areas, match_issues = areas_for_entries(entries) if entries else ([], [])
    issues += match_issues
    if issues:
        raise ValidationError({"file": [str(issue) for issue in issues[:50]]})
    return comparator_group_create(
        acting_user=acting_user,
        owner=owner,
        kind=GroupKind.PUBLISHED,
        name=name,
        areas=areas,
        publisher=publisher,
        source=source or filename,
        body_code=body_code,
    )
