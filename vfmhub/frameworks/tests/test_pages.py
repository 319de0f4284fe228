import pytest
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.frameworks.models import Applicability, FrameworkVersion, LevelDescriptor, VersionStatus
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db

EVERYONE = [
    "manager",
    "editor",
    "viewer",
    "outsider",
    "auditor",
    "partnership_manager",
    "partnership_viewer",
    "peer_reviewer",
    "staff",
]


def _edit_url(version, partnership, body_type="district"):
    return reverse("frameworks:applicability_edit", args=[version.pk, partnership.pk, body_type])


def test_it_lets_every_signed_in_user_read_reference_data(uor_2008, personas):
    criterion = uor_2008.criteria.get(code="1.1")
    for url in (
        reverse("frameworks:list"),
        reverse("frameworks:detail", args=[uor_2008.framework_id]),
        reverse("frameworks:version", args=[uor_2008.pk]),
        reverse("frameworks:criterion", args=[criterion.pk]),
        reverse("frameworks:applicability", args=[uor_2008.pk]),
    ):
        assert_access(personas, url, allowed=EVERYONE, ok=(200,))


def test_it_sends_anonymous_visitors_to_sign_in(uor_2008, client):
    response = client.get(reverse("frameworks:version", args=[uor_2008.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_hides_unknown_ids_and_drafts_from_non_staff(uor_2008, personas):
    assert_access(personas, reverse("frameworks:version", args=[999999]), hidden=["viewer"])
    assert_access(personas, reverse("frameworks:detail", args=[999999]), hidden=["viewer"])
    FrameworkVersion.objects.filter(pk=uor_2008.pk).update(status=VersionStatus.DRAFT)
    criterion = uor_2008.criteria.first()
    for url in (
        reverse("frameworks:version", args=[uor_2008.pk]),
        reverse("frameworks:criterion", args=[criterion.pk]),
    ):
        assert_access(personas, url, allowed=["staff"], hidden=["viewer", "outsider"])


def test_it_lists_frameworks_in_fixed_queries(loaded, personas, as_user, django_assert_num_queries):
    client = as_user(personas.viewer)
    # session, user, frameworks with version counts and latest version
    with django_assert_num_queries(3):
        response = client.get(reverse("frameworks:list"))
    body = response.content.decode()
    assert "Use of Resources" in body
    assert "NAO value-for-money arrangements" in body
    assert '<th scope="col"' in body and "<caption" in body


def test_it_shows_a_framework_with_its_versions(
    uor_2008, personas, as_user, django_assert_num_queries
):
    client = as_user(personas.viewer)
    url = reverse("frameworks:detail", args=[uor_2008.framework_id])
    # session, user, framework, versions with theme and criterion counts
    with django_assert_num_queries(4):
        response = client.get(url)
    body = response.content.decode()
    assert "Use of Resources 2008/09" in body
    assert "2009/10" in body
    assert "webarchive.nationalarchives.gov.uk" in body


def test_it_shows_a_version_with_scale_and_rules(
    uor_2008, personas, as_user, django_assert_num_queries
):
    client = as_user(personas.viewer)
    url = reverse("frameworks:version", args=[uor_2008.pk])
    # session, user, version with framework and scale, themes, criteria, levels, label sets,
    # labels, roll-up rules, rule rows, finding types
    with django_assert_num_queries(11):
        response = client.get(url)
    body = response.content.decode()
    assert "Theme 1: Managing finances" in body
    assert "3.3 Workforce" in body
    assert "Below minimum requirements – inadequate performance" in body
    assert "Performs excellently" in body
    assert "The assessor decides the score" in body
    assert "Area for improvement" in body


def test_it_explains_the_2005_08_overall_rule_in_words(uor_2005, personas, as_user):
    body = as_user(personas.viewer).get(reverse("frameworks:version", args=[uor_2005.pk]))
    assert (
        "4 if at least two themes score 4 or more and none scores below 3" in body.content.decode()
    )


def test_it_shows_a_criterion_with_focus_areas_and_descriptors(uor_2008, personas, as_user):
    criterion = uor_2008.criteria.get(code="2.2")
    LevelDescriptor.objects.create(
        criterion=criterion, level=uor_2008.scale.levels.get(value=3), text="Uses data well."
    )
    response = as_user(personas.viewer).get(reverse("frameworks:criterion", args=[criterion.pk]))
    body = response.content.decode()
    assert "KLOE 2.2: Use of information" in body
    assert "Data quality" in body
    assert "Uses data well." in body
    assert "3: Consistently above minimum requirements – performing well" in body
    export = as_user(personas.viewer).get(
        reverse("frameworks:criterion", args=[criterion.pk]) + "?export=csv"
    )
    assert "Uses data well." in export.content.decode()


def test_it_exports_every_list(uor_2008, personas, as_user):
    client = as_user(personas.viewer)
    cases = [
        (reverse("frameworks:list"), "Use of Resources"),
        (reverse("frameworks:detail", args=[uor_2008.framework_id]), "Use of Resources 2008/09"),
        (reverse("frameworks:version", args=[uor_2008.pk]), "Strategic asset management"),
        (reverse("frameworks:applicability", args=[uor_2008.pk]), "Does not apply"),
    ]
    for url, expected in cases:
        csv = client.get(url + "?export=csv")
        assert csv["Content-Type"].startswith("text/csv")
        assert expected in csv.content.decode("utf-8-sig")
        xlsx = client.get(url + "?export=xlsx")
        assert xlsx.content[:2] == b"PK"


def test_it_shows_the_applicability_matrix(uor_2008, personas, as_user, django_assert_num_queries):
    client = as_user(personas.viewer)
    url = reverse("frameworks:applicability", args=[uor_2008.pk])
    # session, user, version, criteria with themes, applicability rows, partnerships managed
    with django_assert_num_queries(6):
        response = client.get(url)
    body = response.content.decode()
    assert body.count('<span class="govuk-visually-hidden">Does not apply</span>') == 8
    assert body.count('<span class="govuk-visually-hidden">Applies</span>') == 92
    assert '<th scope="col" class="govuk-table__header">Shire district</th>' in body


def test_it_shows_a_partnerships_choices_to_those_who_can_read_it(uor_2008, personas):
    url = reverse("frameworks:applicability", args=[uor_2008.pk])
    url += f"?partnership={personas.partnership.pk}"
    assert_access(
        personas,
        url,
        allowed=["partnership_manager", "partnership_viewer", "viewer", "staff"],
        hidden=["outsider"],
        ok=(200,),
    )


def test_it_limits_the_override_page_to_partnership_managers(uor_2008, personas):
    assert_access(
        personas,
        _edit_url(uor_2008, personas.partnership),
        allowed=["partnership_manager", "staff"],
        forbidden=["partnership_viewer", "viewer", "peer_reviewer"],
        hidden=["outsider"],
        ok=(200,),
    )


def test_it_refuses_a_post_from_a_read_only_user(uor_2008, personas):
    all_ids = [str(c.pk) for c in uor_2008.criteria.all()]
    assert_access(
        personas,
        _edit_url(uor_2008, personas.partnership),
        method="post",
        data={"criteria": all_ids},
        forbidden=["partnership_viewer", "viewer"],
        hidden=["outsider"],
    )
    assert not Applicability.objects.filter(partnership__isnull=False).exists()


def test_it_saves_a_partnership_override(uor_2008, personas, as_user):
    client = as_user(personas.partnership_manager)
    url = _edit_url(uor_2008, personas.partnership)
    form = client.get(url)
    assert "3.2 Strategic asset management (default: does not apply)" in form.content.decode()
    wanted = [str(c.pk) for c in uor_2008.criteria.exclude(code="3.3")]
    response = client.post(url, {"criteria": wanted, "note": "Auditor's letter, June 2009."})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?partnership={personas.partnership.pk}")
    override = Applicability.objects.get(partnership=personas.partnership)
    assert (override.criterion.code, override.body_type, override.applies) == (
        "3.2",
        "district",
        True,
    )
    assert override.note == "Auditor's letter, June 2009."
    assert AuditEvent.objects.filter(action="frameworks.applicability_override_add").count() == 1
    page = client.get(response["Location"])
    assert "Partnership choice" in page.content.decode()
    assert "Saved: 1 change(s)" in page.content.decode()


def test_it_gives_404_for_an_unknown_body_type(uor_2008, personas, as_user):
    response = as_user(personas.partnership_manager).get(
        _edit_url(uor_2008, personas.partnership, "parish")
    )
    assert response.status_code == 404


def test_it_keeps_a_published_version_read_only_in_the_admin(uor_2008, personas, as_user):
    client = as_user(personas.staff)
    criterion = uor_2008.criteria.first()
    page = client.get(reverse("admin:frameworks_criterion_change", args=[criterion.pk]))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = client.post(
        reverse("admin:frameworks_criterion_change", args=[criterion.pk]), {"title": "Changed"}
    )
    assert response.status_code == 403
    criterion.refresh_from_db()
    assert criterion.title != "Changed"
    for name in ("framework", "frameworkversion", "criterion", "applicability", "rolluprule"):
        assert client.get(reverse(f"admin:frameworks_{name}_changelist")).status_code == 200


def test_it_shows_a_criterion_in_fixed_queries(
    uor_2008, personas, as_user, django_assert_num_queries
):
    criterion = uor_2008.criteria.get(code="1.1")
    client = as_user(personas.viewer)
    # session, user, criterion with theme and version, criterion with theme again, focus areas,
    # level descriptors, default labels
    with django_assert_num_queries(7):
        response = client.get(reverse("frameworks:criterion", args=[criterion.pk]))
    assert "Financial skills" in response.content.decode()
