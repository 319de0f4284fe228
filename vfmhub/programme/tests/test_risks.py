"""Risk registers: rating history kept on re-rating, the heat map counting what the register
holds, matrices in use never edited in place, overdue reviews, exports and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.lib import clock
from vfmhub.programme.models import RatingKind, Risk, RiskMatrix, RiskRating, RiskRegister
from vfmhub.programme.services import risks as services
from vfmhub.testing import client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"
H, M, L = 3, 2, 1


def add(personas, register, title, likelihood, impact, **fields):
    return services.risk_create(
        acting_user=personas.partnership_manager,
        register=register,
        title=title,
        current_likelihood=likelihood,
        current_impact=impact,
        **fields,
    )


def test_the_default_matrices_are_made_on_first_use_without_a_migration(register):
    matrices = {m.key: m for m in RiskMatrix.objects.all()}
    assert set(matrices) == {"3x3", "5x5"}
    three = matrices["3x3"]
    assert register.matrix == three
    assert three.likelihood_labels == ["Low", "Medium", "High"]
    assert [three.band_for(L, H), three.band_for(M, H), three.band_for(L, L)] == [
        "medium",
        "high",
        "low",
    ]
    assert matrices["5x5"].size == 5 and matrices["5x5"].band_for(5, 5) == "high"


def test_the_default_matrices_are_recorded_in_the_history_when_first_made(personas):
    made = services.ensure_default_matrices(acting_user=personas.staff)

    events = AuditEvent.objects.filter(action="risk_matrix.create").order_by("pk")
    assert [(e.object_id, e.actor, e.note) for e in events] == [
        (str(made["3x3"].pk), personas.staff, services.SHIPPED),
        (str(made["5x5"].pk), personas.staff, services.SHIPPED),
    ]
    assert events[0].changes["name"] == [None, "3 × 3 (High, Medium, Low)"]
    assert events[1].changes["size"] == [None, 5]
    again = services.ensure_default_matrices(acting_user=personas.manager)
    assert again == made and events.count() == 2  # made once: nothing more to record


def test_a_cell_table_overrides_the_score_band(personas):
    matrix = services.matrix_create(
        acting_user=personas.staff,
        name="Cautious 3 × 3",
        size=3,
        likelihood_labels=["Low", "Medium", "High"],
        impact_labels=["Low", "Medium", "High"],
        bands={"thresholds": [[1, "low"], [3, "medium"], [6, "high"]], "cells": {"1x3": "high"}},
    )
    assert matrix.band_for(1, 3) == "high" and matrix.band_for(3, 1) == "medium"


def test_a_matrix_needs_a_label_for_every_rating(personas):
    with pytest.raises(ValidationError) as exc:
        services.matrix_create(
            acting_user=personas.staff,
            name="Broken",
            size=5,
            likelihood_labels=["Low", "High"],
            impact_labels=["a", "b", "c", "d", "e"],
            bands={"thresholds": [[1, "low"]]},
        )
    assert "likelihood_labels" in exc.value.message_dict


def test_a_used_matrix_is_never_edited_in_place(personas, register):
    matrix = register.matrix
    matrix.refresh_from_db()
    assert matrix.is_locked

    changed = services.matrix_update(
        acting_user=personas.staff,
        matrix=matrix,
        likelihood_labels=["Unlikely", "Possible", "Likely"],
    )

    matrix.refresh_from_db()
    assert changed.pk != matrix.pk and changed.replaces == matrix
    assert matrix.likelihood_labels == ["Low", "Medium", "High"]
    assert changed.likelihood_labels == ["Unlikely", "Possible", "Likely"]
    register.refresh_from_db()
    assert register.matrix_id == matrix.pk


def test_an_unused_matrix_is_edited_in_place(personas):
    matrix = services.matrix_create(
        acting_user=personas.staff,
        name="Draft",
        size=3,
        likelihood_labels=["L", "M", "H"],
        impact_labels=["L", "M", "H"],
        bands={"thresholds": [[1, "low"], [4, "high"]]},
    )
    same = services.matrix_update(acting_user=personas.staff, matrix=matrix, name="Final")
    assert same.pk == matrix.pk and RiskMatrix.objects.get(pk=matrix.pk).name == "Final"


def test_a_register_with_risks_keeps_its_matrix(personas, register):
    add(personas, register, "Lack of Member engagement", M, H)
    five = services.ensure_default_matrices()["5x5"]
    with pytest.raises(ValidationError) as exc:
        services.register_update(
            acting_user=personas.partnership_manager, register=register, matrix=five
        )
    assert "matrix" in exc.value.message_dict


def test_a_register_has_exactly_one_owner(personas):
    matrix = services.default_matrix()
    with pytest.raises(ValidationError):
        services.register_create(
            acting_user=personas.staff,
            name="Two owners",
            partnership=personas.partnership,
            organisation=personas.org_a,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskRegister.objects.create(name="No owner", matrix=matrix)


def test_ratings_must_fit_the_matrix(personas, register):
    with pytest.raises(ValidationError) as exc:
        add(personas, register, "Too likely", 4, 1)
    assert "current_likelihood" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        add(personas, register, "Half rated", 1, 1, target_likelihood=1)
    assert "target_impact" in exc.value.message_dict


def test_re_rating_keeps_the_rating_history(personas, register):
    risk = add(
        personas,
        register,
        "Lack of Member engagement",
        M,
        H,
        inherent_likelihood=H,
        inherent_impact=H,
    )
    first = list(RiskRating.objects.filter(risk=risk).values_list("kind", "likelihood", "impact"))
    assert sorted(first) == [("current", M, H), ("inherent", H, H)]

    services.risk_rerate(
        acting_user=personas.partnership_manager, risk=risk, likelihood=L, impact=H, note="Panel"
    )
    services.risk_rerate(
        acting_user=personas.partnership_manager, risk=risk, likelihood=L, impact=M
    )

    risk.refresh_from_db()
    assert (risk.current_likelihood, risk.current_impact, risk.current_score) == (L, M, 2)
    assert (risk.inherent_likelihood, risk.inherent_impact) == (H, H)
    current = RiskRating.objects.filter(risk=risk, kind=RatingKind.CURRENT).order_by("pk")
    assert [(r.likelihood, r.impact) for r in current] == [(M, H), (L, H), (L, M)]
    assert current[1].note == "Panel" and current[1].rated_by == personas.partnership_manager
    assert RiskRating.objects.filter(risk=risk).count() == 4
    assert (
        AuditEvent.objects.filter(
            action="risk.rerate", partnership_id=personas.partnership.pk
        ).count()
        == 2
    )

    page = client_for(personas.partnership_viewer).get(
        reverse("programme:risk_detail", args=[personas.partnership.pk, risk.pk])
    )
    history = page.content.decode().split('id="rating-history"')[1]
    assert history.count('<tr class="govuk-table__row">') == 1 + 4
    assert "Panel" in history


def test_re_rating_through_the_page(personas, register):
    risk = add(personas, register, "Lack of clarity", M, H)
    url = reverse("programme:risk_rerate", args=[personas.partnership.pk, risk.pk])
    response = client_for(personas.partnership_manager).post(
        url, {"likelihood": "1", "impact": "3", "note": "Communications post appointed"}
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.current_likelihood, risk.current_impact) == (1, 3)
    assert risk.ratings.filter(kind="current").count() == 2


def test_the_heat_map_counts_match_the_register(personas, register):
    """Seed 001's seven risks: Low×High three times, Medium×High four times; one more risk,
    Low×Low, is closed and not on the map; a second register's risks are not counted."""
    seed_001 = [(L, H)] * 2 + [(M, H)] * 2 + [(L, H)] + [(M, H)] * 2
    for n, (likelihood, impact) in enumerate(seed_001):
        add(personas, register, f"Risk {n}", likelihood, impact)
    closed = add(personas, register, "Closed one", L, L)
    services.risk_close(acting_user=personas.partnership_manager, risk=closed)
    other = services.register_create(
        acting_user=personas.partnership_manager, partnership=personas.partnership, name="Other"
    )
    add(personas, other, "Elsewhere", H, H)

    url = reverse("programme:risk_register", args=[personas.partnership.pk, register.pk])
    response = client_for(personas.viewer).get(url)

    heat_map = response.context["heat_map"]
    assert heat_map.counts() == {
        (lk, im): {(L, H): 3, (M, H): 4}.get((lk, im), 0) for lk in (1, 2, 3) for im in (1, 2, 3)
    }
    assert heat_map.total == Risk.objects.filter(register=register, status="open").count() == 7
    register_counts: dict[tuple[int, int], int] = {}
    for risk in Risk.objects.filter(register=register, status="open"):
        key = (risk.current_likelihood, risk.current_impact)
        register_counts[key] = register_counts.get(key, 0) + 1
    assert {k: v for k, v in heat_map.counts().items() if v} == register_counts
    html = response.content.decode()
    assert '<th scope="row" class="govuk-table__header">Medium</th>' in html
    assert 'data-likelihood="2" data-impact="3" data-count="4"' in html
    assert 'data-likelihood="1" data-impact="3" data-count="3"' in html
    assert 'data-likelihood="3" data-impact="3" data-count="0"' in html
    assert heat_map.cell(M, H).band == "high" and heat_map.cell(L, H).band == "medium"


def test_the_register_is_sortable_by_current_score(personas, register):
    add(personas, register, "Low one", L, L)
    add(personas, register, "High one", H, H)
    add(personas, register, "Middle one", M, M)
    url = reverse("programme:risk_register", args=[personas.partnership.pk, register.pk])
    client = client_for(personas.partnership_viewer)
    titles = [r.title for r in client.get(url).context["risks"]]
    assert titles == ["High one", "Middle one", "Low one"]
    titles = [r.title for r in client.get(url, {"sort": "-score"}).context["risks"]]
    assert titles == ["Low one", "Middle one", "High one"]


def test_risks_overdue_for_review_are_open_with_a_past_review_date(personas, register):
    today = clock.today()
    past = today - datetime.timedelta(days=1)
    add(personas, register, "Overdue", M, H, review_date=past)
    add(personas, register, "Due later", M, H, review_date=today + datetime.timedelta(days=5))
    add(personas, register, "Never set", M, H)
    closed = add(personas, register, "Closed but past", M, H, review_date=past)
    services.risk_close(acting_user=personas.partnership_manager, risk=closed)
    url = reverse("programme:risk_register", args=[personas.partnership.pk, register.pk])
    response = client_for(personas.partnership_viewer).get(url)
    assert [r.title for r in response.context["overdue"]] == ["Overdue"]


def test_closing_a_risk_twice_is_refused(personas, register):
    risk = add(personas, register, "Once", L, L)
    services.risk_close(acting_user=personas.partnership_manager, risk=risk)
    with pytest.raises(ValidationError):
        services.risk_close(acting_user=personas.partnership_manager, risk=risk)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_register_exports(personas, register, fmt):
    add(personas, register, "Lack of Member engagement", M, H)
    url = reverse("programme:risk_register", args=[personas.partnership.pk, register.pk])
    response = client_for(personas.partnership_viewer).get(url, {"export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        body = response.content.decode()
        assert "Lack of Member engagement" in body and "Medium" in body and "High" in body


def test_the_api_creates_lists_and_re_rates_risks(personas, register):
    client = client_for(personas.partnership_manager)
    base = f"/api/v1/programme/partnerships/{personas.partnership.pk}"
    created = client.post(
        f"{base}/risk-registers/{register.pk}/risks",
        {"title": "Lack of Member engagement", "current_likelihood": 2, "current_impact": 3},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    risk = created.json()
    assert (risk["current_score"], risk["current_band"]) == (6, "high")

    rerated = client.post(
        f"{base}/risks/{risk['id']}/rerate",
        {"likelihood": 1, "impact": 3, "note": "Better", "updated_at": risk["updated_at"]},
        content_type=JSON,
    )
    assert rerated.status_code == 200, rerated.content
    assert rerated.json()["current_band"] == "medium"
    stale = client.post(
        f"{base}/risks/{risk['id']}/rerate",
        {"likelihood": 2, "impact": 3, "updated_at": risk["updated_at"]},
        content_type=JSON,
    )
    assert stale.status_code == 409

    detail = client.get(f"{base}/risks/{risk['id']}").json()
    assert [(r["likelihood"], r["impact"]) for r in detail["ratings"]] == [(1, 3), (2, 3)]
    listed = client.get(f"{base}/risk-registers/{register.pk}/risks").json()
    assert [r["title"] for r in listed["items"]] == ["Lack of Member engagement"]
    bad = client.post(
        f"{base}/risk-registers/{register.pk}/risks",
        {"title": "Off the scale", "current_likelihood": 9, "current_impact": 1},
        content_type=JSON,
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "current_likelihood"


def test_changing_a_risk_on_its_page_keeps_the_current_rating_and_logs_a_new_target(
    personas, register
):
    risk = add(personas, register, "Lack of Member engagement", M, H)
    url = reverse("programme:risk_edit", args=[personas.partnership.pk, risk.pk])
    client = client_for(personas.partnership_manager)
    form = client.get(url).context["form"]
    assert "current_likelihood" not in form.fields
    response = client.post(
        url,
        {
            "title": "Lack of Member engagement",
            "owner": "Chair of the Member Panel",
            "target_likelihood": "1",
            "target_impact": "2",
            "updated_at": form.initial["updated_at"],
        },
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.owner, risk.current_likelihood, risk.target_impact) == (
        "Chair of the Member Panel",
        M,
        2,
    )
    assert list(risk.ratings.values_list("kind", flat=True).order_by("pk")) == ["current", "target"]
