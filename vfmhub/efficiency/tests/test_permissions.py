"""Who reaches which efficiency page: the body's own users see gains and drafts; the partnership
sees submitted returns only; outsiders get 404; read-only roles get 403 on writes."""

from decimal import Decimal

import pytest
from django.urls import reverse

from vfmhub.efficiency import services
from vfmhub.efficiency.tests.conftest import add_gain, body_url
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

PARTNERSHIP = ["partnership_manager", "partnership_viewer", "peer_reviewer"]


@pytest.fixture
def gain(personas, programme):
    return add_gain(personas, programme)


@pytest.fixture
def draft(personas, programme):
    return services.return_save(
        acting_user=personas.editor,
        programme=programme,
        organisation=personas.org_a,
        year=2009,
        kind="forecast",
        reported_value=Decimal("300000"),
        narrative="DRAFT NARRATIVE",
    )


def test_the_body_page_is_read_by_the_body_the_partnership_and_its_auditor(personas, programme):
    assert_access(
        personas,
        body_url(programme, personas.org_a),
        allowed=["manager", "editor", "viewer", "staff", "auditor", *PARTNERSHIP],
        hidden=["outsider"],
    )


def test_the_auditor_follows_the_organisation_list_link_to_the_body_page(
    personas, programme, draft, gain
):
    auditor = client_for(personas.auditor)
    listing = auditor.get(reverse("efficiency:organisation_programmes", args=[personas.org_a.pk]))
    link = body_url(programme, personas.org_a)
    assert f'href="{link}"' in listing.content.decode()
    page = auditor.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert personas.org_a.name in html
    # Like the partnership side: no drafts and no gains register, and no link to the programme
    # pages the auditor cannot open.
    assert "DRAFT NARRATIVE" not in html and "View the register" not in html
    assert "Only submitted returns are shown to auditors." in html
    assert reverse("efficiency:programme", args=[programme.pk]) + '"' not in html
    back = reverse("efficiency:organisation_programmes", args=[personas.org_a.pk])
    assert f'href="{back}" class="govuk-back-link"' in html
    assert auditor.get(reverse("efficiency:programme", args=[programme.pk])).status_code == 404
    assert auditor.get(body_url(programme, personas.org_a, "efficiency:gains")).status_code == 404
    edit = body_url(programme, personas.org_a, "efficiency:return_edit")
    assert auditor.get(edit).status_code == 404


def test_another_bodys_users_cannot_see_a_body_page(personas, programme):
    # The peer reviewer is an editor at org C: it reads org A only through its partnership role.
    county = personas.org_a.parent
    assert_access(personas, body_url(programme, county), hidden=["manager", "viewer", "outsider"])


def test_the_gains_register_is_the_bodys_own(personas, programme, gain):
    for url in (
        body_url(programme, personas.org_a, "efficiency:gains"),
        body_url(programme, personas.org_a, "efficiency:gain_edit", gain.pk),
    ):
        assert_access(
            personas,
            url,
            allowed=["manager", "editor", "staff"] if "edit" in url else ["viewer", "editor"],
            forbidden=["viewer"] if "edit" in url else [],
            hidden=["outsider", *PARTNERSHIP],
        )


@pytest.mark.parametrize("name", ["gain_add", "return_edit"])
def test_writes_need_an_editor_of_the_body(personas, programme, name):
    assert_access(
        personas,
        body_url(programme, personas.org_a, f"efficiency:{name}"),
        method="post",
        forbidden=["viewer"],
        hidden=["outsider", *PARTNERSHIP],
    )


def test_gain_remove_and_confirm_need_an_editor(personas, programme, gain):
    for name in ("gain_remove", "gain_confirm"):
        assert_access(
            personas,
            body_url(programme, personas.org_a, f"efficiency:{name}", gain.pk),
            allowed=["editor"],
            forbidden=["viewer"],
            hidden=["outsider", "partnership_manager"],
        )


def test_only_a_manager_submits(personas, programme, draft):
    url = body_url(programme, personas.org_a, "efficiency:return_submit", draft.pk)
    assert_access(
        personas,
        url,
        method="post",
        forbidden=["viewer", "editor", *PARTNERSHIP],
        hidden=["outsider"],
        allowed=["manager"],
    )
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_the_partnership_never_sees_drafts(personas, programme, draft):
    detail = body_url(programme, personas.org_a, "efficiency:return_detail", draft.pk)
    assert_access(personas, detail, allowed=["viewer"], hidden=["outsider", *PARTNERSHIP])
    for name in ("efficiency:body", "efficiency:returns"):
        page = client_for(personas.partnership_viewer).get(
            body_url(programme, personas.org_a, name)
        )
        assert page.status_code == 200
        assert "DRAFT NARRATIVE" not in page.content.decode()
        assert "Gains register" not in page.content.decode()
    own = client_for(personas.viewer).get(body_url(programme, personas.org_a, "efficiency:returns"))
    assert "Draft" in own.content.decode()


def test_the_partnership_sees_submitted_returns(personas, programme, draft):
    services.return_submit(acting_user=personas.manager, efficiency_return=draft)
    url = body_url(programme, personas.org_a, "efficiency:return_detail", draft.pk)
    page = client_for(personas.partnership_viewer).get(url)
    assert page.status_code == 200
    assert "DRAFT NARRATIVE" in page.content.decode()


def test_programme_pages(personas, programme):
    detail = reverse("efficiency:programme", args=[programme.pk])
    assert_access(
        personas,
        detail,
        allowed=["manager", "viewer", "staff", *PARTNERSHIP],
        hidden=["outsider", "auditor"],
    )
    for name in (
        "programme_edit",
        "programme_targets",
        "programme_deadlines",
        "programme_participants",
        "category_add",
    ):
        assert_access(
            personas,
            reverse(f"efficiency:{name}", args=[programme.pk]),
            allowed=["partnership_manager"],
            forbidden=["manager", "viewer", "partnership_viewer", "peer_reviewer"],
            hidden=["outsider"],
        )
    assert_access(
        personas,
        reverse("efficiency:body_setup", args=[programme.pk, personas.org_a.pk]),
        allowed=["partnership_manager"],
        forbidden=["manager", "partnership_viewer"],
        hidden=["outsider"],
    )


def test_partnership_programme_list_and_create(personas, programme):
    pk = personas.partnership.pk
    assert_access(
        personas,
        reverse("efficiency:partnership_programmes", args=[pk]),
        allowed=["partnership_manager", "partnership_viewer", "manager"],
        hidden=["outsider"],
    )
    assert_access(
        personas,
        reverse("efficiency:programme_create", args=[pk]),
        allowed=["partnership_manager"],
        forbidden=["partnership_viewer", "manager"],
        hidden=["outsider"],
    )


def test_organisation_programme_list(personas, programme):
    url = reverse("efficiency:organisation_programmes", args=[personas.org_a.pk])
    assert_access(personas, url, allowed=["manager", "viewer"], hidden=["outsider"])
    page = client_for(personas.viewer).get(url)
    assert programme.name in page.content.decode()
    assert_access(
        personas,
        reverse("efficiency:body_programme_create", args=[personas.org_a.pk]),
        allowed=["manager"],
        forbidden=["editor", "viewer"],
        hidden=["outsider"],
    )
