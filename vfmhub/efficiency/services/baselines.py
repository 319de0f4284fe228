"""A body's baselines for a programme and its council tax base."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from vfmhub.audit.services import snapshot
from vfmhub.core.concurrency import check_unchanged
from vfmhub.efficiency.models import Baseline, BaselineKind, EfficiencyProgramme, TaxBase
from vfmhub.efficiency.services.common import owners, participant_of, record
from vfmhub.organisations.models import Organisation

BASELINE_NOT_POSITIVE = "Enter a baseline greater than £0."
TAX_BASE_NOT_POSITIVE = "Enter a tax base greater than 0 Band D equivalents."
UNKNOWN_BASELINE_KIND = "Choose whole body, fire services or services other than fire."
BASELINE_FIELDS = ["amount", "year", "source"]


@transaction.atomic
def baseline_save(
    *,
    acting_user,
    programme: EfficiencyProgramme,
    organisation: Organisation,
    amount: Decimal,
    year: int,
    kind: str = BaselineKind.TOTAL,
    source: str = "",
    expected_updated_at=None,
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
    before = {} if created else snapshot(baseline, BASELINE_FIELDS)
    baseline.amount = Decimal(amount)
    baseline.year = year
    baseline.source = source.strip()
    baseline.full_clean()
    baseline.save()
    record(
        acting_user,
        "efficiency.baseline.save",
        baseline,
        before,
        snapshot(baseline, BASELINE_FIELDS),
        **owners(programme, organisation.pk),
    )
    return baseline


@transaction.atomic
def tax_base_save(
    *,
    acting_user,
    organisation: Organisation,
    year: int,
    band_d_equivalents: Decimal,
    source: str = "",
) -> TaxBase:
    """Create or change a body's council tax base (Band D equivalents) for a year."""
    if band_d_equivalents is None or Decimal(band_d_equivalents) <= 0:
        raise ValidationError({"band_d_equivalents": TAX_BASE_NOT_POSITIVE})
    tax_base = TaxBase.objects.filter(organisation=organisation, year=year).first()
    fields = ["band_d_equivalents", "source"]
    before = snapshot(tax_base, fields) if tax_base else {}
    tax_base = tax_base or TaxBase(organisation=organisation, year=year)
    tax_base.band_d_equivalents = Decimal(band_d_equivalents)
    tax_base.source = source.strip()
    tax_base.full_clean()
    tax_base.save()
    record(
        acting_user,
        "efficiency.tax_base.save",
        tax_base,
        before,
        snapshot(tax_base, fields),
        organisation_id=organisation.pk,
    )
    return tax_base
