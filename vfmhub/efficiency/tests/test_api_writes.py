"""Writing over the efficiency API: gains (add, change with 409 when stale, remove, confirm) and
returns (save a draft, submit, resubmit as a new version), with the pages' permissions."""

from vfmhub.api.testing import version_of
from vfmhub.efficiency.models import EfficiencyReturn, Gain
from vfmhub.efficiency.tests.conftest import add_gain
from vfmhub.lib import clock
from vfmhub.testing import assert_access

JSON = "application/json"


def body_api(programme, organisation) -> str:
    return f"/api/v1/efficiency/programmes/{programme.pk}/bodies/{organisation.pk}"


GAIN = {"description": "Shared legal service", "first_year": 2009, "gross_annual_value": "50000"}


def test_the_bodys_editors_add_gains(personas, as_user, programme):
    url = f"{body_api(programme, personas.org_a)}/gains"

    assert_access(
        personas,
        url,
        method="post",
        data=GAIN,
        content_type=JSON,
        allowed=["editor"],
        forbidden=["viewer", "partnership_manager", "partnership_viewer"],
        hidden=["outsider"],
        ok=(201,),
    )
    gain = Gain.objects.get()
    assert (gain.organisation_id, gain.created_by_id) == (personas.org_a.pk, personas.editor.pk)


def test_a_gain_outside_the_programme_years_is_refused_by_field(personas, as_user, programme):
    url = f"{body_api(programme, personas.org_a)}/gains"

    response = as_user(personas.editor).post(url, {**GAIN, "first_year": 2015}, content_type=JSON)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "first_year"


def test_a_stale_change_answers_409(personas, as_user, programme):
    gain = add_gain(personas, programme)
    url = f"{body_api(programme, personas.org_a)}/gains/{gain.pk}"
    client = as_user(personas.editor)
    read = client.get(url).json()["updated_at"]

    first = client.patch(url, {"evidence": "Budget book", "updated_at": read}, content_type=JSON)
    second = client.patch(url, {"evidence": "Other", "updated_at": read}, content_type=JSON)

    assert first.status_code == 200 and first.json()["evidence"] == "Budget book"
    assert second.status_code == 409
    assert set(second.json()) == {"detail", "errors"}


def test_removing_and_confirming_gains(personas, as_user, programme):
    removed, kept = add_gain(personas, programme), add_gain(personas, programme, description="B")
    base = f"{body_api(programme, personas.org_a)}/gains"
    client = as_user(personas.editor)

    gone = client.post(
        f"{base}/{removed.pk}/remove",
        {
            "removed_from_year": 2010,
            "removed_on": "2010-06-01",
            "reason": "Not sustained.",
            "updated_at": version_of(removed),
        },
        content_type=JSON,
    )
    confirmed = client.post(
        f"{base}/{kept.pk}/confirm",
        {"confirmed_on": "2011-05-01", "updated_at": version_of(kept)},
        content_type=JSON,
    )

    assert gone.json()["persistence"] == "removed"
    assert confirmed.json()["persistence_confirmed_on"] == "2011-05-01"
    assert client.get(base, {"year": 2009}).json()["count"] == 2
    assert client.get(base, {"year": 2010}).json()["count"] == 1


def test_a_draft_is_saved_submitted_and_resubmitted_as_a_new_version(personas, as_user, programme):
    base = f"{body_api(programme, personas.org_a)}/returns"
    payload = {"year": 2009, "kind": "forecast", "ratings": {"2009": "A", "2010": "R"}}
    draft = as_user(personas.editor).post(base, payload, content_type=JSON).json()
    read = {"updated_at": draft["updated_at"]}

    refused = as_user(personas.editor).post(f"{base}/{draft['id']}/submit", read, JSON)
    submitted = as_user(personas.manager).post(f"{base}/{draft['id']}/submit", read, JSON)
    # No draft stands once it is submitted: the next save starts one, with no version to send.
    again = as_user(personas.editor).post(base, {**payload, "narrative": "v2"}, content_type=JSON)
    as_user(personas.manager).post(
        f"{base}/{again.json()['id']}/submit", {"updated_at": again.json()["updated_at"]}, JSON
    )

    assert draft["status"] == "draft"
    assert refused.status_code == 403
    assert submitted.json()["status"] == "submitted"
    assert again.json()["version"] == 2
    versions = EfficiencyReturn.objects.order_by("version").values_list("version", "is_current")
    assert list(versions) == [(1, False), (2, True)]
    current = as_user(personas.partnership_viewer).get(base, {"current": "true"}).json()
    assert [r["version"] for r in current["items"]] == [2]


def test_a_return_with_a_bad_rating_is_refused_in_the_error_shape(personas, as_user, programme):
    base = f"{body_api(programme, personas.org_a)}/returns"
    payload = {"year": 2009, "kind": "forecast", "ratings": {"2009": "X"}}

    response = as_user(personas.editor).post(base, payload, content_type=JSON)

    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid."


def test_returns_are_written_by_the_body_only(personas, programme):
    base = f"{body_api(programme, personas.org_a)}/returns"

    assert_access(
        personas,
        base,
        method="post",
        data={"year": 2009, "kind": "outturn", "reported_value": "250000"},
        content_type=JSON,
        allowed=["editor"],
        forbidden=["viewer", "partnership_manager", "partnership_viewer"],
        hidden=["outsider"],
    )
    made = EfficiencyReturn.objects.get()
    assert made.created_at.date() <= clock.today()
