"""Writes to the services' value-for-money ratings: the services rated, a score (1–4, with its
reason) per service and year, and the target for a year ("75% of services scoring 2 or above").
Each is atomic, validated and audited under the organisation."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import (
    acting,
    audit_record_changed,
    audit_record_created,
    snapshot,
)
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.organisations.models import Organisation
from vfmhub.performance.models import RatingTarget, Service, ServiceRating

REASON_REQUIRED = "Give the reason for the score."
SERVICE_EXISTS = "The organisation already has a service with this name."
RATING_FIELDS = ["year", "score", "reason"]
TARGET_FIELDS = ["year", "minimum_score", "share_percent"]


@transaction.atomic
def service_add(*, acting_user: User | None, organisation: Organisation, name: str) -> Service:
    name = " ".join(name.split())
    if Service.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": SERVICE_EXISTS})
    service = Service(organisation=organisation, name=name)
    service.full_clean()
    service.save()
    audit_record_created(
        acting_user=acting_user, action="performance.service.add", obj=service, fields=["name"]
    )
    return service


@transaction.atomic
def service_rating_set(
    *,
    acting_user: User | None,
    service: Service,
    year: int,
    score: int,
    reason: str,
    expected_updated_at: Any = None,
) -> ServiceRating:
    """Rate `service` for `year`: a new rating, or a change of that year's (which names the
    version it started from; the audit trail keeps every earlier score and reason)."""
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    existing = ServiceRating.objects.filter(service=service, year=year).first()
    organisation_id = service.organisation_id
    if existing is None:
        rating = ServiceRating(
            service=service, year=year, score=score, reason=reason, rated_by=acting(acting_user)
        )
        rating.full_clean()
        rating.save()
        audit_record_created(
            acting_user=acting_user,
            action="performance.service_rating.set",
            obj=rating,
            fields=RATING_FIELDS,
            organisation_id=organisation_id,
        )
        return rating
    rating = lock_unchanged(existing, expected_updated_at)
    before = snapshot(rating, RATING_FIELDS)
    rating.score, rating.reason, rating.rated_by = score, reason, acting(acting_user)
    rating.full_clean()
    rating.save()
    audit_record_changed(
        acting_user=acting_user,
        action="performance.service_rating.set",
        obj=rating,
        before=before,
        organisation_id=organisation_id,
    )
    return rating


@transaction.atomic
def rating_target_set(
    *,
    acting_user: User | None,
    organisation: Organisation,
    year: int,
    minimum_score: int,
    share_percent: Decimal,
) -> RatingTarget:
    """Set (or change) the year's target: `share_percent` of rated services scoring at least
    `minimum_score`."""
    target = RatingTarget.objects.select_for_update().filter(
        organisation=organisation, year=year
    ).first() or RatingTarget(organisation=organisation, year=year)
    created = target.pk is None
    before = snapshot(target, TARGET_FIELDS)
    target.minimum_score, target.share_percent = minimum_score, share_percent
    target.full_clean()
    target.save()
    if created:
        audit_record_created(
            acting_user=acting_user,
            action="performance.rating_target.set",
            obj=target,
            fields=TARGET_FIELDS,
        )
    else:
        audit_record_changed(
            acting_user=acting_user,
            action="performance.rating_target.set",
            obj=target,
            before=before,
        )
    return target
