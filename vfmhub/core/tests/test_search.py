"""The site search: the header's box and the results page."""

import re

import pytest
from django.urls import reverse

from vfmhub.core import worklist
from vfmhub.core.worklist import SearchResult
from vfmhub.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def search(client, q: str) -> str:
    return client.get(reverse("core:search"), {"q": q}).content.decode()


def result_links(body: str) -> list[tuple[str, str]]:
    main = body.split('id="main-content"', 1)[1]
    return re.findall(r'<li><a class="govuk-link" href="([^"]+)">([^<]+)</a>', main)


def test_it_needs_a_signed_in_person(client):
    response = client.get(reverse("core:search"), {"q": "Ashby"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_finds_only_what_an_outsider_may_read(personas, as_user):
    body = search(as_user(personas.outsider), "council")
    assert result_links(body) == [
        (reverse("organisations:detail", args=[personas.org_b.pk]), "Bexwell Borough Council")
    ]
    assert "Organisation (1)" in body
    assert "1 result for ‘council’" in body
    assert "Ashby" not in body.split('id="main-content"', 1)[1].split("</form>", 1)[1]


def test_it_finds_partnerships_and_members_for_a_partnership_role(personas, as_user):
    body = search(as_user(personas.partnership_viewer), "north")
    links = result_links(body)
    assert (
        reverse("organisations:partnership_detail", args=[personas.partnership.pk]),
        "Improvement Northmoor",
    ) in links
    assert "Partnership (1)" in body
    assert "Organisation (1)" in body  # the county is a member body, so readable
    outside = search(as_user(personas.partnership_viewer), "Bexwell")
    assert result_links(outside) == []
    assert "No results for ‘Bexwell’" in outside


def test_it_finds_an_organisation_by_its_code(personas, as_user):
    body = search(as_user(personas.viewer), personas.org_a.gss_code.lower())
    assert [title for _, title in result_links(body)] == ["Ashby District Council"]


def test_it_asks_for_two_characters_at_least(personas, as_user, monkeypatch):
    asked: list[tuple] = []

    def provider(*args):
        asked.append(args)
        return []

    monkeypatch.setattr(worklist, "_search_providers", [provider])
    body = search(as_user(personas.viewer), " a ")
    assert "Enter at least 2 characters to search." in body
    assert asked == []
    assert result_links(body) == []


def test_it_says_when_nothing_is_found_and_echoes_the_query(personas, as_user):
    body = search(as_user(personas.staff), "Zzyzx <b>")
    assert "No results for ‘Zzyzx &lt;b&gt;’" in body
    assert 'value="Zzyzx &lt;b&gt;"' in body  # in the header box and the page's own


def test_it_groups_results_by_kind_with_counts(personas, as_user, monkeypatch):
    def plans(user, query, limit):
        return [
            SearchResult("Plan", f"Plan {n}", f"/plans/{n}/", "Ashby · 2009/10") for n in (1, 2)
        ]

    def risks(user, query, limit):
        return [SearchResult("Risk", "Funding risk", "/risks/1/")]

    monkeypatch.setattr(worklist, "_search_providers", [plans, risks])
    body = search(as_user(personas.viewer), "plan")
    assert re.findall(r'<h2 class="govuk-heading-m">([^<]+)</h2>', body) == [
        "Plans (2)",
        "Risk (1)",
    ]
    assert result_links(body) == [
        ("/plans/1/", "Plan 1"),
        ("/plans/2/", "Plan 2"),
        ("/risks/1/", "Funding risk"),
    ]
    assert "Ashby · 2009/10" in body
    assert "3 results for ‘plan’" in body


def test_it_says_when_a_kind_shows_only_the_first_results(personas, as_user):
    for n in range(25):
        Organisation.objects.create(name=f"Testby {n} Parish", body_type="district")
    body = search(as_user(personas.staff), "testby")
    assert "Organisations (20)" in body
    assert "Only the first 20 are shown." in body
