"""A hostile corpus, built here rather than committed, fed to every importer through the service
the command and upload page call: each file is refused clearly, by sheet, row and column where it
is about one cell, and nothing is saved."""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from openpyxl import Workbook

from vfmhub.audit.models import AuditEvent
from vfmhub.efficiency.importing import gains_import, returns_import
from vfmhub.efficiency.models import EfficiencyReturn, Gain
from vfmhub.efficiency.tests.seed003 import make_seed_003
from vfmhub.plans.importing import plan_import
from vfmhub.plans.models import PlanItem
from vfmhub.plans.tests.import_support import make_plan, uor_2009
from vfmhub.programme.importing.funding import allocation_import
from vfmhub.programme.importing.registers import projects_import, risks_import
from vfmhub.programme.models import AllocationNode, Project, Risk
from vfmhub.programme.services import risks as services_risks

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256))


@dataclass
class Importer:
    """One importer: its header and a good row, which cell is text and which money, and how to
    run it (returning the error texts) and count what it saves."""

    header: list[str]
    good: list[str]
    text: int
    money: int | None
    run: Callable[[bytes, str], list[str]]
    count: Callable[[], int]


def _texts(errors) -> list[str]:
    return [
        str(e) if not isinstance(e, dict) else f"row {e['row']} {e['column']}: {e['message']}"
        for e in errors
    ]


def _plan_importer(personas) -> Importer:
    plan = make_plan(personas.org_a, version=uor_2009())
    return Importer(
        ["Issue", "Action", "Target date"],
        ["Training", "Train staff", "31/03/2010"],
        0,
        None,
        lambda c, f: _texts(
            plan_import(acting_user=personas.editor, plan=plan, content=c, filename=f).errors
        ),
        lambda: PlanItem.objects.filter(plan=plan).count(),
    )


def _efficiency_importers(personas) -> dict[str, Importer]:
    seed = make_seed_003(personas, with_returns=False)
    body = seed.bodies["Melton Borough Council"]
    user = personas.partnership_manager
    returns = Importer(
        ["Body", "Year", "Cumulative value"],
        ["Melton Borough Council", "2009/10", "100"],
        0,
        2,
        lambda c, f: _texts(
            returns_import(acting_user=user, programme=seed.programme, content=c, filename=f).errors
        ),
        EfficiencyReturn.objects.count,
    )
    gains = Importer(
        ["Description", "First year", "Gross value"],
        ["Shared payroll", "2009/10", "1000"],
        0,
        2,
        lambda c, f: _texts(
            gains_import(
                acting_user=user,
                programme=seed.programme,
                organisation=body,
                content=c,
                filename=f,
            ).errors
        ),
        Gain.objects.count,
    )
    return {"returns": returns, "gains": gains}


def _programme_importers(personas) -> dict[str, Importer]:
    user = personas.partnership_manager
    register = services_risks.register_create(
        acting_user=user, partnership=personas.partnership, name="R"
    )
    allocations = Importer(
        ["Item", "£k"],
        ["Efficiency", "100"],
        0,
        1,
        lambda c, f: _texts(
            allocation_import(
                c, f, partnership=personas.partnership, year=2009, acting_user=user
            ).errors
        ),
        AllocationNode.objects.count,
    )
    risks = Importer(
        ["Risk", "Likelihood", "Impact"],
        ["Staff leave", "2", "3"],
        0,
        None,
        lambda c, f: _texts(
            risks_import(acting_user=user, register=register, content=c, filename=f).errors
        ),
        Risk.objects.count,
    )
    projects = Importer(
        ["Project", "Kind", "Lead body", "Stage", "Expected annual savings"],
        ["Legal", "Shared service", "Ashby District Council", "Feasibility", "120000"],
        0,
        4,
        lambda c, f: _texts(
            projects_import(
                acting_user=user, partnership=personas.partnership, content=c, filename=f
            ).errors
        ),
        Project.objects.count,
    )
    return {"allocations": allocations, "risks": risks, "projects": projects}


@pytest.fixture
def importers(personas) -> dict[str, Importer]:
    return {
        "plans": _plan_importer(personas),
        **_efficiency_importers(personas),
        **_programme_importers(personas),
    }


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[str]], encoding="utf-8") -> bytes:
    return "\r\n".join(",".join(row) for row in rows).encode(encoding)


def with_cell(importer: Importer, column: int, value: str) -> list[list[str]]:
    row = list(importer.good)
    row[column] = value
    return [importer.header, row]


def uncached_formula_xlsx(importer: Importer) -> bytes:
    """A workbook whose text cell holds a formula saved without its value (as openpyxl saves)."""
    rows = with_cell(importer, importer.text, '=CONCAT("a","b")')
    return xlsx(rows)


def zip_bomb_xlsx(rows: int = 3_000_000) -> bytes:
    """A real workbook whose sheet is swapped for millions of highly compressible rows."""
    base = zipfile.ZipFile(io.BytesIO(xlsx([["Name", "Amount"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in base.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, base.read(item))
                continue
            with bomb.open("xl/worksheets/sheet1.xml", "w") as sheet:
                sheet.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    b'main"><dimension ref="A1:B%d"/><sheetData>' % rows
                )
                chunk = b"".join(
                    b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
                    for n in range(1, 10_001)
                )
                for _ in range(rows // 10_000):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


NAMES = ["plans", "returns", "gains", "allocations", "risks", "projects"]


def refused(importer: Importer, content: bytes, filename: str) -> list[str]:
    before, events = importer.count(), AuditEvent.objects.count()
    errors = importer.run(content, filename)
    assert errors, f"{filename} was not refused"
    assert importer.count() == before
    assert AuditEvent.objects.count() == events
    return errors


@pytest.mark.parametrize("name", NAMES)
def test_it_refuses_files_that_are_not_tables(importers, name):
    importer = importers[name]
    good = xlsx([importer.header, importer.good])
    for content, filename in [
        (b"", "empty.csv"),
        (b"   \r\n", "blank.csv"),
        (PNG, "picture.xlsx"),
        (PNG, "picture.csv"),
        (truncated(good), "truncated.xlsx"),
        (b"%PDF-1.4 \x00\x01", "a.pdf"),
    ]:
        refused(importer, content, filename)


@pytest.mark.parametrize("name", NAMES)
def test_it_refuses_nul_bytes_and_long_cells_by_row_and_column(importers, name, settings):
    importer = importers[name]
    for value in ("Adu\x00lt services", "x" * 1_000_000, "y" * 40_000):
        content = csv_bytes(with_cell(importer, importer.text, value))
        errors = " ".join(refused(importer, content, "hostile.csv"))
        assert "row 2" in errors.lower(), errors
    settings.IMPORT_MAX_CELL_CHARS = 1000  # openpyxl itself cuts cells at Excel's 32,767
    long_cell = xlsx(with_cell(importer, importer.text, "y" * 5_000))
    errors = " ".join(refused(importer, long_cell, "hostile.xlsx"))
    assert "row 2" in errors.lower() and "5,000 characters" in errors, errors


@pytest.mark.parametrize("name", NAMES)
def test_it_refuses_mixed_encodings_and_reads_utf16(importers, name):
    importer = importers[name]
    rows = with_cell(importer, importer.text, "café £5")
    mixed = (
        csv_bytes(rows)
        + b"\r\n"
        + "Caf\xe9".encode("cp1252")
        + b","
        + b",".join(v.encode() for v in importer.good[1:])
    )
    errors = " ".join(refused(importer, mixed, "mixed.csv"))
    assert "Line 3" in errors and "mixes two encodings" in errors
    utf16 = csv_bytes(rows, "utf-16")  # with its byte-order mark
    assert all(
        "encod" not in e and "not a spreadsheet" not in e for e in importer.run(utf16, "u.csv")
    )


@pytest.mark.parametrize("name", NAMES)
def test_it_refuses_formulas_with_no_saved_value(importers, name):
    importer = importers[name]
    errors = " ".join(refused(importer, uncached_formula_xlsx(importer), "formula.xlsx"))
    assert "formula with no saved value" in errors
    assert "2" in errors


# Plans and risks have no money column; an allocation line may be negative (a saving or a clawback).
MONEY_CASES = [
    (name, value)
    for name in ("returns", "gains", "allocations", "projects")
    for value in ("1e30", "1e999999", "NaN", "1" * 23, "-5", "Infinity")
    if (name, value) != ("allocations", "-5")
]


@pytest.mark.parametrize(("name", "value"), MONEY_CASES)
def test_it_refuses_amounts_that_are_not_real(importers, name, value):
    importer = importers[name]
    errors = " ".join(
        refused(importer, csv_bytes(with_cell(importer, importer.money, value)), "m.csv")
    )
    assert "Row 2" in errors or "row 2" in errors, errors


@pytest.mark.parametrize("name", NAMES)
def test_it_refuses_a_zip_bomb_naming_the_limit(importers, name, settings):
    settings.IMPORT_MAX_ROWS = 200_000
    errors = " ".join(refused(importers[name], zip_bomb_xlsx(), "bomb.xlsx"))
    assert "200,000 rows" in errors or "inflates" in errors, errors


def test_a_zip_bomb_is_refused_within_500_mb(tmp_path):
    """Run in a subprocess so the peak is this import's alone. The peak is the process's own
    VmHWM: Linux carries a parent's ru_maxrss over into a child it forks and execs, so a large
    test run's own size would be counted as the import's."""
    import subprocess
    import sys

    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb_xlsx())
    code = (
        "import django, os, resource, sys;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'vfmhub.settings'); django.setup();"
        "from vfmhub.lib.tabular import read_table, TabularError\n"
        "try:\n read_table(open(sys.argv[1], 'rb').read(), 'bomb.xlsx')\n"
        "except TabularError as e:\n print('refused', e)\n"
        "status = open('/proc/self/status').read() if os.path.exists('/proc/self/status') else ''\n"
        "peak = [line.split()[1] for line in status.splitlines() if line.startswith('VmHWM')]\n"
        "print(peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120
    )
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("refused"), done.stdout + done.stderr
    assert int(lines[-1]) < 500 * 1024  # kilobytes


def test_a_word_file_with_an_entity_is_refused():
    import docx

    from vfmhub.lib.tabular import TabularError, read_table

    document = docx.Document()
    document.add_table(rows=1, cols=2).cell(0, 0).text = "XXE"
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as hostile:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x "injected">]>', 1).replace(
                    b">XXE<", b">XXE[&x;]<"
                )
            hostile.writestr(item, data)
    with pytest.raises(TabularError, match="DOCTYPE"):
        read_table(out.getvalue(), "plan.docx")


def test_sizes_are_read_from_the_zip_directory_before_inflating(settings):
    from vfmhub.lib.tabular import TabularError, read_table

    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1000
    with pytest.raises(TabularError, match="more than the 1,000 bytes"):
        read_table(xlsx([["a"]] * 100), "a.xlsx")
