"""`vfmhub load-indicators` on the shipped definitions; bad files refused with the file named."""

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vfmhub.audit.models import AuditEvent
from vfmhub.performance.definitions.loader import IndicatorLoadError, load_indicators
from vfmhub.performance.definitions.schema import DEFINITIONS_DIRECTORY
from vfmhub.performance.models import Indicator, RagRuleVersion
from vfmhub.testing import shared_data

pytestmark = pytest.mark.django_db
SHIPPED = sorted(p.name for p in DEFINITIONS_DIRECTORY.glob("*.yaml"))
ONE = """
indicators:
  - code: X1
    title: An indicator
    polarity: higher
    frequency: quarter
"""


def run(*args: str) -> str:
    out = StringIO()
    call_command("load-indicators", *args, stdout=out)
    return out.getvalue()


def test_it_loads_every_shipped_indicator_once():
    output = run()
    with open(shared_data() / "ons_subnational" / "metadata.csv", encoding="utf-8-sig") as f:
        ons = list(csv.DictReader(f))
    assert Indicator.objects.filter(owner__isnull=True).count() == 1 + 7 + 3 + len(ons)
    assert RagRuleVersion.objects.count() == Indicator.objects.count()
    for name in SHIPPED:
        assert name in output
    assert "Nothing changed" not in output


def test_it_uses_the_ons_worksheet_codes_and_titles_exactly():
    run()
    with open(shared_data() / "ons_subnational" / "metadata.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            indicator = Indicator.objects.get(code=row["Worksheet"])
            assert indicator.title == row["Indicator"]
            assert indicator.frequency == "year"
            if row["Polarity"] == "Negative":
                assert indicator.polarity == "lower"


def test_it_takes_oflog_codes_and_polarity_from_the_oflog_file():
    run()
    orders: dict[str, str] = {}
    with open(shared_data() / "oflog" / "ASC_data.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["rank_order"]:
                orders[row["Code"]] = row["rank_order"].lower()
    assert sorted(orders) == [f"ASC{n}" for n in range(1, 8)]
    for code, order in orders.items():
        expected = {"desc": "higher", "asc": "lower"}.get(order, "neither")
        assert Indicator.objects.get(code=code).polarity == expected, code


def test_it_defines_ni_179_and_the_waste_measures():
    run()
    ni179 = Indicator.objects.get(code="NI 179")
    assert (ni179.data_type, ni179.rollup, ni179.frequency, ni179.polarity) == (
        "money",
        "last",
        "year",
        "higher",
    )
    assert ni179.valid_from == 2008 and ni179.valid_to == 2010
    assert Indicator.objects.get(code="NI 191").polarity == "lower"
    ni192 = Indicator.objects.get(code="NI 192")
    assert (ni192.rollup, ni192.ratio_scale, ni192.polarity) == ("ratio", 100, "higher")
    assert Indicator.objects.get(code="NI 193").polarity == "lower"
    assert ni192.rag_rules.get().bands[1]["limit"] == "2"


def test_it_changes_nothing_the_second_time():
    run()
    events = AuditEvent.objects.count()
    output = run()
    assert "Nothing changed" in output
    assert AuditEvent.objects.count() == events
    assert RagRuleVersion.objects.count() == Indicator.objects.count()


def test_a_dry_run_writes_nothing():
    output = run("--dry-run")
    assert "would be created" in output
    assert Indicator.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_it_reports_as_json():
    data = json.loads(run("--json"))
    assert data["ok"] is True
    assert data["created"] == Indicator.objects.count()
    assert {f["name"] for f in data["files"]} == set(SHIPPED)


def test_a_changed_definition_updates_and_a_changed_rule_adds_a_version(tmp_path: Path):
    (tmp_path / "x.yaml").write_text(ONE)
    load_indicators(tmp_path)
    changed = ONE.replace("An indicator", "A better title") + (
        "    rag: {method: absolute, bands: [{key: g, name: G, colour: '#00703c', limit: 1},"
        " {key: r, name: R, colour: '#d4351c'}]}\n"
    )
    (tmp_path / "x.yaml").write_text(changed)
    report = load_indicators(tmp_path)
    indicator = Indicator.objects.get(code="X1")
    assert indicator.title == "A better title"
    assert report.total("updated") == 1 and report.total("rules_added") == 1
    versions = list(indicator.rag_rules.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].method == "percent" and versions[1].method == "absolute"
    assert AuditEvent.objects.filter(action="performance.indicator_changed").count() == 1


@pytest.mark.parametrize(
    "text, message",
    [
        ("indicators: [\n  - code: [", "bad.yaml: not valid YAML"),
        (ONE.replace("higher", "upwards"), "bad.yaml, indicator X1: polarity 'upwards'"),
        (ONE.replace("quarter", "fortnight"), "bad.yaml, indicator X1: frequency 'fortnight'"),
        (ONE + "    body_types: [parish]\n", "bad.yaml, indicator X1: unknown body type"),
        (ONE + "    colour: red\n", "bad.yaml, indicator X1: unknown key(s): colour"),
        (
            ONE + "    rag: {method: absolute, bands: [{key: g, name: G, limit: 5},"
            " {key: a, name: A, limit: 2}, {key: r, name: R}]}\n",
            "bad.yaml, indicator X1: Each band's limit must be larger",
        ),
        (ONE + "    ratio_scale: lots\n", "bad.yaml, indicator X1: ratio_scale 'lots'"),
        ("title: no list\n", "bad.yaml: needs a list of `indicators`"),
    ],
)
def test_it_refuses_a_bad_file_naming_it(tmp_path: Path, text: str, message: str):
    (tmp_path / "good.yaml").write_text(ONE.replace("X1", "G1"))
    (tmp_path / "bad.yaml").write_text(text)
    with pytest.raises(CommandError) as error:
        run("--directory", str(tmp_path))
    assert message in str(error.value)
    assert "Traceback" not in str(error.value)
    assert Indicator.objects.count() == 0


def test_it_refuses_a_code_defined_twice(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(ONE)
    (tmp_path / "b.yaml").write_text(ONE)
    with pytest.raises(IndicatorLoadError, match=r"defined twice: in a\.yaml and in b\.yaml"):
        load_indicators(tmp_path)
    assert Indicator.objects.count() == 0


def test_a_value_the_database_refuses_loads_nothing(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(ONE.replace("X1", "A1"))
    (tmp_path / "b.yaml").write_text(ONE.replace("An indicator", "x" * 400))
    with pytest.raises(IndicatorLoadError, match=r"b\.yaml, indicator X1"):
        load_indicators(tmp_path)
    assert Indicator.objects.count() == 0
