"""The lineage of reorganised councils (`services.lineage.lineage_sync` from the shipped
`reference/lineage.yaml`): in step after one run, nothing changed by the next, the successors'
and predecessors' dates set, and changes to the file followed (audited)."""

import datetime
from decimal import Decimal

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.benchmarking.models import ReferenceArea, Reorganisation
from vfmhub.benchmarking.services.lineage import (
    LINEAGE_FILE,
    LineageError,
    lineage_read,
    lineage_sync,
)

pytestmark = pytest.mark.django_db


def test_it_loads_the_shipped_lineage_once():
    links, _ = lineage_read()

    first = lineage_sync(acting_user=None)
    events = AuditEvent.objects.count()
    again = lineage_sync(acting_user=None)

    assert first > 0 and again == 0
    assert Reorganisation.objects.count() == len(links)
    assert AuditEvent.objects.count() == events


def test_it_dates_successors_and_predecessors():
    lineage_sync(acting_user=None)

    buckinghamshire = ReferenceArea.objects.get(gss_code="E06000060")
    assert buckinghamshire.name == "Buckinghamshire"
    assert buckinghamshire.active_from == datetime.date(2020, 4, 1)
    for code in ("E10000002", "E07000004", "E07000005", "E07000006", "E07000007"):
        assert ReferenceArea.objects.get(gss_code=code).active_to == datetime.date(2020, 3, 31)
    # Somerset West and Taunton was formed in 2019 and went into Somerset in 2023.
    taunton = ReferenceArea.objects.get(gss_code="E07000246")
    assert (taunton.active_from, taunton.active_to) == (
        datetime.date(2019, 4, 1),
        datetime.date(2023, 3, 31),
    )


def test_a_split_county_goes_to_its_successors_in_shares():
    lineage_sync(acting_user=None)

    shares = dict(
        Reorganisation.objects.filter(predecessor_code="E10000021").values_list(
            "successor_code", "share"
        )
    )
    assert shares == {"E06000061": Decimal("0.4497"), "E06000062": Decimal("0.5503")}


def test_it_follows_a_changed_file_and_audits_each_change(tmp_path):
    lineage_sync(acting_user=None)
    text = LINEAGE_FILE.read_text(encoding="utf-8")
    changed = text.replace("E10000021: 0.4497", "E10000021: 0.45").replace(
        "      - {code: E07000243, name: Stevenage, predecessors: [E07000101]}\n",
        "",
    )
    assert changed.count("\n") == text.count("\n") - 1
    path = tmp_path / "lineage.yaml"
    path.write_text(changed, encoding="utf-8")
    events = AuditEvent.objects.count()

    lines = lineage_sync(acting_user=None, path=path)

    assert lines == 2  # one share changed, one link removed
    assert AuditEvent.objects.count() == events + 2
    assert not Reorganisation.objects.filter(successor_code="E07000243").exists()
    north = Reorganisation.objects.get(predecessor_code="E10000021", successor_code="E06000061")
    assert north.share == Decimal("0.45")
    assert lineage_sync(acting_user=None, path=path) == 0


def test_an_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "lineage.yaml"
    path.write_text("reorganisations:\n  - effective: not a date\n    successors: []\n")

    with pytest.raises(LineageError, match="is not a date"):
        lineage_sync(acting_user=None, path=path)
    assert not Reorganisation.objects.exists()
