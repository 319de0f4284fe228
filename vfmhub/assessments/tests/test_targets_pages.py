"""Score target pages: the list, add, change and remove, for partnership managers."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from vfmhub.assessments.models import ScoreTarget, TargetKind
from vfmhub.assessments.services.targets import LEVEL_OFF_SCALE, SHARE_NEEDED
from vfmhub.audit.models import AuditEvent
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db

READERS = [
    "manager",
    "editor",
    "viewer",
    "partnership_manager",
    "partnership_viewer",
    "peer_reviewer",
    "staff",
]
MANAGERS = ["partnership_manager", "staff"]
# People who can see the partnership but not manage it.
CANNOT_MANAGE = ["manager", "editor", "viewer", "partnership_viewer", "peer_reviewer"]
HIDDEN = ["outsider", "auditor"]


@pytest.fixture
def target(personas, uor_2008) -> ScoreTarget:
    made = ScoreTarget.objects.create(
        partnership=personas.partnership,
        version=uor_2008,
        kind=TargetKind.ALL_AT_LEVEL,
        level=Decimal(3),
        due_date=datetime.date(2011, 3, 31),
        description="All authorities to achieve level 3",
    )
    made.criteria.set(uor_2008.criteria.filter(code="1.1"))
    return made


def url(name: str, personas, *args) -> str:
    return reverse(f"assessments:{name}", args=[personas.partnership.pk, *args])


def form_data(**values) -> dict:
    data = {"kind": TargetKind.ALL_AT_LEVEL, "level": "3", "due_date": "2011-03-31"}
    data.update(values)
    return data


def test_it_lists_targets_to_readers_of_the_partnership(personas, target, as_user):
    assert_access(personas, url("target_list", personas), allowed=READERS, hidden=HIDDEN)
    html = as_user(personas.partnership_viewer).get(url("target_list", personas)).content.decode()
    assert "All authorities to achieve level 3" in html
    assert url("target_edit", personas, target.pk) not in html


def test_it_shows_managers_the_change_links(personas, target, as_user):
    html = as_user(personas.partnership_manager).get(url("target_list", personas)).content.decode()
    assert url("target_edit", personas, target.pk) in html
    assert url("target_delete", personas, target.pk) in html


def test_only_managers_may_add_a_target(personas, uor_2008):
    add = url("target_add", personas) + f"?version={uor_2008.pk}"
    assert_access(personas, add, allowed=MANAGERS, forbidden=CANNOT_MANAGE, hidden=HIDDEN)
    assert_access(
        personas,
        add,
        method="post",
        data=form_data(),
        forbidden=CANNOT_MANAGE,
        hidden=HIDDEN,
    )
    assert not ScoreTarget.objects.exists()


def test_it_adds_a_target(personas, uor_2008, as_user):
    client = as_user(personas.partnership_manager)
    criteria = uor_2008.criteria.filter(code__in=["1.1", "1.2"])
    response = client.post(
        url("target_add", personas) + f"?version={uor_2008.pk}",
        form_data(
            kind=TargetKind.AVERAGE_AT_LEAST,
            criteria=[c.pk for c in criteria],
            body_types=["district"],
            description="Districts to average 3",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url("target_list", personas)
    target = ScoreTarget.objects.get()
    assert (target.kind, target.level, target.version, target.body_types) == (
        TargetKind.AVERAGE_AT_LEAST,
        3,
        uor_2008,
        ["district"],
    )
    assert sorted(c.code for c in target.criteria.all()) == ["1.1", "1.2"]
    assert AuditEvent.objects.filter(
        action="score_target.create", partnership_id=personas.partnership.pk
    ).exists()


def test_it_offers_the_version_s_criteria_as_checkboxes(personas, uor_2008, as_user):
    response = as_user(personas.partnership_manager).get(
        url("target_add", personas) + f"?version={uor_2008.pk}"
    )
    html = response.content.decode()
    assert 'type="checkbox"' in html and "3.3 Workforce" in html
    assert 'type="radio"' in html and "An average of at least N" in html


def test_it_defaults_to_a_version_when_none_is_chosen(personas, uor_2008, as_user):
    response = as_user(personas.partnership_manager).get(url("target_add", personas))
    assert response.status_code == 200
    criteria = response.context["form"].fields["criteria"].queryset
    version = criteria.first().version
    assert {c.version_id for c in criteria} == {version.pk}
    assert f"For {version.name}." in response.content.decode()


def test_it_shows_a_missing_percentage_as_a_gov_uk_error(personas, uor_2008, as_user):
    response = as_user(personas.partnership_manager).post(
        url("target_add", personas) + f"?version={uor_2008.pk}",
        form_data(kind=TargetKind.SHARE_AT_LEVEL),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "govuk-error-message" in html
    assert SHARE_NEEDED in html
    assert not ScoreTarget.objects.exists()


def test_it_shows_a_level_off_the_scale_as_a_gov_uk_error(personas, uor_2008, as_user):
    response = as_user(personas.partnership_manager).post(
        url("target_add", personas) + f"?version={uor_2008.pk}", form_data(level="5")
    )
    message = LEVEL_OFF_SCALE.format(lowest=1, highest=4, version=uor_2008)
    assert message.replace("'", "&#x27;") in response.content.decode()


def test_it_shows_missing_fields_as_gov_uk_errors(personas, uor_2008, as_user):
    response = as_user(personas.partnership_manager).post(
        url("target_add", personas) + f"?version={uor_2008.pk}", {}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert html.count("govuk-error-message") == 3  # kind, level, due date


def test_only_managers_may_change_a_target(personas, target):
    edit = url("target_edit", personas, target.pk)
    assert_access(personas, edit, allowed=MANAGERS, forbidden=CANNOT_MANAGE, hidden=HIDDEN)


def test_it_changes_a_target(personas, target, as_user):
    client = as_user(personas.partnership_manager)
    form = client.get(url("target_edit", personas, target.pk))
    assert 'value="All authorities to achieve level 3"' in form.content.decode()
    response = client.post(
        url("target_edit", personas, target.pk),
        form_data(kind=TargetKind.SHARE_AT_LEVEL, share_percent="75", level="2"),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.kind, target.level, target.share_percent) == (TargetKind.SHARE_AT_LEVEL, 2, 75)
    assert list(target.criteria.all()) == []
    assert AuditEvent.objects.filter(action="score_target.update").exists()


def test_it_does_not_find_another_partnership_s_target(personas, target, as_user):
    response = as_user(personas.partnership_manager).get(url("target_edit", personas, 999999))
    assert response.status_code == 404


def test_it_asks_before_removing_a_target(personas, target, as_user):
    response = as_user(personas.partnership_manager).get(url("target_delete", personas, target.pk))
    assert "Remove this score target?" in response.content.decode()
    assert ScoreTarget.objects.filter(pk=target.pk).exists()


def test_only_managers_may_remove_a_target(personas, target):
    remove = url("target_delete", personas, target.pk)
    assert_access(personas, remove, method="post", forbidden=CANNOT_MANAGE, hidden=HIDDEN)
    assert ScoreTarget.objects.filter(pk=target.pk).exists()
    assert_access(personas, remove, method="post", allowed=["partnership_manager"])
    assert not ScoreTarget.objects.filter(pk=target.pk).exists()
    assert AuditEvent.objects.filter(
        action="score_target.delete", partnership_id=personas.partnership.pk
    ).exists()
