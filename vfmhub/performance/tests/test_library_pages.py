"""The indicator library pages: access for every page, writes through the services, red needs
commentary said on the page, downloads, and the list's query count pinned."""

import pytest
from django.urls import reverse

from vfmhub.performance.calculations import Frequency, Period
from vfmhub.performance.models import Commentary, Indicator, IndicatorValue, Target
from vfmhub.performance.services import indicators as defs
from vfmhub.performance.services import values
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db
READERS = ["manager", "editor", "viewer", "staff"]


@pytest.fixture
def local(personas):
    return defs.indicator_create(
        acting_user=personas.editor,
        owner=personas.org_a,
        fields={
            "code": "L1",
            "title": "Calls answered",
            "polarity": "higher",
            "frequency": "quarter",
            "source": "Contact centre",
        },
    )


@pytest.fixture
def national(personas):
    return defs.indicator_create(
        acting_user=None,
        owner=None,
        fields={
            "code": "NI 191",
            "title": "Residual waste",
            "polarity": "lower",
            "frequency": "year",
        },
    )


def page(personas, name, *args):
    return reverse(f"performance:{name}", args=[personas.org_a.pk, *args])


def test_the_list_shows_national_and_local_indicators(
    personas, local, national, django_assert_num_queries
):
    client = client_for(personas.viewer)
    client.get(page(personas, "library_list"))
    # session, user, organisation + role (access), the indicators with owners, messages/none
    with django_assert_num_queries(5):
        response = client.get(page(personas, "library_list"))
    text = response.content.decode()
    assert "Calls answered" in text and "Residual waste" in text
    assert "Add a local indicator" not in text  # viewers do not edit


def test_the_list_filters_by_text_and_frequency(personas, local, national):
    client = client_for(personas.editor)
    text = client.get(page(personas, "library_list"), {"q": "contact"}).content.decode()
    assert "Calls answered" in text and "Residual waste" not in text
    text = client.get(page(personas, "library_list"), {"frequency": "year"}).content.decode()
    assert "Calls answered" not in text and "Residual waste" in text


def test_the_list_downloads_as_csv_and_xlsx(personas, local, national):
    client = client_for(personas.viewer)
    csv_text = client.get(page(personas, "library_list"), {"format": "csv"}).content.decode()
    assert "L1,Calls answered" in csv_text and "NI 191" in csv_text
    xlsx = client.get(page(personas, "library_list"), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_outsiders_get_404_on_every_page(personas, local):
    for name, args in [
        ("library_list", ()),
        ("value_detail", (local.pk,)),
        ("value_enter", (local.pk,)),
        ("library_edit", (local.pk,)),
    ]:
        assert_access(personas, page(personas, name, *args), hidden=["outsider"])


@pytest.mark.parametrize(
    "name",
    [
        "value_enter",
        "value_target",
        "value_trajectory",
        "value_commentary",
        "value_forecast",
        "library_edit",
        "library_rag_rule",
    ],
)
def test_viewers_may_not_open_write_pages(personas, local, name):
    assert_access(
        personas,
        page(personas, name, local.pk),
        forbidden=["viewer"],
        allowed=["editor"],
        ok=(200,),
    )


def test_viewers_may_not_add_indicators(personas):
    assert_access(
        personas,
        page(personas, "library_add"),
        method="post",
        data={"code": "X"},
        hidden=["outsider"],
        forbidden=["viewer"],
    )


def test_an_editor_adds_a_local_indicator(personas):
    data = {
        "code": "L7",
        "title": "Missed bins",
        "data_type": "number",
        "polarity": "lower",
        "decimal_places": "0",
        "frequency": "month",
        "rollup": "sum",
        "ratio_scale": "1",
    }
    response = client_for(personas.editor).post(page(personas, "library_add"), data)
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="L7")
    assert indicator.owner == personas.org_a and indicator.rag_rules.count() == 1


def test_a_stale_edit_is_refused(personas, local):
    data = {
        "code": "L1",
        "title": "New title",
        "data_type": "number",
        "polarity": "higher",
        "decimal_places": "1",
        "frequency": "quarter",
        "rollup": "sum",
        "ratio_scale": "1",
        "updated_at": "2001-01-01T00:00:00+00:00",
    }
    response = client_for(personas.editor).post(page(personas, "library_edit", local.pk), data)
    assert "Someone else changed this" in response.content.decode()
    local.refresh_from_db()
    assert local.title == "Calls answered"


def test_an_editor_cannot_edit_a_national_indicator(personas, national):
    assert_access(
        personas,
        page(personas, "library_edit", national.pk),
        forbidden=["editor"],
        allowed=["staff"],
        ok=(200,),
    )


def test_enter_then_correct_a_value_with_a_reason(personas, local):
    client = client_for(personas.editor)
    url = page(personas, "value_enter", local.pk)
    assert "A value that is red needs commentary" in client.get(url).content.decode()
    assert (
        client.post(
            url, {"period": "Q1 2024/25", "value": "5", "status": "provisional"}
        ).status_code
        == 302
    )
    response = client.post(url, {"period": "Q1 2024/25", "value": "6", "status": "provisional"})
    assert values.REASON_NEEDED in response.content.decode()
    client.post(
        url,
        {"period": "Q1 2024/25", "value": "6", "status": "provisional", "reason": "Late returns"},
    )
    assert list(
        IndicatorValue.objects.order_by("version").values_list("version", "is_current")
    ) == [(1, False), (2, True)]


@pytest.mark.parametrize("bad", ["1e40", "lots", "99999999999999999999999"])
def test_hostile_numbers_are_a_message_not_a_500(personas, local, bad):
    response = client_for(personas.editor).post(
        page(personas, "value_enter", local.pk),
        {"period": "Q1 2024/25", "value": bad, "status": "final"},
    )
    assert response.status_code == 200 and "govuk-error-message" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_targets_trajectory_commentary_and_forecast(personas, local):
    client = client_for(personas.editor)
    client.post(page(personas, "value_target", local.pk), {"period": "Q1 2024/25", "value": "10"})
    client.post(
        page(personas, "value_trajectory", local.pk),
        {"first": "Q2 2024/25", "start_value": "10", "last": "Q4 2024/25", "end_value": "20"},
    )
    assert sorted(Target.objects.values_list("value", flat=True)) == [10, 10, 15, 20]
    client.post(
        page(personas, "value_commentary", local.pk),
        {"period": "Q1 2024/25", "what_happened": "Staff away"},
    )
    assert Commentary.objects.get().what_happened == "Staff away"
    client.post(page(personas, "value_forecast", local.pk), {"year": "2024", "value": "18"})
    assert local.forecasts.get().value == 18


def test_approving_a_value(personas, local):
    row = values.value_record(
        acting_user=personas.editor,
        indicator=local,
        organisation=personas.org_a,
        period=Period(Frequency.QUARTER, 2024, 1),
        value="3",
        status="final",
    )
    url = page(personas, "value_approve", local.pk, row.pk)
    assert_access(
        personas,
        url,
        method="post",
        data={"status": "approved"},
        hidden=["outsider"],
        forbidden=["viewer"],
        allowed=["editor"],
    )
    row.refresh_from_db()
    assert row.status == "approved"
    text = (
        client_for(personas.viewer).get(page(personas, "value_detail", local.pk)).content.decode()
    )
    assert "Approved for publication" in text


def test_the_indicator_page_says_a_red_value_needs_commentary(personas, local):
    period = Period(Frequency.QUARTER, 2024, 1)
    kw = {"indicator": local, "organisation": personas.org_a, "period": period}
    values.target_set(acting_user=personas.editor, value="100", **kw)
    values.value_record(acting_user=personas.editor, value="80", **kw)
    client = client_for(personas.editor)
    assert (
        'data-testid="needs-commentary"'
        in client.get(page(personas, "value_detail", local.pk)).content.decode()
    )
    values.commentary_add(acting_user=personas.editor, what_happened="Storm damage", **kw)
    text = client.get(page(personas, "value_detail", local.pk)).content.decode()
    assert 'data-testid="needs-commentary"' not in text and "Storm damage" in text
