"""Importing an allocation workbook as a partnership holds it (the Year Two delivery plan's
figures, fixtures/allocation/): funding streams from one sheet and the allocation from another in
one go, levels from a Level column and from bullets, stated totals kept and checked, the same
file twice changing nothing, and a bad file refused whole with every problem by sheet, row and
column."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook

from vfmhub.audit.models import AuditEvent
from vfmhub.lib.headings import ColumnChoices
from vfmhub.programme.importing.funding import allocation_import
from vfmhub.programme.models import (
    AllocationNode,
    AllocationPlan,
    FundingStream,
    FundingStreamKind,
    FundingStreamStatus,
)
from vfmhub.programme.selectors.funding import funding_position
from vfmhub.programme.tests.fixtures.allocation import build
from vfmhub.programme.tests.helpers import add_seed_streams

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures" / "allocation"
WORKBOOK = FIXTURES / "seed001_workbook.xlsx"
K = Decimal(1000)
YEAR = 2009
GRAND_TOTAL_CHECK = "GRAND TOTAL stated as £12,922k but the lines add to £8,347k."


def run(personas, path_or_content, filename=None, **options):
    content = path_or_content
    if isinstance(path_or_content, Path):
        content, filename = path_or_content.read_bytes(), path_or_content.name
    options.setdefault("acting_user", personas.partnership_manager)
    return allocation_import(
        content, filename or "file.xlsx", partnership=personas.partnership, year=YEAR, **options
    )


def blocks(personas) -> dict[str, tuple[Decimal, Decimal | None]]:
    """Each outcome's computed and stated totals, in £k."""
    rows = funding_position(personas.partnership, YEAR).rows
    return {
        r.name: (r.computed / K, r.stated_total / K if r.stated_total is not None else None)
        for r in rows
        if r.depth == 0
    }


def snapshot() -> tuple:
    nodes = AllocationNode.objects.order_by("pk").values_list(
        "pk", "name", "parent_id", "amount", "stated_total", "level", "order", "ring_fence_id"
    )
    streams = FundingStream.objects.order_by("pk").values_list(
        "pk", "name", "kind", "amount", "status", "funder", "purpose", "updated_at"
    )
    return list(nodes), list(streams), AuditEvent.objects.count()


def test_it_imports_both_sheets_of_the_workbook_in_one_go(personas):
    draft = run(personas, WORKBOOK)

    assert draft.errors == []
    assert (draft.sheet, draft.funding_sheet) == ("Allocation", "Funding")
    assert (draft.created, draft.streams_created) == (35, 8)
    assert blocks(personas) == {
        "Performance": (Decimal(4347), Decimal(4347)),
        "LSPs/LAAs": (Decimal(1620), Decimal(1620)),
        "Skills and Capacity": (Decimal(1180), None),
        "Other": (Decimal(1200), None),
    }
    assert draft.checks == [GRAND_TOTAL_CHECK]
    plan = AllocationPlan.objects.get(partnership=personas.partnership, year=YEAR)
    assert plan.stated_grand_total == 12922 * K
    problems = funding_position(personas.partnership, YEAR).problems
    assert any("£12,922k" in p and "£8,347k" in p for p in problems)


def test_levels_come_from_the_level_column_and_the_bullets(personas):
    run(personas, WORKBOOK)

    fourteen = AllocationNode.objects.select_related("parent__parent").get(
        name="14-19 Transition Programme"
    )
    parent = fourteen.parent
    assert parent is not None and parent.parent is not None
    assert (fourteen.level, parent.name, parent.parent.name) == (
        "programme",
        "Children's Services",
        "Performance",
    )
    assert AllocationNode.objects.get(name="Adult Social Care").level == "workstream"
    assert AllocationNode.objects.get(name="Performance").parent is None


def test_the_funding_streams_come_with_their_types_and_ring_fences(personas):
    run(personas, WORKBOOK)

    streams = {s.name: s for s in FundingStream.objects.filter(year=YEAR)}
    assert sum(s.amount for s in streams.values()) == Decimal("13738624.00")
    carried = streams["Building Capacity East carry forward"]
    assert (carried.kind, carried.amount) == (FundingStreamKind.CARRY_FORWARD, 500 * K)
    capital = streams["Capital Efficiency and Transformation Fund (2008/9)"]
    assert (capital.kind, capital.status) == (FundingStreamKind.CAPITAL, "received")
    cohesion = streams["Community Cohesion"]
    assert (cohesion.kind, cohesion.funder, cohesion.status) == (
        FundingStreamKind.RING_FENCED,
        "DCLG",
        FundingStreamStatus.EXPECTED,
    )
    empowerment = AllocationNode.objects.get(name="Community Empowerment")
    assert empowerment.ring_fence == streams["Community Empowerment"]
    assert AuditEvent.objects.filter(action="funding_stream.create").count() == 8


def test_the_same_file_twice_changes_nothing(personas):
    run(personas, WORKBOOK)
    before = snapshot()

    again = run(personas, WORKBOOK)

    assert again.errors == [] and not again.changed
    assert (again.created, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 35)
    assert (again.streams_created, again.streams_updated, again.streams_unchanged) == (0, 0, 8)
    assert snapshot() == before


def test_streams_already_recorded_are_matched_by_name(personas):
    add_seed_streams(personas)  # the four streams, entered by hand
    recorded = set(FundingStream.objects.values_list("pk", flat=True))

    draft = run(personas, WORKBOOK)

    assert (draft.streams_created, draft.streams_updated, draft.streams_unchanged) == (4, 0, 4)
    assert recorded <= set(FundingStream.objects.values_list("pk", flat=True))
    assert FundingStream.objects.count() == 8


def test_a_changed_stream_is_updated_and_recorded(personas):
    run(personas, WORKBOOK)
    rows = build.funding_rows()
    rows[5][1] = "£7.5m"  # Year Two funding
    content = _xlsx({"Funding": rows, "Allocation": build.allocation_rows()})

    draft = run(personas, content)

    assert (draft.streams_updated, draft.created, draft.updated) == (1, 0, 0)
    assert FundingStream.objects.get(name="Year Two funding").amount == 7500 * K
    event = AuditEvent.objects.filter(action="funding_stream.update").get()
    assert event.changes["amount"] == ["7000000.00", "7500000.00"]


def test_a_bad_workbook_is_refused_whole_with_every_problem(personas):
    draft = run(personas, FIXTURES / "seed001_workbook_bad.xlsx")

    assert [str(issue) for issue in draft.issues] == [
        "Allocation sheet, row 4, column E (Lead officer): Column E 'Lead officer' is not used. "
        "Mark it as ignored to import the file without it.",
        "Funding sheet, row 5, column B (Amount): Give the stream's amount.",
        "Funding sheet, row 6, column C (Type): 'Loan' is not a type of funding: give Grant, "
        "Carry forward, Uncommitted from last year, Capital fund or Ring-fenced.",
        "Allocation sheet, row 7, column A: 'x' is not a level (1, 2, 3 …).",
        "Allocation sheet, row 9, column C: 'n/a' is not an amount in £k.",
        "Allocation sheet, row 31, column D: 'Climate Adaptation' is not a ring-fenced funding "
        "stream of this year (the file's are: Climate Change, Community Cohesion, Community "
        "Empowerment, Skills and worklessness). Add it to the funding sheet as Ring-fenced, or "
        "correct the name.",
    ]
    assert draft.errors[0] == {
        "row": 4,
        "column": "E",
        "message": draft.issues[0].message,
        "sheet": "Allocation",
    }
    assert not AllocationNode.objects.exists() and not FundingStream.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_unknown_column_refuses_until_it_is_left_out(personas):
    path = FIXTURES / "seed001_workbook_extra_column.xlsx"
    refused = run(personas, path)
    assert [(i.location.sheet, i.ignorable) for i in refused.issues] == [
        ("Allocation", "Allocation!E")
    ]
    assert refused.issues[0].read_as == ()  # every known column is already there
    assert not AllocationNode.objects.exists()

    draft = run(personas, path, choices=ColumnChoices(ignore=frozenset({"Allocation!E"})))

    assert draft.errors == [] and (draft.created, draft.streams_created) == (35, 8)


def test_the_sheet_named_is_read(personas):
    content = _xlsx({"Draft": [["Item", "£k"], ["Efficiency", "100"]], **_both()})
    chosen = run(personas, content, dry_run=True)
    named = run(personas, content, dry_run=True, sheet="Draft")
    missing = run(personas, content, dry_run=True, sheet="Final")

    assert (chosen.sheet, len(chosen.nodes)) == ("Allocation", 35)
    assert (named.sheet, [n.name for n in named.nodes]) == ("Draft", ["Efficiency"])
    assert [e["message"] for e in missing.errors] == [
        "The workbook has no sheet called 'Final' (it has 'Draft', 'Funding', 'Allocation')."
    ]


# The file's shapes: encodings, line endings, legacy Excel ---------------------------------------


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    path = io.BytesIO()
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([c if c != "" else None for c in row] or [None])
    book.save(path)
    return path.getvalue()


def _both() -> dict[str, list[list]]:
    return {"Funding": build.funding_rows(), "Allocation": build.allocation_rows()}


def _xls(sheets: dict[str, list[list]]) -> bytes:
    book = xlwt.Workbook()
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_legacy_excel_workbook_with_another_sheet_first_is_read(personas):
    content = _xls({"Contents": [["Year Two Delivery Plan"]], **_both()})

    draft = run(personas, content, "allocation.xls")

    assert draft.errors == []
    assert (draft.sheet, draft.funding_sheet, draft.created, draft.streams_created) == (
        "Allocation",
        "Funding",
        35,
        8,
    )
    assert blocks(personas)["Performance"] == (Decimal(4347), Decimal(4347))
    assert draft.checks == [GRAND_TOTAL_CHECK]


def test_a_windows_1252_file_with_bare_cr_line_endings_is_read(personas):
    path = FIXTURES / "seed001_cp1252_cr.csv"
    assert b"\r\n" not in path.read_bytes() and b"\xa3" in path.read_bytes()

    draft = run(personas, path)

    assert draft.errors == [] and draft.created == 35
    assert blocks(personas)["LSPs/LAAs"] == (Decimal(1620), Decimal(1620))
    assert AllocationNode.objects.filter(name="Children\u2019s Services Programme").exists()
    assert draft.checks == [GRAND_TOTAL_CHECK]


def test_a_header_over_two_lines_in_utf8_with_a_bom_and_crlf_is_read(personas):
    path = FIXTURES / "seed001_two_line_header.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in path.read_bytes()

    draft = run(personas, path)

    assert draft.errors == [] and draft.header_at == 1 and draft.created == 35
    assert blocks(personas)["Performance"] == (Decimal(4347), Decimal(4347))
    assert AllocationNode.objects.get(name="Children's Services Programme").level == "programme"


def test_leading_spaces_and_a_level_column_may_be_mixed(personas):
    content = "Item,Level,£k\nEfficiency,1,\n  Procurement,,100\n  Shared services,2,50\n"

    draft = run(personas, content.encode(), "mixed.csv")

    assert draft.errors == []
    assert [(n.depth, n.name) for n in draft.nodes] == [
        (0, "Efficiency"),
        (1, "Procurement"),
        (1, "Shared services"),
    ]


def test_a_funding_sheet_without_types_takes_them_from_the_names(personas):
    funding = [
        ["Funding stream", "Amount £k"],
        ["Building Capacity East carry forward", "500"],
        ["Year One uncommitted", "3,500"],
        ["Year Two funding", "7000"],
        ["Capital Efficiency and Transformation Fund (2008/9)", "2000"],
        ["Total Year Two", "12,000"],
    ]
    content = _xlsx({"Funding": funding, "Allocation": [["Item", "£k"], ["Efficiency", "100"]]})

    draft = run(personas, content)

    assert draft.errors == []
    kinds = dict(FundingStream.objects.values_list("name", "kind"))
    assert kinds == {
        "Building Capacity East carry forward": FundingStreamKind.CARRY_FORWARD,
        "Year One uncommitted": FundingStreamKind.UNCOMMITTED,
        "Year Two funding": FundingStreamKind.GRANT,
        "Capital Efficiency and Transformation Fund (2008/9)": FundingStreamKind.CAPITAL,
    }
    assert FundingStream.objects.get(name="Year One uncommitted").amount == 3500 * K
    assert draft.checks == [
        "Total Year Two is stated as £12,000k but the funding streams above it add to "
        "£13,000k (Funding sheet, row 6)."
    ]


def test_a_ring_fence_is_changed_by_its_column_and_kept_without_one(personas):
    run(personas, WORKBOOK)
    line = AllocationNode.objects.get(name="Community Empowerment")
    assert line.ring_fence is not None

    without = _xlsx({"Allocation": build.allocation_rows(ring_fences=False)})
    kept = run(personas, without)
    line.refresh_from_db()
    assert (kept.updated, line.ring_fence is not None) == (0, True)

    rows = build.allocation_rows()
    for row in rows:
        if row[1:2] == ["• Community Empowerment"]:
            row[3] = ""
    cleared = run(personas, _xlsx({"Allocation": rows}))

    line.refresh_from_db()
    assert (cleared.updated, line.ring_fence) == (1, None)
    event = AuditEvent.objects.filter(action="allocation.import_line").order_by("-pk").first()
    assert event is not None and event.changes["ring_fence"] == ["Community Empowerment", None]
