import pytest
from django.core.exceptions import ValidationError

from vfmhub.audit.models import AuditEvent
from vfmhub.frameworks.models import Applicability
from vfmhub.frameworks.selectors import (
    applicability_matrix,
    applicable_criteria,
    criteria_with_applicability,
)
from vfmhub.frameworks.services import applicability_override_set

pytestmark = pytest.mark.django_db

ALL_TEN = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"]


def codes(criteria) -> list[str]:
    return [c.code for c in criteria]


def test_it_excludes_3_2_and_3_3_for_a_district_in_2008_09(uor_2008):
    assert codes(applicable_criteria(uor_2008, "district")) == ALL_TEN[:8]


def test_it_applies_all_ten_kloes_to_a_county_in_2008_09(uor_2008):
    assert codes(applicable_criteria(uor_2008, "county")) == ALL_TEN


def test_it_applies_all_ten_kloes_to_a_district_in_2009_10(uor_2009):
    assert codes(applicable_criteria(uor_2009, "district")) == ALL_TEN


def test_it_lets_a_partnership_override_win_over_the_default(uor_2008, personas):
    partnership = personas.partnership
    kloe_3_2 = uor_2008.criteria.get(code="3.2")
    kloe_1_3 = uor_2008.criteria.get(code="1.3")
    Applicability.objects.create(
        criterion=kloe_3_2, body_type="district", partnership=partnership, applies=True
    )
    Applicability.objects.create(
        criterion=kloe_1_3, body_type="district", partnership=partnership, applies=False
    )
    expected = ["1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"]
    assert codes(applicable_criteria(uor_2008, "district", partnership)) == expected
    # Without the partnership, and for another body type, the defaults stand.
    assert codes(applicable_criteria(uor_2008, "district")) == ALL_TEN[:8]
    assert codes(applicable_criteria(uor_2008, "county", partnership)) == ALL_TEN


def test_it_treats_a_criterion_without_a_default_row_as_applying(uor_2008):
    Applicability.objects.filter(criterion__version=uor_2008, body_type="other").delete()
    assert codes(applicable_criteria(uor_2008, "other")) == ALL_TEN


def test_it_answers_in_one_query(uor_2008, personas, django_assert_num_queries):
    with django_assert_num_queries(1):  # criteria with default and override as subqueries
        assert len(applicable_criteria(uor_2008, "district", personas.partnership)) == 8


def test_it_builds_the_matrix_in_two_queries(uor_2008, personas, django_assert_num_queries):
    with django_assert_num_queries(2):  # criteria with themes; applicability rows
        matrix = applicability_matrix(uor_2008, personas.partnership)
    district = [value for value, _ in matrix.body_types].index("district")
    row_3_2 = next(cells for criterion, cells in matrix.rows if criterion.code == "3.2")
    assert row_3_2[district].applies is False
    assert len(matrix.rows) == 10


def test_it_saves_only_real_differences_and_records_them(uor_2008, personas):
    wanted = [c.pk for c in uor_2008.criteria.exclude(code="3.3")]  # adds 3.2 for districts
    changed = applicability_override_set(
        acting_user=personas.partnership_manager,
        version=uor_2008,
        partnership=personas.partnership,
        body_type="district",
        applicable_ids=wanted,
        note="Our auditor assessed 3.2.",
    )
    assert changed == 1
    override = Applicability.objects.get(partnership=personas.partnership)
    assert (override.criterion.code, override.applies) == ("3.2", True)
    event = AuditEvent.objects.get(action="frameworks.applicability_override_add")
    assert event.actor == personas.partnership_manager
    assert event.partnership == personas.partnership
    assert event.changes["applies"] == [None, True]


def test_it_removes_an_override_that_matches_the_default_again(uor_2008, personas):
    args = {
        "acting_user": personas.partnership_manager,
        "version": uor_2008,
        "partnership": personas.partnership,
        "body_type": "district",
    }
    everything = [c.pk for c in uor_2008.criteria.all()]
    assert applicability_override_set(**args, applicable_ids=everything) == 2
    annotated = criteria_with_applicability(uor_2008, "district")
    defaults = [c.pk for c in annotated if c.applies]  # type: ignore[attr-defined]
    assert applicability_override_set(**args, applicable_ids=defaults) == 2
    assert not Applicability.objects.filter(partnership=personas.partnership).exists()
    assert AuditEvent.objects.filter(action="frameworks.applicability_override_remove").count() == 2


def test_it_refuses_criteria_from_another_version(uor_2008, uor_2009, personas):
    with pytest.raises(ValidationError):
        applicability_override_set(
            acting_user=personas.partnership_manager,
            version=uor_2008,
            partnership=personas.partnership,
            body_type="district",
            applicable_ids=[uor_2009.criteria.first().pk],
        )


def test_it_refuses_an_unknown_body_type(uor_2008, personas):
    with pytest.raises(ValidationError):
        applicability_override_set(
            acting_user=personas.partnership_manager,
            version=uor_2008,
            partnership=personas.partnership,
            body_type="parish",
            applicable_ids=[],
        )
