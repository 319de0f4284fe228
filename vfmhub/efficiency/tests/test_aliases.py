"""Other names for a partnership's bodies: listed for those who can see the programme, added and
removed by its managers (audited), refused when a name already stands for a body, and matched
by the returns import."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.efficiency.importing import returns_import
from vfmhub.efficiency.models import BodyAlias
from vfmhub.efficiency.services.aliases import body_alias_add
from vfmhub.efficiency.tests.review003 import make_review_programme
from vfmhub.testing import assert_access


@pytest.fixture
def seed(personas):
    return make_review_programme(personas, with_aliases=False)


def _add(personas, seed, name: str, body: str) -> BodyAlias:
    return body_alias_add(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        organisation=seed.bodies[body],
        name=name,
    )


def test_a_manager_adds_an_alias_the_import_then_matches(personas, as_user, seed):
    client = as_user(personas.partnership_manager)
    county = seed.bodies["Leicestershire County Council"]
    url = reverse("efficiency:body_aliases", args=[seed.programme.pk])

    response = client.post(
        url, {"name": " County  Council ", "organisation": county.pk}, follow=True
    )

    assert "‘County Council’ now stands for Leicestershire County Council" in (
        response.content.decode()
    )
    alias = BodyAlias.objects.get()
    assert (alias.name, alias.key, alias.organisation) == (
        "County Council",
        "countycouncil",
        county,
    )
    event = AuditEvent.objects.get(action="efficiency.alias.add")
    assert (event.partnership_id, event.organisation_id) == (personas.partnership.pk, county.pk)
    result = returns_import(
        acting_user=None,
        programme=seed.programme,
        content=b"Body,RAG 2009/10\ncounty council,Red\n",
        filename="r.csv",
    )
    assert (result.errors, result.created) == ([], 1)


def test_a_manager_removes_an_alias(personas, as_user, seed):
    alias = _add(personas, seed, "City PCT", "Leicester City PCT")
    url = reverse("efficiency:body_alias_remove", args=[seed.programme.pk, alias.pk])

    response = as_user(personas.partnership_manager).post(url, follow=True)

    assert "‘City PCT’ no longer stands for Leicester City PCT." in response.content.decode()
    assert not BodyAlias.objects.exists()
    event = AuditEvent.objects.get(action="efficiency.alias.remove")
    assert event.changes["name"] == ["City PCT", None]


def test_a_name_stands_for_one_body_only(personas, seed):
    _add(personas, seed, "County Council", "Leicestershire County Council")

    with pytest.raises(ValidationError) as taken:
        _add(personas, seed, "county council", "Leicester City Council")
    with pytest.raises(ValidationError) as own_name:
        _add(personas, seed, "Melton", "Leicester City Council")

    assert taken.value.message_dict["name"] == [
        "'county council' already stands for Leicestershire County Council."
    ]
    assert own_name.value.message_dict["name"] == [
        "'Melton' is already the name, short name or GSS code of Melton Borough Council."
    ]


def test_the_page_lists_aliases_for_readers_without_the_form(personas, as_user, seed):
    _add(personas, seed, "Fire Authority", "Leicestershire Fire and Rescue Authority")
    url = reverse("efficiency:body_aliases", args=[seed.programme.pk])

    body = as_user(personas.partnership_viewer).get(url).content.decode()

    assert "Fire Authority" in body
    assert "Add a name" not in body
    assert "Remove" not in body


def test_who_may_see_and_change_aliases(personas, seed):
    alias = _add(personas, seed, "Police", "Leicestershire Police Authority")
    page = reverse("efficiency:body_aliases", args=[seed.programme.pk])
    remove = reverse("efficiency:body_alias_remove", args=[seed.programme.pk, alias.pk])
    county = seed.bodies["Leicestershire County Council"]

    assert_access(
        personas, page, allowed=["partnership_manager", "partnership_viewer"], hidden=["outsider"]
    )
    assert_access(
        personas,
        page,
        method="post",
        data={"name": "County Council", "organisation": county.pk},
        allowed=["partnership_manager"],
        forbidden=["partnership_viewer"],
        hidden=["outsider"],
    )
    assert_access(
        personas,
        remove,
        method="post",
        allowed=["partnership_manager"],
        forbidden=["partnership_viewer"],
        hidden=["outsider"],
    )
    assert list(BodyAlias.objects.values_list("name", flat=True)) == ["County Council"]
