"""A body's baselines for a programme and its council tax base, and its whole set-up at once."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.accounts.models import User
from vfmhub.audit.services import audit_record_changed, snapshot
from vfmhub.core.concurrency import check_unchanged
from vfmhub.efficiency.models import (
    Baseline,
    BaselineKind,
    EfficiencyProgramme,
    Participant,
    TaxBase,
)
from vfmhub.efficiency.services.common import Version, fields_saved, owners, participant_of
from vfmhub.efficiency.services.programmes import participant_update
from vfmhub.organisations.models import Organisation

BASELINE_NOT_POSITIVE = "Enter a baseline greater than £0."
TAX_BASE_NOT_POSITIVE = "Enter a tax base greater than 0 Band D equivalents."
UNKNOWN_BASELINE_KIND = "Choose whole body, fire services or services other than fire."


@transaction.atomic
def baseline_save(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    organisation: Organisation,
    amount: Decimal,
    year: int,
    kind: str = BaselineKind.TOTAL,
    source: str = "",
    expected_updated_at: Version = None,
) -> Baseline:
    """Create or change a body's baseline of one kind (whole body, fire or non-fire)."""
    participant_of(programme, organisation)
    if kind not in BaselineKind.values:
        raise ValidationError({"kind": UNKNOWN_BASELINE_KIND})
    if amount is None or Decimal(amount) <= 0:
        raise ValidationError({"amount": BASELINE_NOT_POSITIVE})
    baseline = (
        Baseline.objects.select_for_update()
        .filter(programme=programme, organisation=organisation, kind=kind)
        .first()
    )
    created = baseline is None
    if not created:
        check_unchanged(baseline, expected_updated_at)
    baseline = baseline or Baseline(programme=programme, organisation=organisation, kind=kind)
    before = fields_saved(baseline, {"amount": Decimal(amount), "year": year, "source": source})
    audit_record_changed(
        acting_user=acting_user,
        action="efficiency.baseline.save",
        obj=baseline,
        before={} if created else before,
        after=snapshot(baseline, list(before)),
        **owners(programme, organisation.pk),
    )
    return baseline


@transaction.atomic
def tax_base_save(
    *,
    acting_user: User | None,
    organisation: Organisation,
    year: int,
    band_d_equivalents: Decimal,
    source: str = "",
) -> TaxBase:
    """Create or change a body's council tax base (Band D equivalents) for a year."""
    if band_d_equivalents is None or Decimal(band_d_equivalents) <= 0:
        raise ValidationError({"band_d_equivalents": TAX_BASE_NOT_POSITIVE})
    found = TaxBase.objects.filter(organisation=organisation, year=year).first()
    tax_base = found or TaxBase(organisation=organisation, year=year)
    values = {"band_d_equivalents": Decimal(band_d_equivalents), "source": source}
    before = fields_saved(tax_base, values)
    audit_record_changed(
        acting_user=acting_user,
        action="efficiency.tax_base.save",
        obj=tax_base,
        before=before if found else {},
        after=snapshot(tax_base, list(values)),
        organisation_id=organisation.pk,
    )
    return tax_base


@transaction.atomic
def body_setup_save(
    *,
    acting_user: User | None,
    programme: EfficiencyProgramme,
    participant: Participant,
    baseline_year: int,
    baseline_source: str = "",
    total: Decimal | None = None,
    fire: Decimal | None = None,
    non_fire: Decimal | None = None,
    carry_forward: Decimal,
    carry_forward_source: str = "",
    tax_base_year: int | None = None,
    band_d_equivalents: Decimal | None = None,
) -> Participant:
    """A body's set-up by the programme's manager: each baseline given (whole body, fire,
    non-fire), its carry-forward, and its tax base when both year and figure are given."""
    given = {BaselineKind.TOTAL: total, BaselineKind.FIRE: fire, BaselineKind.NON_FIRE: non_fire}
    for kind, amount in given.items():
        if amount:
            baseline_save(
                acting_user=acting_user,
                programme=programme,
                organisation=participant.organisation,
                amount=amount,
                year=baseline_year,
                kind=kind,
                source=baseline_source,
            )
    updated = participant_update(
        acting_user=acting_user,
        participant=participant,
        carry_forward=carry_forward,
        carry_forward_source=carry_forward_source,
    )
    if tax_base_year and band_d_equivalents:
        tax_base_save(
            acting_user=acting_user,
            organisation=participant.organisation,
            year=tax_base_year,
            band_d_equivalents=band_d_equivalents,
        )
    return updated
