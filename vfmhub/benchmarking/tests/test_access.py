"""Who may open each benchmarking page and make each write: a reader of the organisation reads,
an editor writes, a read-only role gets 403 on writes, an outsider 404 everywhere."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vfmhub.benchmarking.models import ComparatorGroup
from vfmhub.benchmarking.tests.pages_data import SCORE, SPEND, make_group, make_reference
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

READERS = ["manager", "editor", "viewer", "auditor", "partnership_manager", "staff"]
WRITERS = ["editor", "manager", "staff"]
READ_ONLY = ["viewer", "auditor", "partnership_manager", "partnership_viewer", "peer_reviewer"]


@pytest.fixture
def group(personas):
    make_reference()
    return make_group(personas.org_a, "Near us", ["E07000911", "E07000912"])


def _url(name, org, *args):
    return reverse(f"benchmarking:{name}", args=[org.pk, *args])


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("home", ""),
        ("neighbours", ""),
        ("compare", f"?measure=ref:{SCORE}&group=all"),
        ("quadrant", f"?cost=ref:{SPEND}&performance=ref:{SCORE}"),
        ("groups", ""),
    ],
)
def test_every_reader_sees_the_pages_and_an_outsider_does_not(personas, group, name, query):
    address = _url(name, personas.org_a) + query
    assert_access(personas, address, allowed=READERS, hidden=["outsider"], ok=(200,))


def test_a_group_page_is_for_readers_of_its_organisation_only(personas, group):
    address = _url("group", personas.org_a, group.pk)
    assert_access(personas, address, allowed=READERS, hidden=["outsider"], ok=(200,))
    # Another body's group under A's address is not found, even for A's manager.
    theirs = make_group(personas.org_b, "Theirs", ["E07000911"])
    assert (
        client_for(personas.manager).get(_url("group", personas.org_a, theirs.pk)).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["group_create", "group_import"])
def test_the_forms_to_add_a_group_need_edit(personas, group, name):
    address = _url(name, personas.org_a)
    assert_access(
        personas, address, allowed=WRITERS, forbidden=READ_ONLY, hidden=["outsider"], ok=(200,)
    )
    assert_access(personas, address, method="post", forbidden=READ_ONLY, hidden=["outsider"])


@pytest.mark.parametrize("name", ["group_change", "group_archive"])
def test_the_forms_to_change_a_group_need_edit(personas, group, name):
    address = _url(name, personas.org_a, group.pk)
    assert_access(
        personas, address, allowed=WRITERS, forbidden=READ_ONLY, hidden=["outsider"], ok=(200,)
    )
    assert_access(personas, address, method="post", forbidden=READ_ONLY, hidden=["outsider"])
    assert ComparatorGroup.objects.get(pk=group.pk).is_current


def test_an_editor_saves_a_group(personas, group):
    response = client_for(personas.editor).post(
        _url("group_create", personas.org_a), {"name": "Family", "members": "Denham\nE07000915"}
    )
    saved = ComparatorGroup.objects.get(name="Family")
    assert response.status_code == 302 and response["Location"] == _url(
        "group", personas.org_a, saved.pk
    )
    assert list(saved.members.values_list("gss_code", flat=True)) == ["E07000913", "E07000915"]


def test_an_unknown_area_is_shown_beside_the_field(personas, group):
    response = client_for(personas.editor).post(
        _url("group_create", personas.org_a), {"name": "Family", "members": "Denham\nNarnia"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text and "govuk-error-message" in response.text
    assert "Line 2: “Narnia” is not an area" in response.text
    assert not ComparatorGroup.objects.filter(name="Family").exists()


def test_an_editor_imports_a_published_list(personas, group):
    upload = SimpleUploadedFile("cipfa.csv", b"Authority\nDenham\nFarley\n", "text/csv")
    response = client_for(personas.editor).post(
        _url("group_import", personas.org_a),
        {"name": "CIPFA 2024", "publisher": "CIPFA", "source": "", "body_code": "", "file": upload},
    )
    saved = ComparatorGroup.objects.get(name="CIPFA 2024")
    assert response.status_code == 302
    assert saved.body_code == "E07000901" and saved.source == "cipfa.csv"
    text = client_for(personas.viewer).get(_url("group", personas.org_a, saved.pk)).text
    assert "CIPFA 2024, as imported by editor@example.org on" in text


def test_a_new_version_from_the_page_keeps_the_old_and_a_stale_form_is_refused(personas, group):
    client = client_for(personas.editor)
    address = _url("group_change", personas.org_a, group.pk)
    form = {"name": "Nearer", "members": "Corley", "version": 1}
    assert client.post(address, form).status_code == 302
    response = client.post(address, form)
    assert response.status_code == 200 and "Someone else changed this" in response.text
    current = ComparatorGroup.objects.get(series=group.series, is_current=True)
    assert current.version == 2
    text = client_for(personas.viewer).get(_url("group", personas.org_a, group.pk)).text
    assert "This is not the current version" in text and "Version 2</a> (current)" in text


def test_archiving_from_the_page(personas, group):
    response = client_for(personas.editor).post(
        _url("group_archive", personas.org_a, group.pk), {"version": 1}
    )
    assert response.status_code == 302
    text = client_for(personas.viewer).get(_url("groups", personas.org_a)).text
    assert "Near us" not in text
    # Still citable: the version's own page and its token work.
    assert (
        client_for(personas.viewer).get(_url("group", personas.org_a, group.pk)).status_code == 200
    )
    compare = _url("compare", personas.org_a) + f"?measure=ref:{SCORE}&group=list:{group.pk}"
    assert "Near us, as saved by" in client_for(personas.viewer).get(compare).text
