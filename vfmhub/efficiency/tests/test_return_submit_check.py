"""The check-your-answers page before a return is submitted."""

import re
from decimal import Decimal

import pytest

from vfmhub.efficiency import services
from vfmhub.efficiency.tests.conftest import body_url
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(personas, programme):
    return services.return_save(
        acting_user=personas.editor,
        programme=programme,
        organisation=personas.org_a,
        year=2009,
        kind="forecast",
        reported_value=Decimal("300000"),
        narrative="Plans agreed for the shared service.",
        ratings={2009: "A"},
    )


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_shows_what_is_sent_what_is_missing_and_what_follows(personas, programme, draft):
    url = body_url(programme, personas.org_a, "efficiency:return_submit", draft.pk)
    text = _text(client_for(personas.manager).get(url).content.decode())

    assert "Forecast 2009/10, version 1" in text
    assert "Value you report £300,000" in text
    assert "Rating for 2009/10 Amber" in text
    assert "Rating for 2010/11 Not given" in text
    assert "No rating is given for 2010/11." in text
    assert "A submitted return cannot be changed or withdrawn" in text
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_only_the_bodys_managers_reach_it(personas, programme, draft):
    url = body_url(programme, personas.org_a, "efficiency:return_submit", draft.pk)
    assert_access(
        personas,
        url,
        allowed=["manager", "staff"],
        forbidden=["editor", "viewer", "partnership_manager", "auditor"],
        hidden=["outsider"],
    )


def test_posting_from_it_submits(personas, programme, draft):
    url = body_url(programme, personas.org_a, "efficiency:return_submit", draft.pk)
    client_for(personas.manager).post(url)
    draft.refresh_from_db()
    assert draft.status == "submitted"
    again = _text(client_for(personas.manager).get(url).content.decode())
    assert "This version has already been submitted." in again
    assert "Submit the return" not in again
