"""Service value-for-money ratings: services, a score per year with its reason, the target
("75% of services scoring 2 or above") checked, the pages and the history of a rating."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.performance.access import performance_for_user
from vfmhub.performance.models import ServiceRating
from vfmhub.performance.selectors.ratings import rating_history, rating_target_check
from vfmhub.performance.services.ratings import (
    REASON_REQUIRED,
    SERVICE_EXISTS,
    rating_target_set,
    service_add,
    service_rating_set,
)
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db
READERS = ["manager", "editor", "viewer", "auditor", "partnership_manager", "staff"]


def _rated(personas, scores: list[int], year: int = 2009, prefix: str = "Service") -> list:
    services = []
    for n, score in enumerate(scores):
        service = service_add(
            acting_user=personas.editor, organisation=personas.org_a, name=f"{prefix} {n}"
        )
        service_rating_set(
            acting_user=personas.editor, service=service, year=year, score=score, reason="Why"
        )
        services.append(service)
    return services


def test_18_of_24_scoring_2_or_above_meets_the_target(personas):
    _rated(personas, [2] * 10 + [3] * 5 + [4] * 3 + [1] * 6)
    rating_target_set(
        acting_user=personas.manager,
        organisation=personas.org_a,
        year=2009,
        minimum_score=2,
        share_percent=Decimal(75),
    )
    check = rating_target_check(performance_for_user(personas.viewer, personas.org_a.pk), 2009)
    assert (check.rated, check.at_or_above, check.share, check.met) == (24, 18, 75, True)
    assert check.sentence.startswith("18 of 24 services (75%) score 2 or above: target met")


def test_17_of_24_misses_it_and_no_ratings_judge_nothing(personas):
    _rated(personas, [2] * 17 + [1] * 7)
    access = performance_for_user(personas.viewer, personas.org_a.pk)
    check = rating_target_check(access, 2009)
    assert (check.at_or_above, check.met, check.target_set) == (17, False, False)
    assert "target not met" in check.sentence
    assert rating_target_check(access, 2010).met is None


def test_a_higher_minimum_is_checked(personas):
    _rated(personas, [2, 3, 4, 4])
    rating_target_set(
        acting_user=personas.manager,
        organisation=personas.org_a,
        year=2009,
        minimum_score=3,
        share_percent=Decimal(50),
    )
    check = rating_target_check(performance_for_user(personas.viewer, personas.org_a.pk), 2009)
    assert (check.at_or_above, check.met) == (3, True)


def test_a_rating_needs_a_reason_and_a_score_from_1_to_4(personas):
    (service,) = _rated(personas, [2])
    with pytest.raises(ValidationError) as error:
        service_rating_set(
            acting_user=personas.editor, service=service, year=2010, score=3, reason=" "
        )
    assert error.value.message_dict["reason"] == [REASON_REQUIRED]
    with pytest.raises(ValidationError):
        service_rating_set(
            acting_user=personas.editor, service=service, year=2010, score=5, reason="Good"
        )
    with pytest.raises(ValidationError) as error:
        service_add(acting_user=personas.editor, organisation=personas.org_a, name="service 0")
    assert error.value.message_dict["name"] == [SERVICE_EXISTS]


def test_a_changed_rating_keeps_its_history(personas):
    (service,) = _rated(personas, [2])
    rating = ServiceRating.objects.get()
    service_rating_set(
        acting_user=personas.manager,
        service=service,
        year=2009,
        score=3,
        reason="Costs down",
        expected_updated_at=rating.updated_at,
    )
    with pytest.raises(ValidationError) as error:
        service_rating_set(
            acting_user=personas.manager,
            service=service,
            year=2009,
            score=1,
            reason="Stale",
            expected_updated_at=rating.updated_at,
        )
    assert error.value.messages == [CHANGED_SINCE_OPENED]
    history = list(rating_history(service))
    assert [e.changes.get("score") for e in history] == [[2, 3], [None, 2]]
    assert history[0].organisation_id == personas.org_a.pk


def test_the_ratings_page_shows_the_check_in_fixed_queries(
    personas, as_user, django_assert_num_queries
):
    _rated(personas, [2, 3, 1, 4])
    url = reverse("performance:ratings_list", args=[personas.org_a.pk]) + "?year=2009"
    assert_access(personas, url, allowed=READERS, hidden=["outsider"], ok=(200,))
    client = as_user(personas.viewer)
    # session, user, organisation with the user's role, its auditor years, services, their
    # ratings that year, years rated, the target, the scores checked
    with django_assert_num_queries(9):
        response = client.get(url)
    assert "3 of 4 services (75%) score 2 or above: target met" in response.content.decode()
    _rated(personas, [1, 1], prefix="More")
    with django_assert_num_queries(9):
        client.get(url)


def test_the_ratings_download(personas, as_user):
    _rated(personas, [2])
    url = reverse("performance:ratings_list", args=[personas.org_a.pk])
    response = as_user(personas.viewer).get(url + "?year=2009&export=csv")
    assert "Service 0,2009/10,2,Why" in response.content.decode("utf-8-sig")


def test_only_editors_rate(personas, as_user):
    (service,) = _rated(personas, [2])
    org = personas.org_a.pk
    url = reverse("performance:ratings_rate", args=[org, service.pk]) + "?year=2010"
    assert_access(
        personas,
        url,
        method="post",
        data={"year": 2010, "score": 4, "reason": "Excellent"},
        allowed=["editor"],
        forbidden=["viewer", "auditor", "partnership_manager"],
        hidden=["outsider"],
    )
    assert ServiceRating.objects.get(year=2010).score == 4
    history = reverse("performance:ratings_service", args=[org, service.pk])
    assert_access(personas, history, allowed=READERS, hidden=["outsider"], ok=(200,))
    target = reverse("performance:ratings_target", args=[org])
    data = {"year": 2010, "minimum_score": 2, "share_percent": "80"}
    assert_access(
        personas,
        target,
        method="post",
        data=data,
        allowed=["editor"],
        forbidden=["viewer"],
        hidden=["outsider"],
    )
    response = as_user(personas.viewer).get(
        reverse("performance:ratings_list", args=[org]) + "?year=2010"
    )
    assert (
        "1 of 1 services (100%) score 2 or above: target met (80% wanted)"
        in response.content.decode()
    )
    assert AuditEvent.objects.filter(action="performance.rating_target.set").count() == 1
