"""Check-your-answers pages before approving a year's allocation, reopening it and carrying its
uncommitted balance forward: the figures, what is missing or wrong, what will happen and who can
undo it; no button when the action is blocked; the confirm POST does it. Managers and staff only:
other readers get 403 and outsiders 404."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from vfmhub.programme.importing.funding import allocation_import
from vfmhub.programme.models import AllocationPlan, FundingStream, PlanStatus
from vfmhub.programme.selectors.funding import NO_FUNDING, NO_LINES
from vfmhub.programme.services import funding as services
from vfmhub.programme.tests.helpers import FIXTURES, add_seed_streams
from vfmhub.programme.views import funding_checks as checks
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

WRITERS = ["partnership_manager", "staff"]
READERS = ["partnership_viewer", "peer_reviewer", "manager", "viewer"]
YEAR = 2009
CHECK_PAGES = ["funding_approve", "funding_reopen", "funding_carry_forward"]


def _seed(personas, fixture="seed001_allocation.csv"):
    add_seed_streams(personas)
    allocation_import(
        (FIXTURES / fixture).read_bytes(), fixture, partnership=personas.partnership, year=YEAR
    )


def _url(personas, name):
    return reverse(f"programme:{name}", args=[personas.partnership.pk]) + f"?year={YEAR}"


def _approve(personas):
    services.plan_set_status(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=YEAR,
        status=PlanStatus.APPROVED,
        approved_on=datetime.date(2009, 3, 31),
    )


def _page(personas, name) -> str:
    response = client_for(personas.partnership_manager).get(_url(personas, name))
    assert response.status_code == 200
    return response.content.decode()


def _status(personas) -> str:
    plan = AllocationPlan.objects.filter(partnership=personas.partnership, year=YEAR).first()
    return plan.status if plan else PlanStatus.DRAFT


@pytest.mark.parametrize("name", CHECK_PAGES)
def test_it_shows_check_pages_to_managers_only(personas, name):
    _seed(personas)
    if name == "funding_reopen":
        _approve(personas)
    assert_access(
        personas,
        _url(personas, name),
        allowed=WRITERS,
        forbidden=READERS,
        hidden=["outsider"],
        ok=(200,),
    )


@pytest.mark.parametrize("name", CHECK_PAGES)
def test_it_refuses_the_confirm_to_readers_and_outsiders(personas, name):
    _seed(personas)
    assert_access(
        personas,
        _url(personas, name),
        method="post",
        data={"year": YEAR},
        forbidden=READERS,
        hidden=["outsider"],
    )
    assert _status(personas) == PlanStatus.DRAFT
    assert not FundingStream.objects.filter(year=YEAR + 1).exists()


def test_it_shows_the_allocation_figures_and_what_is_missing_before_approving(personas):
    _seed(personas)
    html = _page(personas, "funding_approve")
    assert "Check before you approve the allocation" in html
    for figure in ("2009/10", "£13,000k", "£5,967k", "£7,033k", ">18<"):
        assert figure in html
    assert "£7,033k of the £13,000k funding is not allocated to any line." in html
    assert escape(checks.APPROVE_HAPPENS) in html
    assert escape(checks.APPROVE_UNDO.format(partnership=personas.partnership.name)) in html
    assert "govuk-warning-text" in html
    assert "Approve the allocation</button>" in html
    assert "There is a problem" not in html


def test_it_lists_blocks_whose_stated_total_disagrees_with_their_lines(personas):
    _seed(personas, "seed001_bad_total.csv")
    html = _page(personas, "funding_approve")
    assert "Performance: stated total £4,400k but its parts add to £4,347k" in html
    assert "GRAND TOTAL stated as" in html
    assert "Approve the allocation</button>" in html  # problems are shown, not blocking


def test_it_says_when_there_is_nothing_to_approve(personas):
    html = _page(personas, "funding_approve")
    assert NO_LINES in html and NO_FUNDING in html


def test_it_approves_on_confirm(personas):
    _seed(personas)
    client = client_for(personas.partnership_manager)
    response = client.post(_url(personas, "funding_approve"), {"year": YEAR}, follow=True)
    assert checks.PLAN_APPROVED in response.content.decode()
    plan = AllocationPlan.objects.get(partnership=personas.partnership, year=YEAR)
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == personas.partnership_manager


def test_it_blocks_approving_an_approved_allocation(personas):
    _seed(personas)
    _approve(personas)
    html = _page(personas, "funding_approve")
    assert "There is a problem" in html
    assert "The allocation for 2009/10 is already approved." in html
    assert "Approve the allocation</button>" not in html
    client = client_for(personas.partnership_manager)
    response = client.post(_url(personas, "funding_approve"), {"year": YEAR})
    assert response.status_code == 200 and "already approved" in response.content.decode()
    plan = AllocationPlan.objects.get(partnership=personas.partnership, year=YEAR)
    assert plan.approved_on == datetime.date(2009, 3, 31)  # not re-dated


def test_it_shows_who_approved_before_reopening_and_reopens_on_confirm(personas):
    _seed(personas)
    _approve(personas)
    html = _page(personas, "funding_reopen")
    assert "Check before you reopen the allocation" in html
    assert "31 March 2009" in html and str(personas.partnership_manager) in html
    assert "£5,967k" in html
    assert escape(checks.REOPEN_HAPPENS) in html
    assert escape(checks.REOPEN_UNDO.format(partnership=personas.partnership.name)) in html
    assert "Reopen as a draft</button>" in html
    client = client_for(personas.partnership_manager)
    response = client.post(_url(personas, "funding_reopen"), {"year": YEAR}, follow=True)
    assert checks.PLAN_REOPENED in response.content.decode()
    assert _status(personas) == PlanStatus.DRAFT


def test_it_blocks_reopening_a_draft(personas):
    _seed(personas)
    html = _page(personas, "funding_reopen")
    assert "The allocation for 2009/10 is already a draft." in html
    assert "Reopen as a draft</button>" not in html
    client = client_for(personas.partnership_manager)
    assert client.post(_url(personas, "funding_reopen"), {"year": YEAR}).status_code == 200
    assert _status(personas) == PlanStatus.DRAFT


def test_it_shows_what_will_be_carried_into_which_year(personas):
    _seed(personas)
    html = _page(personas, "funding_carry_forward")
    assert "Check before you carry the balance forward" in html
    for figure in (
        "2009/10",
        "2010/11",
        "£13,000k",
        "£5,967k",
        "£7,033k",
        "Uncommitted from 2009/10",
    ):
        assert figure in html
    assert "The allocation for 2009/10 is still a draft." in html
    assert (
        escape(checks.CARRY_HAPPENS).format(
            name="Uncommitted from 2009/10",
            amount="£13,000k",
            next_year="2010/11",
            year="2009/10",
        )
        in html
    )
    assert "can remove “Uncommitted from 2009/10” from 2010/11&#x27;s funding streams" in html
    assert "Carry the balance forward</button>" in html


def test_it_carries_forward_on_confirm(personas):
    _seed(personas)
    client = client_for(personas.partnership_manager)
    response = client.post(_url(personas, "funding_carry_forward"), {"year": YEAR}, follow=True)
    assert "has been carried forward" in response.content.decode()
    stream = FundingStream.objects.get(partnership=personas.partnership, year=YEAR + 1)
    assert (stream.carried_from_year, stream.amount) == (YEAR, Decimal(13_000_000))


def test_it_blocks_carrying_forward_twice_and_with_nothing_to_carry(personas):
    _seed(personas)
    services.carry_forward(
        acting_user=personas.partnership_manager, partnership=personas.partnership, year=YEAR
    )
    html = _page(personas, "funding_carry_forward")
    assert "There is a problem" in html
    assert services.ALREADY_CARRIED.format(year="2009/10") in html
    assert "Carry the balance forward</button>" not in html
    client = client_for(personas.partnership_manager)
    client.post(_url(personas, "funding_carry_forward"), {"year": YEAR})
    assert FundingStream.objects.filter(year=YEAR + 1).count() == 1
    empty = client.get(
        reverse("programme:funding_carry_forward", args=[personas.partnership.pk]) + "?year=2020"
    ).content.decode()
    assert services.NOTHING_TO_CARRY.format(year="2020/21") in empty
    assert "Carry the balance forward</button>" not in empty


def test_the_pages_link_to_the_check_pages_instead_of_posting(personas):
    _seed(personas)
    client = client_for(personas.partnership_manager)
    allocation = client.get(_url(personas, "funding_allocation")).content.decode()
    assert f'href="{_url(personas, "funding_approve")}"' in allocation
    approve = reverse("programme:funding_approve", args=[personas.partnership.pk])
    assert f'action="{approve}"' not in allocation
    streams = client.get(_url(personas, "funding_streams")).content.decode()
    assert f'href="{_url(personas, "funding_carry_forward")}"' in streams
    _approve(personas)
    allocation = client.get(_url(personas, "funding_allocation")).content.decode()
    assert f'href="{_url(personas, "funding_reopen")}"' in allocation


def test_the_approve_page_pins_queries(personas, django_assert_num_queries):
    _seed(personas)
    client = client_for(personas.partnership_manager)
    url = _url(personas, "funding_approve")
    client.get(url)
    # session, user, partnership, roles, streams, plan, nodes, commitments, spends
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    assert "Check before you approve the allocation" in response.content.decode()
