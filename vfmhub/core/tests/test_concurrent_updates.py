"""Twenty people save the same version of a row at once: exactly one wins, the others are told.

Each writer runs in its own thread with its own database connection, reads nothing of its own
(everyone starts from the version read before the threads start) and calls the service as a page
or the API does, with the `updated_at` it was opened with. A barrier lets them all go together.

On PostgreSQL the test database serves the threads directly. On SQLite the test database is
in memory with a shared cache, where a second connection that finds a table busy fails at once
("database table is locked") instead of waiting its turn, so it cannot show how the real,
file-backed database behaves: the `sqlite_file` fixture copies the test database into a file (the
online backup API, schema and rows) and points the connections at it for the length of the test.
"""

import datetime
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from vfmhub.audit.models import AuditEvent
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.efficiency import services as efficiency
from vfmhub.efficiency.models import EfficiencyReturn, Gain
from vfmhub.plans import services as plans
from vfmhub.plans.models import Action
from vfmhub.programme.models import Event, Risk
from vfmhub.programme.services import events, risks
from vfmhub.testing import make_personas

WRITERS = 20


@pytest.fixture
def sqlite_file(transactional_db, tmp_path):
    """On SQLite, run the test on a file copy of the test database (see the module docstring)."""
    if connection.vendor != "sqlite":
        yield
        return
    settings_dict = connections.settings["default"]
    memory_name = settings_dict["NAME"]
    # Keeps the in-memory database alive while no Django connection is open to it.
    keeper = sqlite3.connect(memory_name, uri=True)
    path = tmp_path / "concurrent.sqlite3"
    with sqlite3.connect(path) as copy:
        keeper.backup(copy)
    settings_dict["NAME"] = str(path)
    connection.settings_dict["NAME"] = str(path)
    connection.close()  # after the rename: Django never closes an in-memory database
    try:
        yield
    finally:
        connections.close_all()
        settings_dict["NAME"] = memory_name
        connection.settings_dict["NAME"] = memory_name
        connection.ensure_connection()  # before the keeper goes, or the database goes with it
        keeper.close()


def _race(save: Callable[[int], object]) -> Counter:
    """Call `save(n)` in WRITERS threads at once; count wins, stale refusals and anything else."""
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(WRITERS)

    def writer(n: int) -> None:
        try:
            barrier.wait()
            save(n)
            outcome = "won"
        except ValidationError as exc:
            stale = exc.messages == [CHANGED_SINCE_OPENED]
            outcome = "stale" if stale else f"ValidationError: {exc.messages}"
        except Exception as exc:  # every unexpected failure is counted and shown by the assert
            outcome = f"{type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _assert_one_won(outcomes: Counter) -> None:
    assert outcomes == Counter({"won": 1, "stale": WRITERS - 1})


def _action(personas) -> Action:
    plan = plans.plan_create(
        acting_user=personas.manager,
        organisation=personas.org_a,
        title="Use of Resources Action Plan",
        year=2009,
        owner=personas.manager,
    )
    item = plans.item_add(
        acting_user=personas.editor, plan=plan, text="Data quality", theme_heading="Theme 1"
    )
    return plans.action_add(acting_user=personas.editor, item=item, description="Start")


def _efficiency_programme(personas):
    programme = efficiency.programme_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="LAA NI 179 efficiency target",
        first_year=2008,
        last_year=2010,
        baseline_year=2007,
        method="added",
    )
    efficiency.participant_add(
        acting_user=personas.partnership_manager,
        programme=programme,
        organisation=personas.org_a,
    )
    return programme


def test_it_lets_one_of_twenty_stale_action_edits_win(sqlite_file):
    personas = make_personas()
    action = _action(personas)
    opened = action.updated_at

    outcomes = _race(
        lambda n: plans.action_update(
            acting_user=personas.editor,
            action=Action.objects.get(pk=action.pk),
            expected_updated_at=opened,
            description=f"Edit {n}",
        )
    )

    _assert_one_won(outcomes)
    assert Action.objects.get(pk=action.pk).description.startswith("Edit ")
    assert AuditEvent.objects.filter(action="action.update").count() == 1


def test_it_lets_one_of_twenty_stale_risk_rerates_win(sqlite_file):
    personas = make_personas()
    register = risks.register_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        name="Strategic risks",
    )
    risk = risks.risk_create(
        acting_user=personas.partnership_manager,
        register=register,
        title="Lack of Member engagement",
        current_likelihood=2,
        current_impact=3,
    )
    opened = risk.updated_at

    outcomes = _race(
        lambda n: risks.risk_rerate(
            acting_user=personas.partnership_manager,
            risk=Risk.objects.get(pk=risk.pk),
            likelihood=1 + n % 3,
            impact=1 + n % 3,
            note=f"Rating {n}",
            expected_updated_at=opened,
        )
    )

    _assert_one_won(outcomes)
    assert AuditEvent.objects.filter(action="risk.rerate").count() == 1


def test_it_lets_one_of_twenty_stale_gain_edits_win(sqlite_file):
    personas = make_personas()
    programme = _efficiency_programme(personas)
    gain = efficiency.gain_add(
        acting_user=personas.editor,
        programme=programme,
        organisation=personas.org_a,
        description="Shared revenues and benefits service",
        first_year=2008,
        gross_annual_value=Decimal("100000"),
    )
    opened = gain.updated_at

    outcomes = _race(
        lambda n: efficiency.gain_update(
            acting_user=personas.editor,
            gain=Gain.objects.get(pk=gain.pk),
            expected_updated_at=opened,
            gross_annual_value=Decimal(1000 + n),
        )
    )

    _assert_one_won(outcomes)
    assert AuditEvent.objects.filter(action="efficiency.gain.update").count() == 1


def test_it_lets_one_of_twenty_stale_event_edits_win(sqlite_file):
    personas = make_personas()
    user = personas.partnership_manager
    programme = events.improvement_programme_create(
        acting_user=user, partnership=personas.partnership, name="UoR programme", year=2009
    )
    event = events.event_create(
        acting_user=user, programme=programme, title="Workshop", date=datetime.date(2009, 6, 9)
    )
    opened = event.updated_at

    outcomes = _race(
        lambda n: events.event_update(
            acting_user=user,
            event=Event.objects.get(pk=event.pk),
            expected_updated_at=opened,
            title=f"Workshop {n}",
        )
    )

    _assert_one_won(outcomes)
    assert AuditEvent.objects.filter(action="event.update").count() == 1


def test_it_lets_one_of_twenty_stale_return_draft_saves_win(sqlite_file):
    personas = make_personas()
    programme = _efficiency_programme(personas)
    draft = efficiency.return_save(
        acting_user=personas.editor,
        programme=programme,
        organisation=personas.org_a,
        year=2008,
        kind="outturn",
        narrative="First draft",
    )
    opened = draft.updated_at

    outcomes = _race(
        lambda n: efficiency.return_save(
            acting_user=personas.editor,
            programme=programme,
            organisation=personas.org_a,
            year=2008,
            kind="outturn",
            narrative=f"Draft {n}",
            expected_updated_at=opened,
        )
    )

    _assert_one_won(outcomes)
    assert EfficiencyReturn.objects.filter(programme=programme).count() == 1
    assert AuditEvent.objects.filter(action="efficiency.return.save").count() == 2
