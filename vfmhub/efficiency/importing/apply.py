"""Writing an imported returns file, in bulk, inside the caller's transaction.

The partnership collected these returns, so each changed row is recorded as a submitted return
by the importing user: a new return, or the next version of one already submitted (the earlier
version stays in the history). A national file writes 100,000 returns, so they are inserted from
plain values (`rows_insert`). Each is recorded in the history, filed under its body and the
partnership: a new return with its values (`efficiency.return.import_add`), a new version with
the old and new values of what changed (`efficiency.return.import_version`). One more event
records the import as a whole; a file that changes nothing writes and records nothing.
"""

from collections.abc import Iterator

from django.db.models import Max

from vfmhub.audit.services import (
    AuditRow,
    acting,
    audit_record,
    audit_rows_bulk,
    changes_between,
    changes_created,
)
from vfmhub.core.bulk import rows_insert
from vfmhub.efficiency.importing.validate import CREATE, UPDATE, CurrentReturn, ReturnChange
from vfmhub.efficiency.models import (
    EfficiencyProgramme,
    EfficiencyReturn,
    ReturnKind,
    ReturnRating,
    ReturnStatus,
)
from vfmhub.lib import clock

IN_CLAUSE = 900  # keys per `pk IN (...)`: within SQLite's smallest limit on parameters
KIND_LABELS = dict(ReturnKind.choices)
RETURN_COLUMNS = [
    "programme_id",
    "organisation_id",
    "year",
    "kind",
    "version",
    "status",
    "reported_value",
    "narrative",
    "created_by_id",
    "created_at",
    "submitted_by_id",
    "submitted_at",
]


def returns_apply(
    *, acting_user, programme: EfficiencyProgramme, changes: list[ReturnChange], filename: str
) -> dict[str, int]:
    """Supersede the current versions the file changes and create the new submitted ones."""
    writing = [c for c in changes if c.action in (CREATE, UPDATE)]
    counts = {
        "created": sum(c.action == CREATE for c in changes),
        "updated": sum(c.action == UPDATE for c in changes),
    }
    if not writing:
        return counts  # importing the same file again adds nothing, not even an event
    written = _write(acting_user, programme, writing)
    for action, new in (("import_add", True), ("import_version", False)):
        audit_rows_bulk(
            acting_user=acting_user,
            action=f"efficiency.return.{action}",
            model=EfficiencyReturn,
            rows=_history([w for w in written if (w[0].existing is None) is new]),
            note=filename[:500],
            partnership_id=programme.partnership_id,
        )
    audit_record(
        acting_user=acting_user,
        action="efficiency.returns.import",
        obj=programme,
        changes={name: [None, count] for name, count in counts.items()},
        note=filename[:500],
    )
    return counts


def _latest_versions(programme) -> dict[tuple, int]:
    rows = (
        EfficiencyReturn.objects.filter(programme=programme)
        .values("organisation_id", "year", "kind")
        .annotate(latest=Max("version"))
        .values_list("organisation_id", "year", "kind", "latest")
    )
    return {(o, y, k): latest for o, y, k, latest in rows.iterator()}


def _write(
    acting_user, programme, writing: list[ReturnChange]
) -> list[tuple[ReturnChange, int, int]]:
    """Each change with its new return's key and version."""
    latest = _latest_versions(programme)
    superseded = [c.existing.pk for c in writing if c.existing is not None]
    for start in range(0, len(superseded), IN_CLAUSE):
        chunk = superseded[start : start + IN_CLAUSE]
        EfficiencyReturn.objects.filter(pk__in=chunk).update(is_current=False)
    now = clock.now()
    actor = acting(acting_user)
    user = actor.pk if actor else None
    versions = [latest.get(c.key, 0) + 1 for c in writing]
    rows = (
        (
            programme.pk,
            c.organisation_id,
            c.key[1],
            c.draft.kind,
            version,
            ReturnStatus.SUBMITTED,
            c.draft.value,
            c.draft.narrative.strip(),
            user,
            now,
            user,
            now,
        )
        for c, version in zip(writing, versions, strict=True)
    )
    keys = rows_insert(EfficiencyReturn, RETURN_COLUMNS, rows, returning=True)
    ratings = (
        (key, year, rating)
        for key, change in zip(keys, writing, strict=True)
        for year, rating in change.draft.ratings.items()
    )
    rows_insert(ReturnRating, ["efficiency_return_id", "year", "rating"], ratings)
    return list(zip(writing, keys, versions, strict=True))


def _values(
    version: int, status: str, value, narrative: str, ratings: dict[int, str]
) -> dict[str, object]:
    """A return as the history shows it (ratings by year, in year order)."""
    return {
        "version": version,
        "status": status,
        "reported_value": value,
        "narrative": narrative,
        "ratings": {str(year): ratings[year] for year in sorted(ratings)},
    }


def _history(written: list[tuple[ReturnChange, int, int]]) -> Iterator[AuditRow]:
    """A new return with its values; a new version with what changed from the one it follows."""
    for change, key, version in written:
        draft = change.draft
        after = _values(
            version, ReturnStatus.SUBMITTED, draft.value, draft.narrative.strip(), draft.ratings
        )
        existing: CurrentReturn | None = change.existing
        if existing is None:
            changes = changes_created({"year": draft.year, "kind": draft.kind, **after})
        else:
            before = _values(
                existing.version,
                existing.status,
                existing.reported_value,
                existing.narrative,
                existing.ratings,
            )
            changes = changes_between(before, after)
        text = f"{change.name} {KIND_LABELS[draft.kind]} {draft.year} v{version}"
        yield AuditRow(key, text, changes, change.organisation_id)
