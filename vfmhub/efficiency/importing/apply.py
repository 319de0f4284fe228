"""Writing an imported returns file, in bulk, inside the caller's transaction.

The partnership collected these returns, so each changed row is recorded as a submitted return
by the importing user: a new return, or the next version of one already submitted (the earlier
version stays in the history). One AuditEvent records the whole import.
"""

from django.db.models import Max
from django.utils import timezone

from vfmhub.audit.services import audit_record
from vfmhub.efficiency.importing.validate import CREATE, UPDATE, ReturnChange
from vfmhub.efficiency.models import (
    EfficiencyProgramme,
    EfficiencyReturn,
    ReturnRating,
    ReturnStatus,
)

BATCH = 500


def _latest_versions(programme, changes: list[ReturnChange]) -> dict[tuple, int]:
    rows = (
        EfficiencyReturn.objects.filter(
            programme=programme, organisation_id__in={c.organisation_id for c in changes}
        )
        .values("organisation_id", "year", "kind")
        .annotate(latest=Max("version"))
        .values_list("organisation_id", "year", "kind", "latest")
    )
    return {(o, y, k): latest for o, y, k, latest in rows}


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
    _write(acting_user, programme, writing)
    audit_record(
        acting_user=acting_user,
        action="efficiency.returns.import",
        obj=programme,
        changes={name: [None, count] for name, count in counts.items()},
        note=filename[:500],
    )
    return counts


def _write(acting_user, programme, writing: list[ReturnChange]) -> None:
    latest = _latest_versions(programme, writing)
    superseded = [c.existing.pk for c in writing if c.existing is not None]
    EfficiencyReturn.objects.filter(pk__in=superseded).update(is_current=False)
    now = timezone.now()
    user = acting_user if getattr(acting_user, "pk", None) else None
    made = EfficiencyReturn.objects.bulk_create(
        [
            EfficiencyReturn(
                programme=programme,
                organisation_id=c.organisation_id,
                year=c.key[1],
                kind=c.draft.kind,
                version=latest.get(c.key, 0) + 1,
                is_current=True,
                status=ReturnStatus.SUBMITTED,
                reported_value=c.draft.value,
                narrative=c.draft.narrative.strip(),
                created_by=user,
                created_at=now,
                submitted_by=user,
                submitted_at=now,
            )
            for c in writing
        ],
        batch_size=BATCH,
    )
    ReturnRating.objects.bulk_create(
        [
            ReturnRating(efficiency_return=new, year=year, rating=rating)
            for new, change in zip(made, writing, strict=True)
            for year, rating in change.draft.ratings.items()
        ],
        batch_size=BATCH,
    )
