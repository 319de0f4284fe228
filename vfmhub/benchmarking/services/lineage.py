"""The lineage of reorganised councils, from the shipped `reference/lineage.yaml`."""

import datetime
import hashlib
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import AuditRow, audit_rows_bulk
from vfmhub.benchmarking.loading.types import AreaRow
from vfmhub.benchmarking.models import ReferenceArea, Reorganisation, area_class_of

LINEAGE_FILE = Path(__file__).resolve().parent.parent / "reference" / "lineage.yaml"


class LineageError(Exception):
    pass


def lineage_read(path: Path = LINEAGE_FILE) -> tuple[list[Reorganisation], list[AreaRow]]:
    """The reorganisations the file lists, and the successors' and predecessors' dates."""
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        links: list[Reorganisation] = []
        areas: dict[str, AreaRow] = {}
        for block in spec["reorganisations"]:
            effective = block["effective"]
            if not isinstance(effective, datetime.date):
                raise LineageError(f"{path.name}: {effective!r} is not a date")
            ended = effective - datetime.timedelta(days=1)
            for successor in block["successors"]:
                code = str(successor["code"])
                areas[code] = AreaRow(
                    gss_code=code,
                    name=str(successor["name"]),
                    area_class=area_class_of(code),
                    active_from=effective,
                )
                shares = {str(k): Decimal(str(v)) for k, v in successor.get("split", {}).items()}
                for predecessor in [*successor.get("predecessors", []), *shares]:
                    predecessor = str(predecessor)
                    links.append(
                        Reorganisation(
                            predecessor_code=predecessor,
                            successor_code=code,
                            effective=effective,
                            share=shares.get(predecessor, Decimal(1)),
                            note=str(block.get("note", ""))[:300],
                        )
                    )
                    held = areas.get(predecessor)
                    areas[predecessor] = AreaRow(
                        gss_code=predecessor,
                        name=held.name if held else "",
                        active_from=held.active_from if held else None,
                        active_to=ended,
                    )
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise LineageError(f"{path.name} could not be read: {exc}") from exc
    return links, list(areas.values())


def lineage_digest(path: Path = LINEAGE_FILE) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@transaction.atomic
def lineage_sync(*, acting_user: User | None, path: Path = LINEAGE_FILE) -> int:
    """Make the stored lineage the file's: add what is new, change what changed, remove what the
    file no longer lists. Returns how many lines changed (0 when already in step)."""
    links, areas = lineage_read(path)
    held = {(r.predecessor_code, r.successor_code): r for r in Reorganisation.objects.all()}
    wanted = {(r.predecessor_code, r.successor_code): r for r in links}
    events: list[AuditRow] = []
    for key, link in wanted.items():
        old = held.get(key)
        if old is None:
            link.save()
            events.append(AuditRow(link.pk, str(link), {"share": [None, str(link.share)]}))
        elif (old.effective, old.share, old.note) != (link.effective, link.share, link.note):
            before = {"effective": str(old.effective), "share": str(old.share), "note": old.note}
            old.effective, old.share, old.note = link.effective, link.share, link.note
            old.save()
            after = {"effective": str(old.effective), "share": str(old.share), "note": old.note}
            events.append(AuditRow(old.pk, str(old), {k: [before[k], after[k]] for k in before}))
    for key, old in held.items():
        if key not in wanted:
            events.append(AuditRow(old.pk, str(old), {"share": [str(old.share), None]}))
            old.delete()
    _areas_sync(areas, events)
    if events:
        audit_rows_bulk(
            acting_user=acting_user,
            action="lineage loaded",
            model=Reorganisation,
            rows=events,
            note=path.name,
        )
    return len(events)


def _areas_sync(rows: list[AreaRow], events: list[AuditRow]) -> None:
    held = ReferenceArea.objects.in_bulk([r.gss_code for r in rows], field_name="gss_code")
    for row in rows:
        area = held.get(row.gss_code)
        if area is None:
            area = ReferenceArea.objects.create(
                gss_code=row.gss_code,
                name=row.name or row.gss_code,
                area_class=area_class_of(row.gss_code),
                active_from=row.active_from,
                active_to=row.active_to,
            )
            events.append(AuditRow(area.pk, str(area), {"gss_code": [None, area.gss_code]}))
            continue
        changes = {}
        for field in ("active_from", "active_to"):
            value = getattr(row, field)
            if value is not None and getattr(area, field) != value:
                changes[field] = [str(getattr(area, field) or ""), str(value)]
                setattr(area, field, value)
        if row.name and area.name == area.gss_code:
            changes["name"] = [area.name, row.name]
            area.name = row.name
        if changes:
            area.save()
            events.append(AuditRow(area.pk, str(area), changes))
