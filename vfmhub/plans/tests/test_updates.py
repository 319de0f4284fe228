"""Updates are append-only: one current update per action and round; a correction keeps the
original; the round entry page saves an officer's updates all together or not at all."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.plans import services
from vfmhub.plans.models import ActionUpdate
from vfmhub.plans.services.rounds import ALREADY_CORRECTED, UPDATE_EXISTS

pytestmark = pytest.mark.django_db


def test_it_refuses_a_second_update_for_the_same_round(personas, actions, rounds):
    with pytest.raises(ValidationError) as refused:
        services.action_update_add(
            acting_user=personas.editor, action=actions["budget"], round=rounds[0], text="Again"
        )
    assert refused.value.messages == [UPDATE_EXISTS.format(round="December 2009 Position")]
    assert actions["budget"].updates.count() == 1


def test_it_allows_only_one_current_update_per_round_in_the_database(personas, actions, rounds):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionUpdate.objects.create(action=actions["budget"], round=rounds[0], text="Sneaky")


def test_it_keeps_the_original_when_an_update_is_corrected(personas, actions, rounds):
    original = actions["budget"].updates.get()
    corrected = services.action_update_correct(
        acting_user=personas.manager,
        update=original,
        text="Meeting in April 2010 agreed the 2010/11 template.",
        status="in_progress",
        reason="The date was wrong.",
    )
    original.refresh_from_db()
    assert not original.is_current
    assert original.text == "2010/11, we will meet again in April"
    assert corrected.corrects == original
    assert corrected.is_current and corrected.correction_reason == "The date was wrong."
    assert corrected.author == personas.manager
    event = AuditEvent.objects.get(action="action_update.correct")
    assert event.note == "The date was wrong." and event.organisation_id == personas.org_a.pk


def test_it_refuses_to_correct_an_update_twice(personas, actions):
    original = actions["budget"].updates.get()
    services.action_update_correct(
        acting_user=personas.editor, update=original, text="Fixed", reason="Typo"
    )
    with pytest.raises(ValidationError) as refused:
        services.action_update_correct(
            acting_user=personas.editor, update=original, text="Again", reason="Typo"
        )
    assert refused.value.messages == [ALREADY_CORRECTED]


def test_it_shows_corrected_updates_in_the_action_history(personas, actions, as_user):
    original = actions["budget"].updates.get()
    as_user(personas.editor).post(
        reverse("plans:update_correct", args=[actions["budget"].item.plan_id, original.pk]),
        {"text": "Template agreed in April.", "status": "", "rag": "", "reason": "Clearer"},
    )
    page = as_user(personas.viewer).get(
        reverse("plans:action", args=[actions["budget"].item.plan_id, actions["budget"].pk])
    )
    html = page.content.decode()
    assert "2010/11, we will meet again in April" in html
    assert "Template agreed in April." in html
    assert "Corrected on" in html and "editor@example.org" in html


def test_it_sets_the_action_status_and_rag_from_an_update(personas, actions, rounds):
    services.action_update_add(
        acting_user=personas.editor,
        action=actions["panel"],
        round=rounds[1],
        text="Undertaken as part of 2010/11 budget.",
        status="completed",
        rag="green",
    )
    actions["panel"].refresh_from_db()
    assert (actions["panel"].status, actions["panel"].rag) == ("completed", "green")


def entry_url(plan, update_round, officer=""):
    query = f"?officer={officer}" if officer else ""
    return reverse("plans:round_entry", args=[plan.pk, update_round.pk]) + query


def test_it_offers_the_officer_their_own_actions_for_a_round(
    personas, plan, actions, rounds, as_user
):
    page = as_user(personas.editor).get(entry_url(plan, rounds[0]))
    form = page.context["form"]
    assert [a.pk for a in form.open_actions] == [actions["panel"].pk]  # budget already updated
    assert "Correct this update" in page.content.decode()


def test_it_saves_all_of_an_officers_updates_in_one_form(personas, plan, actions, rounds, as_user):
    budget, panel = actions["budget"], actions["panel"]
    response = as_user(personas.editor).post(
        entry_url(plan, rounds[1]),
        {
            f"text_{budget.pk}": "New Service Plan template being used.",
            f"status_{budget.pk}": "completed",
            f"rag_{budget.pk}": "green",
            f"text_{panel.pk}": "",
            f"status_{panel.pk}": "",
            f"rag_{panel.pk}": "",
        },
    )
    assert response.status_code == 302
    assert [u.text for u in rounds[1].updates.all()] == ["New Service Plan template being used."]
    budget.refresh_from_db()
    assert budget.status == "completed"


def test_it_saves_nothing_from_the_round_entry_if_one_update_fails(personas, actions, rounds):
    budget, training = actions["budget"], actions["training"]
    with pytest.raises(ValidationError) as refused:
        services.round_entry_save(
            acting_user=personas.editor,
            round=rounds[1],
            entries=[
                {"action": budget, "text": "Fine", "status": "", "rag": ""},
                # No action proposed needs a reason the action does not have.
                {"action": training, "text": "Not needed", "status": "no_action", "rag": ""},
            ],
        )
    assert "Training for members" in refused.value.messages[0]
    assert not rounds[1].updates.exists()


def test_it_lets_an_editor_fill_in_for_an_officer_by_initials(
    personas, plan, actions, rounds, as_user
):
    page = as_user(personas.manager).get(entry_url(plan, rounds[1], officer="SFM"))
    assert [a.pk for a in page.context["form"].open_actions] == [actions["appraisals"].pk]


def test_it_refuses_round_entry_to_a_viewer(personas, plan, rounds, actions, as_user):
    viewer = as_user(personas.viewer)
    before = ActionUpdate.objects.count()
    text = {f"text_{actions['panel'].pk}": "Not mine to give."}
    assert viewer.get(entry_url(plan, rounds[1])).status_code == 403
    assert viewer.post(entry_url(plan, rounds[1]), text).status_code == 403
    assert ActionUpdate.objects.count() == before


def _action_page(as_user, personas, action):
    url = reverse("plans:action", args=[action.item.plan_id, action.pk])
    return as_user(personas.viewer).get(url)


def test_it_shows_an_imported_update_given_by_initials_with_no_user(
    personas, actions, rounds, as_user
):
    # The demo's and imports' shape: the officer's initials, no linked user (was a 500).
    ActionUpdate.objects.create(
        action=actions["training"], round=rounds[1], text="Training held.", author_label="SMT"
    )
    page = _action_page(as_user, personas, actions["training"])
    assert page.status_code == 200
    assert "Training held." in page.content.decode()
    assert ">SMT<br>" in page.content.decode()


def test_it_shows_a_correction_given_by_initials_with_no_user(personas, actions, as_user):
    original = actions["budget"].updates.get()
    correction = services.action_update_correct(
        acting_user=personas.editor, update=original, text="Met in April.", reason="Typo"
    )
    ActionUpdate.objects.filter(pk=correction.pk).update(author=None, author_label="HoF")
    ActionUpdate.objects.filter(pk=original.pk).update(author=None, author_label="")
    html = _action_page(as_user, personas, actions["budget"]).content.decode()
    assert "Met in April." in html
    assert "by HoF</span>" in html
    assert "Not recorded" in html  # the original has neither initials nor a user


def test_it_preselects_the_latest_round_when_adding_an_update(personas, actions, rounds, as_user):
    url = reverse("plans:update_add", args=[actions["panel"].item.plan_id, actions["panel"].pk])
    form = as_user(personas.editor).get(url).context["form"]
    assert form["round"].value() == rounds[-1].pk
    chosen = as_user(personas.editor).get(url + f"?round={rounds[0].pk}").context["form"]
    assert str(chosen["round"].value()) == str(rounds[0].pk)


def test_it_names_a_rounds_update_without_saying_update_twice(personas, actions, rounds, as_user):
    march = services.action_update_add(
        acting_user=personas.editor, action=actions["panel"], round=rounds[1], text="Done."
    )
    plan_id = actions["panel"].item.plan_id
    page = as_user(personas.editor).get(reverse("plans:update_correct", args=[plan_id, march.pk]))
    html = page.content.decode()
    assert "Correct the March 2010 update" in html and "update update" not in html
    december = actions["budget"].updates.get()
    page = as_user(personas.editor).get(
        reverse("plans:update_correct", args=[plan_id, december.pk])
    )
    assert "Correct the December 2009 Position update" in page.content.decode()
    action_page = _action_page(as_user, personas, actions["panel"]).content.decode()
    assert "update update" not in action_page
