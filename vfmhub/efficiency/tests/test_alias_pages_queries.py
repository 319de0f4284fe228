"""The two lists added for partnerships' own files keep a constant number of queries however
many rows they show: other names for bodies, and other bodies taking part."""

from django.urls import reverse

from vfmhub.efficiency.services.aliases import body_alias_add
from vfmhub.efficiency.services.other_bodies import other_body_add
from vfmhub.efficiency.tests.review003 import make_review_programme
from vfmhub.organisations.models import BodyType, Organisation
from vfmhub.testing import client_for

# the same 8 queries with one row or eight
QUERIES = 8


def test_the_alias_page_queries_do_not_grow_with_its_rows(personas, django_assert_num_queries):
    seed = make_review_programme(personas, with_aliases=False)
    client = client_for(personas.partnership_manager)
    url = reverse("efficiency:body_aliases", args=[seed.programme.pk])
    bodies = list(seed.bodies.values())
    body_alias_add(
        acting_user=None, partnership=personas.partnership, organisation=bodies[0], name="One"
    )
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for n, body in enumerate(bodies[1:8]):
        body_alias_add(
            acting_user=None, partnership=personas.partnership, organisation=body, name=f"N{n}"
        )
    with django_assert_num_queries(QUERIES):
        client.get(url)


def test_the_other_bodies_page_queries_do_not_grow_with_its_rows(
    personas, django_assert_num_queries
):
    seed = make_review_programme(personas, with_aliases=False)
    client = client_for(personas.partnership_manager)
    url = reverse("efficiency:other_bodies", args=[seed.programme.pk])

    def join(name: str) -> None:
        body = Organisation.objects.create(name=name, body_type=BodyType.POLICE)
        other_body_add(acting_user=None, programme=seed.programme, organisation=body)

    join("Police 1")
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for n in range(2, 8):
        join(f"Police {n}")
    with django_assert_num_queries(QUERIES):
        client.get(url)
