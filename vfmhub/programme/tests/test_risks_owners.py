"""Registers owned by a body and by a project, and plan actions linked to risks as mitigation.

A body's registers: its readers read them (its own people, its auditor, the partnerships it
belongs to, staff); its editors and managers write; others get 404. A project's registers sit with
the partnership's: partnership managers write. A risk may name plan actions: a body's register, the
body's own plans; a partnership's or project's register, the plans shared with the partnership.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.organisations.models import Partnership, PartnershipKind
from vfmhub.plans.models import Action, Plan, PlanItem
from vfmhub.programme.models import Project, Risk, RiskRegister
from vfmhub.programme.services import projects as services_projects
from vfmhub.programme.services import risks as services
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db
JSON = "application/json"
BODY_READERS = ["viewer", "auditor", "partnership_manager", "partnership_viewer", "peer_reviewer"]
BODY_WRITERS = ["manager", "editor", "staff"]


@pytest.fixture
def body_register(personas):
    return services.register_create(
        acting_user=personas.manager, organisation=personas.org_a, name="Corporate risks"
    )


@pytest.fixture
def body_risk(personas, body_register):
    return services.risk_create(
        acting_user=personas.manager,
        register=body_register,
        title="Savings plan not delivered",
        current_likelihood=3,
        current_impact=3,
    )


@pytest.fixture
def project(personas):
    return services_projects.project_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="Shared legal service",
        lead_organisation=personas.org_a,
        partners=[personas.org_c],
    )


def _plan_action(organisation, *, shared_with=None, text="Review the medium term financial plan"):
    plan = Plan.objects.create(organisation=organisation, title="UoR plan", shared_with=shared_with)
    item = PlanItem.objects.create(plan=plan, text="Financial planning is weak")
    return Action.objects.create(item=item, description=text, officer="HoF")


def _body_url(personas, name, *args):
    return reverse(f"programme:organisation_{name}", args=[personas.org_a.pk, *args])


# A body's registers ---------------------------------------------------------------------------


def test_a_bodys_readers_see_its_registers_and_outsiders_get_404(
    personas, body_register, body_risk
):
    for url in [
        _body_url(personas, "risk_registers"),
        _body_url(personas, "risk_register", body_register.pk),
        _body_url(personas, "risk_detail", body_risk.pk),
    ]:
        assert_access(personas, url, allowed=[*BODY_WRITERS, *BODY_READERS], hidden=["outsider"])


def test_only_a_bodys_editors_and_managers_change_its_registers(personas, body_register, body_risk):
    for url in [
        _body_url(personas, "risk_register_create"),
        _body_url(personas, "risk_register_edit", body_register.pk),
        _body_url(personas, "risk_create", body_register.pk),
        _body_url(personas, "risk_edit", body_risk.pk),
        _body_url(personas, "risk_rerate", body_risk.pk),
        _body_url(personas, "risk_close", body_risk.pk),
        _body_url(personas, "risk_actions_link", body_risk.pk),
        _body_url(personas, "risk_import", body_register.pk),
        _body_url(personas, "risk_import_template", body_register.pk),
    ]:
        assert_access(
            personas, url, allowed=BODY_WRITERS, forbidden=BODY_READERS, hidden=["outsider"]
        )


def test_an_editor_creates_a_bodys_register_and_adds_a_risk(personas):
    client = client_for(personas.editor)
    response = client.post(
        _body_url(personas, "risk_register_create"),
        {"name": "Service risks", "matrix": services.default_matrix().pk},
    )
    register = RiskRegister.objects.get(name="Service risks")
    assert register.organisation == personas.org_a and register.partnership is None
    assert response["Location"] == _body_url(personas, "risk_register", register.pk)
    response = client.post(
        _body_url(personas, "risk_create", register.pk),
        {"title": "Key staff leave", "current_likelihood": "2", "current_impact": "3"},
    )
    risk = register.risks.get()
    assert response["Location"] == _body_url(personas, "risk_detail", risk.pk)
    page = client.get(_body_url(personas, "risk_register", register.pk)).content.decode()
    assert "Key staff leave" in page and _body_url(personas, "risk_detail", risk.pk) in page
    # history is filed under the body
    assert (
        AuditEvent.objects.filter(
            organisation_id=personas.org_a.pk, action__in=["risk_register.create", "risk.create"]
        ).count()
        == 2
    )


def test_a_bodys_register_is_not_reached_through_a_partnership(personas, body_register):
    client = client_for(personas.partnership_manager)
    url = reverse("programme:risk_register", args=[personas.partnership.pk, body_register.pk])
    assert client.get(url).status_code == 404


def test_the_organisation_page_links_to_its_registers(personas):
    page = client_for(personas.viewer).get(
        reverse("organisations:detail", args=[personas.org_a.pk])
    )
    assert _body_url(personas, "risk_registers") in page.content.decode()


def test_a_body_register_page_query_count(personas, body_register, django_assert_num_queries):
    for n in range(3):
        services.risk_create(
            acting_user=personas.manager,
            register=body_register,
            title=f"Risk {n}",
            current_likelihood=1 + n,
            current_impact=2,
        )
    client = client_for(personas.viewer)
    url = _body_url(personas, "risk_register", body_register.pk)
    client.get(url)
    # session, user, the body with the user's access, its auditor years, the register with its
    # matrix, the risks
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    for n in range(3, 9):
        services.risk_create(
            acting_user=personas.manager,
            register=body_register,
            title=f"Risk {n}",
            current_likelihood=1,
            current_impact=1,
        )
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


# A project's registers ----------------------------------------------------------------------


def test_a_partnership_manager_creates_a_projects_register(personas, project):
    client = client_for(personas.partnership_manager)
    p = personas.partnership.pk
    client.post(
        reverse("programme:risk_register_create", args=[p]),
        {
            "name": "Legal service risks",
            "matrix": services.default_matrix().pk,
            "project": project.pk,
        },
    )
    register = RiskRegister.objects.get(name="Legal service risks")
    assert register.project == project and register.partnership is None
    listing = client.get(reverse("programme:risk_registers", args=[p])).content.decode()
    assert "Legal service risks" in listing and "Shared legal service" in listing
    page = client.get(reverse("programme:risk_register", args=[p, register.pk]))
    assert page.status_code == 200 and "Shared legal service" in page.content.decode()
    assert AuditEvent.objects.filter(action="risk_register.create", partnership_id=p).exists()
    # readers of the partnership read it; its viewer cannot change it; outsiders get 404
    assert_access(
        personas,
        reverse("programme:risk_register", args=[p, register.pk]),
        allowed=["partnership_viewer", "viewer"],
        hidden=["outsider"],
    )
    assert_access(
        personas,
        reverse("programme:risk_create", args=[p, register.pk]),
        allowed=["partnership_manager"],
        forbidden=["partnership_viewer", "manager"],
        hidden=["outsider"],
    )


def test_another_partnerships_project_cannot_own_a_register_here(personas, project):
    other = Partnership.objects.create(
        name="Elsewhere", kind=PartnershipKind.RIEP, lead_organisation=personas.org_b
    )
    foreign = Project.objects.create(
        partnership=other, name="Their project", lead_organisation=personas.org_b
    )
    client = client_for(personas.partnership_manager)
    response = client.post(
        reverse("programme:risk_register_create", args=[personas.partnership.pk]),
        {"name": "Sneaky", "matrix": services.default_matrix().pk, "project": foreign.pk},
    )
    assert response.status_code == 200 and not RiskRegister.objects.filter(name="Sneaky").exists()
    assert "Select a valid choice" in response.content.decode()


# Plan actions as mitigation -------------------------------------------------------------------


def test_a_bodys_risk_links_actions_of_its_own_plans_only(personas, body_risk):
    own = _plan_action(personas.org_a)
    foreign = _plan_action(personas.org_b, text="Someone else's action")
    client = client_for(personas.editor)
    url = _body_url(personas, "risk_actions_link", body_risk.pk)
    page = client.get(url).content.decode()
    assert own.description in page and foreign.description not in page
    response = client.post(f"{url}?plan={own.item.plan_id}", {"actions": [own.pk]})
    assert response.status_code == 302
    assert list(body_risk.plan_actions.all()) == [own]
    detail = client.get(_body_url(personas, "risk_detail", body_risk.pk)).content.decode()
    assert own.description in detail
    event = AuditEvent.objects.filter(action="risk.update").latest("pk")
    assert event.changes["plan_actions"] == [[], [own.pk]]
    with pytest.raises(ValidationError) as caught:
        services.risk_link_actions(acting_user=personas.editor, risk=body_risk, actions=[foreign])
    assert "the body's own improvement plans" in caught.value.message_dict["plan_actions"][0]


def test_a_partnership_risk_links_actions_of_shared_plans_and_unlinks_them(personas):
    register = services.register_create(
        acting_user=personas.partnership_manager, partnership=personas.partnership, name="Main"
    )
    risk = services.risk_create(
        acting_user=personas.partnership_manager,
        register=register,
        title="Members disengage",
        current_likelihood=2,
        current_impact=2,
    )
    shared = _plan_action(personas.org_a, shared_with=personas.partnership)
    unshared = _plan_action(personas.org_a, text="Private action")
    client = client_for(personas.partnership_manager)
    p = personas.partnership.pk
    url = reverse("programme:risk_actions_link", args=[p, risk.pk])
    page = client.get(url).content.decode()  # one plan to choose: its actions show at once
    assert shared.description in page and unshared.description not in page
    client.post(url, {"actions": [shared.pk]})
    assert list(risk.plan_actions.all()) == [shared]
    client.post(reverse("programme:risk_action_unlink", args=[p, risk.pk]), {"action": shared.pk})
    assert not risk.plan_actions.exists()
    assert_access(
        personas,
        reverse("programme:risk_action_unlink", args=[p, risk.pk]),
        method="post",
        data={"action": shared.pk},
        forbidden=["partnership_viewer"],
        hidden=["outsider"],
    )


def test_linking_with_nothing_ticked_says_what_to_do(personas, body_risk):
    action = _plan_action(personas.org_a)
    client = client_for(personas.editor)
    url = _body_url(personas, "risk_actions_link", body_risk.pk)
    response = client.post(f"{url}?plan={action.item.plan_id}", {})
    assert response.context["form"].errors == {"actions": ["Tick at least one action to link."]}
    assert "Tick at least one action to link." in response.content.decode()


def test_no_plans_to_link_is_said_plainly(personas, body_risk):
    page = client_for(personas.editor).get(_body_url(personas, "risk_actions_link", body_risk.pk))
    assert "There are no improvement plans" in page.content.decode()


def test_unlinking_an_action_the_risk_does_not_name_is_404(personas, body_risk):
    linked = _plan_action(personas.org_a)
    other = _plan_action(personas.org_a, text="Benchmark costs")
    services.risk_link_actions(acting_user=personas.editor, risk=body_risk, actions=[linked])
    client = client_for(personas.editor)
    url = _body_url(personas, "risk_action_unlink", body_risk.pk)
    for sent in ({"action": other.pk}, {"action": "first"}, {}):
        assert client.post(url, sent).status_code == 404
    assert list(body_risk.plan_actions.all()) == [linked]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ["link", "unlink"])
def test_linking_and_unlinking_read_the_links_with_the_risk_locked(
    personas, body_risk, monkeypatch, change
):
    """The links are read and written in one transaction, after the risk's row is locked, so
    two people linking at once neither lose nor double a link."""
    first, second = _plan_action(personas.org_a), _plan_action(personas.org_a, text="Benchmark")
    services.risk_link_actions(acting_user=personas.editor, risk=body_risk, actions=[first])
    seen: list[tuple[str, str, bool]] = []  # in order: each row lock and each query, and
    lock_row = services.lock_row  # whether it was inside a transaction

    def lock(model, pk, *related):
        seen.append(("lock", model.__name__, connection.in_atomic_block))
        return lock_row(model, pk, *related)

    def query(execute, sql, params, many, context):
        seen.append(("query", sql, connection.in_atomic_block))
        return execute(sql, params, many, context)

    monkeypatch.setattr(services, "lock_row", lock)
    with connection.execute_wrapper(query):
        if change == "link":
            services.risk_link_actions(
                acting_user=personas.editor, risk=body_risk, actions=[second]
            )
        else:
            services.risk_unlink_action(acting_user=personas.editor, risk=body_risk, action=first)

    assert transaction.get_autocommit() and seen
    outside = [text for _, text, inside in seen if not inside]
    assert outside in ([], ["BEGIN IMMEDIATE"])  # SQLite's BEGIN is what opens the transaction
    links = f'"{Risk.plan_actions.through._meta.db_table}"'
    read = next(i for i, (_, text, _) in enumerate(seen) if links in text)
    assert seen.index(("lock", "Risk", True)) < read
    expected = [first, second] if change == "link" else []
    assert list(body_risk.plan_actions.order_by("pk")) == expected


# The API --------------------------------------------------------------------------------------


def test_the_api_serves_a_bodys_registers_with_the_same_access(personas, body_register):
    base = f"/api/v1/programme/organisations/{personas.org_a.pk}/risk-registers"
    assert_access(personas, base, allowed=["viewer", "partnership_viewer"], hidden=["outsider"])
    assert_access(
        personas,
        base,
        method="post",
        data={"name": "From the API"},
        content_type=JSON,
        allowed=["editor"],
        forbidden=["viewer", "partnership_manager"],
        hidden=["outsider"],
        ok=(201,),
    )
    created = RiskRegister.objects.get(name="From the API")
    assert created.organisation == personas.org_a
    body = client_for(personas.viewer).get(base).json()
    assert {r["name"] for r in body["items"]} == {"Corporate risks", "From the API"}
    assert body["items"][0]["organisation_id"] == personas.org_a.pk


def test_the_api_adds_a_risk_with_plan_actions_and_replaces_them(personas, body_register):
    first = _plan_action(personas.org_a)
    second = _plan_action(personas.org_a, text="Benchmark costs")
    client = client_for(personas.editor)
    base = f"/api/v1/programme/organisations/{personas.org_a.pk}"
    response = client.post(
        f"{base}/risk-registers/{body_register.pk}/risks",
        {
            "title": "Budget overspend",
            "current_likelihood": 2,
            "current_impact": 3,
            "plan_action_ids": [first.pk],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    risk = response.json()
    assert risk["plan_action_ids"] == [first.pk]
    response = client.patch(
        f"{base}/risks/{risk['id']}",
        {"plan_action_ids": [second.pk], "updated_at": risk["updated_at"]},
        content_type=JSON,
    )
    assert response.json()["plan_action_ids"] == [second.pk]
    read_at = response.json()["updated_at"]
    foreign = _plan_action(personas.org_b)
    response = client.patch(
        f"{base}/risks/{risk['id']}",
        {"plan_action_ids": [foreign.pk], "updated_at": read_at},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "plan_actions"
    response = client.patch(
        f"{base}/risks/{risk['id']}",
        {"plan_action_ids": [999999], "updated_at": read_at},
        content_type=JSON,
    )
    assert response.status_code == 422 and "999999" in response.json()["errors"][0]["message"]
    assert list(Risk.objects.get(pk=risk["id"]).plan_actions.all()) == [second]


def test_the_api_creates_a_projects_register_in_its_partnership_only(personas, project):
    client = client_for(personas.partnership_manager)
    base = f"/api/v1/programme/partnerships/{personas.partnership.pk}/risk-registers"
    response = client.post(
        base, {"name": "Project risks", "project_id": project.pk}, content_type=JSON
    )
    assert response.status_code == 201 and response.json()["project_id"] == project.pk
    response = client.post(base, {"name": "Bad", "project_id": 999999}, content_type=JSON)
    assert response.status_code == 422
    listed = client.get(base).json()["items"]
    assert [r["name"] for r in listed] == ["Project risks"]


def test_an_editor_imports_risks_into_a_bodys_register(personas):
    import io

    body_register = services.register_create(
        acting_user=personas.manager,
        organisation=personas.org_a,
        name="Service risks",
        matrix=services.ensure_default_matrices()["5x5"],
    )
    client = client_for(personas.editor)
    upload = io.BytesIO(
        b"Risk,Likelihood,Impact\nKey supplier fails,Possible,Major\nFlooding of depot,2,3\n"
    )
    upload.name = "risks.csv"
    response = client.post(_body_url(personas, "risk_import", body_register.pk), {"file": upload})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200 and "Key supplier fails" in preview.content.decode()
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    done = client.post(_body_url(personas, "risk_import_confirm", body_register.pk, token))
    assert done["Location"] == _body_url(personas, "risk_register", body_register.pk)
    ratings = {r.title: (r.current_likelihood, r.current_impact) for r in body_register.risks.all()}
    assert ratings == {"Key supplier fails": (3, 4), "Flooding of depot": (2, 3)}
