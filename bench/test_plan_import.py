"""The benchmark's generated plan file imports cleanly, and a second import adds nothing."""

import csv
import io

import pytest

from bench.plan_import import HEADER, plan_rows, print_import, time_plan_import, write_csv
from vfmhub.demo.generator import generate
from vfmhub.frameworks.loader import load_frameworks


def test_it_builds_exactly_the_rows_asked_for_with_repeated_headers(tmp_path):
    rows = plan_rows(400)
    read = list(csv.reader(io.StringIO(write_csv(tmp_path, 400).read_bytes().decode("cp1252"))))

    assert len(rows) == 400
    assert read[0] == HEADER
    assert len(read) == 401
    assert sum(row == HEADER for row in rows) >= 5
    assert any(row[5].endswith("- HoF") for row in rows)


@pytest.mark.django_db
def test_it_imports_the_file_then_adds_nothing_the_second_time(capsys):
    load_frameworks()
    generate(scale="demo")

    report = time_plan_import(rows=300)

    assert report["first"]["errors"] == 0, report["first"]["first_errors"]
    assert report["first"]["rounds"] == 3
    assert report["first"]["actions"] > 100
    assert report["ok"]
    added = sum(report["again"][k] for k in ("items", "actions", "rounds", "updates"))
    assert added == 0
    print_import(report)
    assert "Plan import, 300 rows (CSV (Windows-1252))" in capsys.readouterr().out
