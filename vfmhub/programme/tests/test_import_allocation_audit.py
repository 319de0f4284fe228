"""An allocation import records each line it creates, changes and removes, with old and new
values; a dry run writes nothing and takes no write lock."""

from vfmhub.audit.models import AuditEvent
from vfmhub.programme.importing.funding import allocation_import
from vfmhub.programme.models import AllocationNode


def _run(personas, text: str, **kwargs):
    return allocation_import(
        text.encode(),
        "a.csv",
        partnership=personas.partnership,
        year=2009,
        acting_user=personas.partnership_manager,
        **kwargs,
    )


def test_it_records_each_line_with_its_old_and_new_values(personas):
    _run(personas, "Item,£k\nEfficiency,100\nSkills,50\n")
    _run(personas, "Item,£k\nEfficiency,120\nOther,5\n")

    lines = AuditEvent.objects.filter(action="allocation.import_line").order_by("pk")
    changes = [(e.object_repr, e.changes) for e in lines]
    assert [c["amount"] for _, c in changes] == [
        [None, "100000.00"],
        [None, "50000.00"],
        ["100000.00", "120000.00"],
        [None, "5000.00"],
        ["50000.00", None],
    ]


def test_a_dry_run_counts_the_changes_and_saves_nothing(personas):
    draft = _run(personas, "Item,£k\nEfficiency,100\n", dry_run=True)

    assert (draft.errors, draft.created) == ([], 1)
    assert not AllocationNode.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="allocation").exists()


def test_an_amount_too_large_once_in_pounds_is_refused_by_row_and_column(personas):
    draft = _run(personas, "Item,£k\nEfficiency,999999999999\n")

    assert [(e["row"], e["column"]) for e in draft.errors] == [(2, "B")]
    assert "too large" in draft.errors[0]["message"]
