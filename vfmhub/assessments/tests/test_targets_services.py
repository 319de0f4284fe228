"""score_target_save and score_target_delete: validation, history, the partnership's ownership."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vfmhub.assessments.models import ScoreTarget, TargetKind
from vfmhub.assessments.services.targets import (
    CRITERIA_OF_OTHER_VERSION,
    LEVEL_OFF_SCALE,
    NO_SCALE,
    SHARE_NEEDED,
    UNKNOWN_BODY_TYPE,
    score_target_delete,
    score_target_save,
)
from vfmhub.audit.models import AuditEvent
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.organisations.models import Partnership, PartnershipKind

DUE = datetime.date(2011, 3, 31)


@pytest.fixture
def save(personas, uor_2008):
    def save(**values):
        values.setdefault("kind", TargetKind.ALL_AT_LEVEL)
        values.setdefault("level", Decimal(3))
        values.setdefault("due_date", DUE)
        values.setdefault("version", uor_2008)
        values.setdefault("partnership", personas.partnership)
        return score_target_save(acting_user=personas.partnership_manager, **values)

    return save


def messages_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_it_adds_a_target_with_its_criteria_and_body_types(personas, uor_2008, save):
    criteria = list(uor_2008.criteria.filter(code__in=["1.1", "1.2", "3.1"]))
    target = save(
        kind=TargetKind.AVERAGE_AT_LEAST,
        criteria=criteria,
        body_types=["district"],
        description="Districts to average 3",
    )
    target.refresh_from_db()
    assert sorted(c.code for c in target.criteria.all()) == ["1.1", "1.2", "3.1"]
    assert target.body_types == ["district"]
    assert target.created_by == personas.partnership_manager
    event = AuditEvent.objects.get(action="score_target.create")
    assert event.partnership_id == personas.partnership.pk
    assert event.changes["criteria"] == [None, ["1.1", "1.2", "3.1"]]
    assert event.changes["level"] == [None, "3"]


def test_it_refuses_a_level_off_the_scale(uor_2008, save):
    with pytest.raises(ValidationError) as excinfo:
        save(level=Decimal(5))
    expected = LEVEL_OFF_SCALE.format(lowest=1, highest=4, version=uor_2008)
    assert messages_of(excinfo) == {"level": [expected]}
    assert not ScoreTarget.objects.exists()


def test_it_refuses_a_version_without_a_scale(uor_2008, save):
    version = FrameworkVersion.objects.create(
        framework=uor_2008.framework,
        code="draft",
        name="Use of Resources draft",
        first_year=2011,
        source_text="A draft with no scale yet.",
    )
    with pytest.raises(ValidationError) as excinfo:
        save(version=version)
    assert messages_of(excinfo)["level"] == [NO_SCALE.format(version=version)]


def test_it_needs_a_percentage_for_a_share_target(save):
    for share in (None, Decimal(0), Decimal(101)):
        with pytest.raises(ValidationError) as excinfo:
            save(kind=TargetKind.SHARE_AT_LEVEL, share_percent=share)
        assert messages_of(excinfo) == {"share_percent": [SHARE_NEEDED]}


def test_it_keeps_a_percentage_only_for_a_share_target(save):
    assert save(kind=TargetKind.SHARE_AT_LEVEL, share_percent=Decimal(75)).share_percent == 75
    assert save(share_percent=Decimal(75)).share_percent is None


def test_it_refuses_criteria_of_another_version(uor_2008, save):
    other = FrameworkVersion.objects.get(framework__code="use-of-resources", code="2009-10")
    with pytest.raises(ValidationError) as excinfo:
        save(criteria=list(other.criteria.filter(code="1.1")))
    assert messages_of(excinfo) == {
        "criteria": [CRITERIA_OF_OTHER_VERSION.format(version=uor_2008)]
    }


def test_it_refuses_an_unknown_body_type(save):
    with pytest.raises(ValidationError) as excinfo:
        save(body_types=["parish"])
    assert messages_of(excinfo) == {"body_types": [UNKNOWN_BODY_TYPE]}


def test_it_changes_a_target_and_records_what_changed(uor_2008, save):
    target = save()
    save(target=target, level=Decimal(2), criteria=list(uor_2008.criteria.filter(code="1.1")))
    target.refresh_from_db()
    assert target.level == 2
    event = AuditEvent.objects.get(action="score_target.update")
    assert event.changes == {"level": ["3", "2"], "criteria": [[], ["1.1"]]}


def test_it_records_nothing_when_nothing_changed(save):
    target = save(level=Decimal("3"))
    target = ScoreTarget.objects.get(pk=target.pk)  # level now reads 3.00
    save(target=target, level=Decimal("3.0"))
    assert not AuditEvent.objects.filter(action="score_target.update").exists()


def test_it_refuses_to_change_another_partnership_s_target(personas, save):
    target = save()
    other = Partnership.objects.create(name="Elsewhere", kind=PartnershipKind.LAA)
    with pytest.raises(ValueError, match="another partnership"):
        save(target=target, partnership=other)


def test_it_deletes_a_target_and_keeps_its_values_in_history(personas, save):
    target = save(description="All authorities to achieve level 3")
    score_target_delete(acting_user=personas.partnership_manager, target=target)
    assert not ScoreTarget.objects.exists()
    event = AuditEvent.objects.get(action="score_target.delete")
    assert event.partnership_id == personas.partnership.pk
    assert event.changes["description"] == ["All authorities to achieve level 3", None]
