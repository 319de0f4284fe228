"""The indicator and value services: versions, trajectories, ratios, refusals."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vfmhub.audit.models import AuditEvent
from vfmhub.performance.calculations import Frequency, Period
from vfmhub.performance.models import Commentary, IndicatorValue, Target, TargetSource
from vfmhub.performance.services import indicators as defs
from vfmhub.performance.services import values

pytestmark = pytest.mark.django_db
Q = Frequency.QUARTER


@pytest.fixture
def indicator(personas):
    return defs.indicator_create(
        acting_user=personas.editor,
        owner=personas.org_a,
        fields={
            "code": "L1",
            "title": "Calls answered",
            "polarity": "higher",
            "frequency": "quarter",
        },
    )


@pytest.fixture
def ratio(personas):
    return defs.indicator_create(
        acting_user=personas.editor,
        owner=personas.org_a,
        fields={
            "code": "R1",
            "title": "Recycling rate",
            "polarity": "higher",
            "frequency": "quarter",
            "data_type": "ratio",
            "rollup": "ratio",
            "ratio_scale": Decimal(100),
            "unit": "%",
        },
    )


FIRST = Period(Q, 2024, 1)


def record(personas, indicator, period=FIRST, **kw):
    return values.value_record(
        acting_user=personas.editor,
        indicator=indicator,
        organisation=personas.org_a,
        period=period,
        **kw,
    )


def test_a_new_indicator_gets_the_default_rag_rule(indicator):
    rule = indicator.rag_rules.get()
    assert rule.version == 1 and rule.method == "percent"
    assert [b["limit"] for b in rule.bands] == ["0", "5", None]


def test_only_staff_define_national_indicators(personas):
    fields = {"code": "N1", "title": "N", "polarity": "lower", "frequency": "year"}
    with pytest.raises(PermissionDenied):
        defs.indicator_create(acting_user=personas.manager, owner=None, fields=fields)
    assert defs.indicator_create(acting_user=personas.staff, owner=None, fields=fields).is_national


def test_a_duplicate_code_is_refused(personas, indicator):
    with pytest.raises(ValidationError) as error:
        defs.indicator_create(
            acting_user=personas.editor,
            owner=personas.org_a,
            fields={"code": "l1", "title": "Again", "polarity": "higher", "frequency": "month"},
        )
    assert error.value.message_dict["code"] == ["There is already an indicator with the code l1."]


def test_a_stale_update_is_refused(personas, indicator):
    opened = indicator.updated_at
    defs.indicator_update(
        acting_user=personas.editor,
        indicator=indicator,
        fields={"title": "A"},
        expected_updated_at=opened,
    )
    with pytest.raises(ValidationError, match="Someone else changed this"):
        defs.indicator_update(
            acting_user=personas.editor,
            indicator=indicator,
            fields={"title": "B"},
            expected_updated_at=opened,
        )


def test_a_rule_change_is_a_new_version(personas, indicator):
    rule = defs.default_rag_rule()
    second = defs.rag_rule_add_version(
        acting_user=personas.editor, indicator=indicator, rule=rule, applies_from=2025
    )
    assert second.version == 2
    before, after = defs.rag_rule_current(indicator, 2024), defs.rag_rule_current(indicator, 2025)
    assert before is not None and before.version == 1
    assert after is not None and after.version == 2


def test_a_correction_is_a_new_version_with_a_reason(personas, indicator):
    first = record(personas, indicator, value="10")
    with pytest.raises(ValidationError) as error:
        record(personas, indicator, value="12")
    assert error.value.message_dict["reason"] == [values.REASON_NEEDED]
    with pytest.raises(ValidationError) as error:
        record(personas, indicator, value="10.0", reason="typo")
    assert error.value.message_dict["value"] == [values.SAME_AS_CURRENT]
    second = record(personas, indicator, value="12", reason="typo")
    first.refresh_from_db()
    assert (first.is_current, second.is_current, second.version) == (False, True, 2)
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 2
    assert AuditEvent.objects.filter(action="performance.value_corrected").count() == 1


def test_a_ratio_is_recomputed_from_its_parts(personas, ratio):
    row = record(personas, ratio, numerator="1234", denominator="5000")
    assert row.value == Decimal("24.68")  # 1234 × 100 / 5000
    with pytest.raises(ValidationError) as error:
        record(personas, ratio, period=Period(Q, 2024, 2), numerator="1", denominator="0")
    assert error.value.message_dict["denominator"] == [values.ZERO_DENOMINATOR]


@pytest.mark.parametrize(
    "bad", ["1e30", "99999999999999999999", "NaN", "-Infinity", "abc", "1e-30x"]
)
def test_a_huge_or_nonsense_number_is_a_validation_error(personas, indicator, bad):
    with pytest.raises(ValidationError):
        record(personas, indicator, value=bad)
    assert not IndicatorValue.objects.exists()


def test_the_period_must_suit_the_indicator(personas, indicator):
    with pytest.raises(ValidationError, match="collected each quarter"):
        record(personas, indicator, period=Period(Frequency.MONTH, 2024, 1), value="1")
    comparator = values.value_record(
        acting_user=None,
        indicator=indicator,
        area_code="E92000001",
        area_name="England",
        period=Period(Frequency.YEAR, 2024, 1),
        value="5",
    )
    assert comparator.is_comparator


def test_status_moves_forward_only(personas, indicator):
    row = record(personas, indicator, value="3")
    row = values.value_set_status(acting_user=personas.manager, value=row, status="approved")
    assert row.status == "approved"
    with pytest.raises(ValidationError, match="moves forward only"):
        values.value_set_status(acting_user=personas.manager, value=row, status="final")
    event = AuditEvent.objects.get(action="performance.value_status_changed")
    assert event.actor == personas.manager


def test_a_trajectory_is_a_straight_line_keeping_entered_targets(personas, indicator):
    values.target_set(
        acting_user=personas.editor,
        indicator=indicator,
        organisation=personas.org_a,
        period=Period(Q, 2024, 3),
        value="99",
    )
    written = values.target_trajectory_set(
        acting_user=personas.editor,
        indicator=indicator,
        organisation=personas.org_a,
        first=Period(Q, 2024, 1),
        last=Period(Q, 2025, 1),
        start_value="100",
        end_value="120",
    )
    # 5 quarters, 4 steps of 5: 100, 105, (110 kept as entered 99), 115, 120
    assert [t.value for t in written] == [Decimal(100), Decimal(105), Decimal(115), Decimal(120)]
    targets = Target.objects.filter(indicator=indicator).order_by("year", "period_index")
    assert [(t.value, t.source) for t in targets][2] == (Decimal(99), TargetSource.ENTERED)
    values.target_trajectory_set(
        acting_user=personas.editor,
        indicator=indicator,
        organisation=personas.org_a,
        first=Period(Q, 2024, 1),
        last=Period(Q, 2025, 1),
        start_value="100",
        end_value="120",
        replace_entered=True,
    )
    assert targets.get(year=2024, period_index=3).value == Decimal(110)


def test_red_needs_commentary_until_some_is_written(personas, indicator):
    period = Period(Q, 2024, 1)
    values.target_set(
        acting_user=personas.editor,
        indicator=indicator,
        organisation=personas.org_a,
        period=period,
        value="100",
    )
    record(personas, indicator, value="94")  # 6% short of a higher-is-better target: red
    kw = {"indicator": indicator, "organisation": personas.org_a, "period": period}
    assert values.needs_commentary(**kw)
    values.commentary_add(acting_user=personas.editor, what_happened="Staff sickness", **kw)
    assert not values.needs_commentary(**kw)
    assert Commentary.objects.count() == 1


def test_amber_does_not_need_commentary(personas, indicator):
    period = Period(Q, 2024, 1)
    values.target_set(
        acting_user=personas.editor,
        indicator=indicator,
        organisation=personas.org_a,
        period=period,
        value="100",
    )
    record(personas, indicator, value="95")  # exactly 5% short: amber
    assert not values.needs_commentary(
        indicator=indicator, organisation=personas.org_a, period=period
    )


def test_an_entered_forecast_is_replaced_not_duplicated(personas, indicator):
    kw = {"acting_user": personas.editor, "indicator": indicator, "organisation": personas.org_a}
    values.forecast_enter(year=2024, value="10", **kw)
    row = values.forecast_enter(year=2024, value="11", note="revised", **kw)
    assert indicator.forecasts.get() == row and row.value == Decimal(11)


def test_a_local_indicator_cannot_take_another_organisations_values(personas, indicator):
    with pytest.raises(ValidationError, match="another organisation"):
        values.value_record(
            acting_user=None,
            indicator=indicator,
            organisation=personas.org_b,
            period=Period(Q, 2024, 1),
            value="1",
        )
