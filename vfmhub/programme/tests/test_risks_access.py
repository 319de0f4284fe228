"""Who reaches the risk register pages and endpoints: partnership managers (and staff) write;
the partnership's viewer and peer reviewer and its members' users read (403 on writes); a user of
a body outside the partnership gets 404. Query counts of the register page and API list pinned."""

import pytest
from django.urls import reverse

from vfmhub.api.testing import version_of
from vfmhub.programme.services import risks as services
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"
READERS = ["partnership_viewer", "peer_reviewer", "manager", "editor", "viewer"]
WRITERS = ["partnership_manager", "staff"]


@pytest.fixture
def risk(personas, register):
    return services.risk_create(
        acting_user=personas.partnership_manager,
        register=register,
        title="Lack of Member engagement",
        current_likelihood=2,
        current_impact=3,
    )


def _pages(personas, register, risk) -> list[str]:
    p = personas.partnership.pk
    return [
        reverse("programme:risk_registers", args=[p]),
        reverse("programme:risk_register", args=[p, register.pk]),
        reverse("programme:risk_detail", args=[p, risk.pk]),
    ]


def test_readers_see_the_pages_and_outsiders_get_404(personas, register, risk):
    for url in _pages(personas, register, risk):
        assert_access(personas, url, allowed=[*WRITERS, *READERS], hidden=["outsider"])


def test_only_partnership_managers_open_the_forms(personas, register, risk):
    p = personas.partnership.pk
    for url in [
        reverse("programme:risk_register_create", args=[p]),
        reverse("programme:risk_register_edit", args=[p, register.pk]),
        reverse("programme:risk_create", args=[p, register.pk]),
        reverse("programme:risk_edit", args=[p, risk.pk]),
        reverse("programme:risk_rerate", args=[p, risk.pk]),
        reverse("programme:risk_close", args=[p, risk.pk]),
    ]:
        assert_access(personas, url, allowed=WRITERS, forbidden=READERS, hidden=["outsider"])


def test_only_partnership_managers_add_risks(personas, register):
    url = reverse("programme:risk_create", args=[personas.partnership.pk, register.pk])
    data = {"title": "Expectations too high", "current_likelihood": "2", "current_impact": "3"}
    assert_access(
        personas,
        url,
        method="post",
        data=data,
        allowed=["partnership_manager"],
        forbidden=READERS,
        hidden=["outsider"],
    )
    assert register.risks.count() == 1


def test_only_partnership_managers_re_rate(personas, risk):
    url = reverse("programme:risk_rerate", args=[personas.partnership.pk, risk.pk])
    assert_access(
        personas,
        url,
        method="post",
        data={"likelihood": "1", "impact": "3"},
        allowed=["partnership_manager"],
        forbidden=READERS,
        hidden=["outsider"],
    )
    assert risk.ratings.filter(kind="current").count() == 2


def test_a_risk_of_another_partnerships_register_is_not_found(personas, risk):
    from vfmhub.organisations.models import Partnership, PartnershipKind

    other = Partnership.objects.create(name="Elsewhere", kind=PartnershipKind.RIEP)
    url = reverse("programme:risk_detail", args=[other.pk, risk.pk])
    assert client_for(personas.staff).get(url).status_code == 404


def test_the_api_permissions(personas, register, risk):
    base = f"/api/v1/programme/partnerships/{personas.partnership.pk}"
    for url in [
        f"{base}/risk-registers",
        f"{base}/risk-registers/{register.pk}",
        f"{base}/risk-registers/{register.pk}/risks",
        f"{base}/risks/{risk.pk}",
    ]:
        assert_access(personas, url, allowed=[*WRITERS, *READERS], hidden=["outsider"])
    assert_access(
        personas,
        f"{base}/risk-registers/{register.pk}/risks",
        method="post",
        data={"title": "New", "current_likelihood": 1, "current_impact": 1},
        content_type=JSON,
        allowed=["partnership_manager"],
        forbidden=READERS,
        hidden=["outsider"],
        ok=(201,),
    )
    assert_access(
        personas,
        f"{base}/risks/{risk.pk}/rerate",
        method="post",
        data={"likelihood": 1, "impact": 2, "updated_at": version_of(risk)},
        content_type=JSON,
        allowed=["partnership_manager"],
        forbidden=READERS,
        hidden=["outsider"],
    )
    assert_access(
        personas,
        f"{base}/risks/{risk.pk}",
        method="patch",
        data={"owner": "Chair", "updated_at": version_of(risk)},
        content_type=JSON,
        allowed=["partnership_manager"],
        forbidden=READERS,
        hidden=["outsider"],
    )
    assert_access(
        personas,
        f"{base}/risk-registers",
        method="post",
        data={"name": "Another"},
        content_type=JSON,
        allowed=["partnership_manager"],
        forbidden=READERS,
        hidden=["outsider"],
        ok=(201,),
    )


def _many(personas, register, n: int) -> None:
    for i in range(n):
        services.risk_create(
            acting_user=personas.partnership_manager,
            register=register,
            title=f"Risk {i}",
            current_likelihood=1 + i % 3,
            current_impact=1 + (i // 3) % 3,
        )


def test_the_register_page_query_count(personas, register, django_assert_num_queries):
    _many(personas, register, 12)
    client = client_for(personas.partnership_viewer)
    url = reverse("programme:risk_register", args=[personas.partnership.pk, register.pk])
    client.get(url)
    # session, user, partnership, the user's partnership roles, the register with its matrix,
    # the risks with their owners
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


def test_the_api_risk_list_query_count(personas, register, django_assert_num_queries):
    _many(personas, register, 12)
    client = client_for(personas.partnership_viewer)
    base = f"/api/v1/programme/partnerships/{personas.partnership.pk}"
    url = f"{base}/risk-registers/{register.pk}/risks"
    client.get(url)
    # session, user, partnership, the user's partnership roles, the register, count, the page,
    # the page's linked plan actions
    with django_assert_num_queries(8):
        assert client.get(url).json()["count"] == 12


def test_the_registers_page_and_api_query_counts(personas, register, django_assert_num_queries):
    _many(personas, register, 3)
    client = client_for(personas.partnership_viewer)
    url = reverse("programme:risk_registers", args=[personas.partnership.pk])
    client.get(url)
    # session, user, partnership, the user's partnership roles, the registers with their
    # matrices and risk counts
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    api = f"/api/v1/programme/partnerships/{personas.partnership.pk}/risk-registers"
    # session, user, partnership, the user's partnership roles, count, the page with matrices
    with django_assert_num_queries(6):
        assert client.get(api).json()["count"] == 1


def test_the_close_page_says_what_happens_and_who_can_undo_it(personas, risk):
    from django.utils.html import escape

    from vfmhub.programme.views.risks import CLOSE_INTRO

    url = reverse("programme:risk_close", args=[personas.partnership.pk, risk.pk])
    client = client_for(personas.partnership_manager)
    assert escape(CLOSE_INTRO) in client.get(url).content.decode()
    client.post(url, {"note": "Members now engaged"})
    risk.refresh_from_db()
    assert risk.status == "closed"
    again = client.get(url, follow=True)
    assert again.redirect_chain[-1][0].endswith(f"/risks/{risk.pk}/")
    assert services.ALREADY_CLOSED in again.content.decode()
    assert "Close risk</button>" not in again.content.decode()
