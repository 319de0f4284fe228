"""Acceptance for funding: seed 001's streams, its Performance and LSPs/LAAs blocks,
£78k unallocated, and a disagreeing stated total flagged with both figures."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from vfmhub.programme.importing.funding import allocation_import
from vfmhub.programme.models import AllocationNode, FundingStreamKind
from vfmhub.programme.selectors.funding import TreeRow, check_total, check_tree, funding_position
from vfmhub.programme.services import funding as services
from vfmhub.programme.tests.helpers import FIXTURES, K, add_seed_streams


# FIXTURES is imported from here by other apps' tests.
def test_seed_streams_give_13m(personas):
    add_seed_streams(personas)
    position = funding_position(personas.partnership, 2009)
    assert position.funding == Decimal(13_000_000)


def test_seed_blocks_agree_with_their_programmes(personas):
    draft = allocation_import(
        (FIXTURES / "seed001_allocation.csv").read_bytes(),
        "seed001_allocation.csv",
        partnership=personas.partnership,
        year=2009,
    )
    assert not draft.errors and draft.checks == []
    position = funding_position(personas.partnership, 2009)
    by_name = {row.name: row for row in position.rows}
    assert by_name["Performance"].stated_total == 4347 * K
    assert by_name["Performance"].computed == 4347 * K
    assert by_name["Children's Services"].computed == 970 * K
    assert by_name["LSPs/LAAs"].stated_total == 1620 * K
    assert by_name["LSPs/LAAs"].computed == 1620 * K
    assert not by_name["Performance"].stated_differs and not by_name["LSPs/LAAs"].stated_differs
    assert position.problems == []


def test_import_is_idempotent(personas):
    content = (FIXTURES / "seed001_allocation.csv").read_bytes()
    allocation_import(content, "a.csv", partnership=personas.partnership, year=2009)
    again = allocation_import(content, "a.csv", partnership=personas.partnership, year=2009)
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert AllocationNode.objects.filter(partnership=personas.partnership).count() == 18


def test_allocation_of_12922k_against_13m_leaves_78k_unallocated(personas):
    add_seed_streams(personas)
    allocation_import(
        (FIXTURES / "seed001_allocation.csv").read_bytes(),
        "a.csv",
        partnership=personas.partnership,
        year=2009,
    )
    for name, thousands in (("Efficiency", 4575), ("Skills and Capacity", 1180), ("Other", 1200)):
        services.node_create(
            acting_user=personas.partnership_manager,
            partnership=personas.partnership,
            year=2009,
            name=name,
            amount=thousands * K,
        )
    position = funding_position(personas.partnership, 2009)
    assert position.total.allocated == 12_922 * K
    assert position.total.state == "unallocated"
    assert position.total.unallocated == 78 * K


def test_over_allocation_is_shown():
    rows = check_tree([TreeRow(key=1, parent=None, name="A", amount=Decimal(11))])
    check = check_total(Decimal(10), rows)
    assert check.state == "over-allocated" and check.over_allocated == 1


def test_stated_total_that_disagrees_is_flagged_with_both_figures(personas):
    draft = allocation_import(
        (FIXTURES / "seed001_bad_total.csv").read_bytes(),
        "bad.csv",
        partnership=personas.partnership,
        year=2009,
    )
    assert not draft.errors
    assert any("£4,400k" in c and "£4,347k" in c for c in draft.checks)
    position = funding_position(personas.partnership, 2009)
    performance = next(row for row in position.rows if row.name == "Performance")
    assert performance.stated_total == 4400 * K  # kept, not replaced
    assert performance.computed == 4347 * K
    assert any("£4,400k" in p and "£4,347k" in p for p in position.problems)
    assert any("GRAND TOTAL" in p for p in position.problems)


def test_import_errors_by_row_and_column_and_nothing_written(personas, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Item,£k\nPerformance,\n  Equalities,6x5\n")
    draft = allocation_import(
        path.read_bytes(), "bad.csv", partnership=personas.partnership, year=2009
    )
    assert draft.errors == [{"row": 3, "column": "B", "message": "'6x5' is not an amount in £k."}]
    assert not AllocationNode.objects.exists()


def test_command_dry_run_and_json(personas, capsys):
    path = str(FIXTURES / "seed001_allocation.csv")
    args = [path, "--partnership", str(personas.partnership.pk), "--year", "2009"]
    call_command("import-allocations", *args, "--dry-run", "--json")
    assert '"created": 18' in capsys.readouterr().out
    assert not AllocationNode.objects.exists()
    call_command("import-allocations", *args)
    assert AllocationNode.objects.count() == 18
    assert capsys.readouterr().out.splitlines() == [
        "Imported: 18 lines: 18 new, 0 changed, 0 removed, 0 unchanged."
    ]


def test_command_prints_each_problem_by_row_and_column_and_the_checks(personas, capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Item,£k\nPerformance,\n  Equalities,6x5\n")
    args = ["--partnership", str(personas.partnership.pk), "--year", "2009"]
    with pytest.raises(SystemExit) as exited:
        call_command("import-allocations", str(path), *args)
    assert exited.value.code == 1
    printed = capsys.readouterr()
    assert printed.err.splitlines() == [
        "Row 3, column B: '6x5' is not an amount in £k.",
        "Nothing was imported: 1 errors.",
    ]
    assert not AllocationNode.objects.exists()
    call_command("import-allocations", str(FIXTURES / "seed001_bad_total.csv"), *args, "--dry-run")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Dry run, nothing saved. Importing would give ")
    assert any(line.startswith("Check: ") and "£4,400k" in line for line in out[1:])
    assert not AllocationNode.objects.exists()


def test_carry_forward_uncommitted_balance(personas):
    add_seed_streams(personas)
    node = services.node_create(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        year=2009,
        name="Performance",
        amount=4347 * K,
    )
    import datetime

    services.commitment_create(
        acting_user=personas.partnership_manager,
        node=node,
        date=datetime.date(2009, 6, 1),
        amount=Decimal(4_500_000),
    )
    stream = services.carry_forward(
        acting_user=personas.partnership_manager, partnership=personas.partnership, year=2009
    )
    assert stream.year == 2010 and stream.kind == FundingStreamKind.UNCOMMITTED
    assert stream.amount == Decimal(8_500_000)
    with pytest.raises(ValidationError):
        services.carry_forward(
            acting_user=personas.partnership_manager, partnership=personas.partnership, year=2009
        )
