"""The dashboard page: seed 003's figures as rendered, permissions, and the PDF report."""

import pytest
from django.urls import reverse
from lxml import html

from vfmhub.efficiency.tests.seed003 import MISSING, make_seed_003
from vfmhub.testing import assert_access


@pytest.fixture
def seed(personas):
    return make_seed_003(personas)


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _url(seed) -> str:
    return reverse("efficiency:dashboard", args=[seed.programme.pk])


def test_it_renders_seed_003(personas, as_user, seed):
    response = as_user(personas.partnership_viewer).get(_url(seed))

    page = html.fromstring(response.content)
    missing = [_text(li) for li in page.xpath('//*[@data-testid="missing"]/li')]
    assert [m.replace(" Overdue", "") for m in missing] == sorted(MISSING)
    assert len(page.xpath('//*[@data-testid="received"]/li')) == 7
    counts = {
        row.get("data-year"): {
            td.get("data-rating"): _text(td.xpath('.//*[@data-testid="count"]')[0])
            for td in row.xpath("./td")
        }
        for row in page.xpath('//*[@data-testid="ratings"]/tbody/tr')
    }
    assert counts == {
        "2009": {"Green": "0", "Amber": "6", "Red": "1", "Not rated": "0"},
        "2010": {"Green": "0", "Amber": "5", "Red": "2", "Not rated": "0"},
        "2011": {"Green": "0", "Amber": "4", "Red": "1", "Not rated": "2"},
    }
    not_rated = _text(page.xpath('//*[@data-year="2011"]/td[@data-rating="Not rated"]')[0])
    assert "Melton Borough Council" in not_rated
    assert "Leicestershire County Council" in not_rated
    below = _text(page.xpath('//*[@data-testid="below"]')[0])
    assert "Oadby and Wigston Borough Council" in below
    assert page.xpath('//*[local-name()="svg"]')


def test_it_takes_a_threshold(personas, as_user, seed):
    response = as_user(personas.partnership_viewer).get(_url(seed), {"threshold": "1.8"})

    below = _text(html.fromstring(response.content).xpath('//*[@data-testid="below"]')[0])
    assert "Oadby and Wigston" in below
    assert "Melton" not in below


def test_it_lets_readers_of_the_programme_in(personas, seed):
    assert_access(
        personas,
        _url(seed),
        allowed=["partnership_manager", "partnership_viewer", "manager", "staff"],
        hidden=["outsider"],
        ok=(200,),
    )


def test_it_pins_queries(personas, as_user, seed, django_assert_num_queries):
    client = as_user(personas.partnership_viewer)
    client.get(_url(seed))
    # session, user, programme, partnership roles, body roles, member check, then the dashboard's
    # seven (participants, baselines, targets, years, deadline, returns, ratings)
    with django_assert_num_queries(13):
        client.get(_url(seed))


def test_it_downloads_the_report(personas, as_user, seed):
    response = as_user(personas.partnership_viewer).get(_url(seed), {"export": "pdf"})

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
