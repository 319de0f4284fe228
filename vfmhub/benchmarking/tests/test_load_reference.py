"""`vfmhub load-reference`: every real reference file loads unmodified and is recognised by its
content; a second run changes nothing; a dry run writes nothing; hostile files are refused with
their row and column; one bad file stops the whole run; figures join across reorganisations."""

import json
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vfmhub.audit.models import AuditEvent
from vfmhub.benchmarking.models import (
    ReferenceArea,
    ReferenceMeasure,
    ReferenceSource,
    ReferenceValue,
    Reorganisation,
)
from vfmhub.benchmarking.selectors.values import joined_values, population_for
from vfmhub.performance.models import IndicatorValue
from vfmhub.testing import shared_data

pytestmark = pytest.mark.django_db

DATA = shared_data()
GROWTH = DATA / "ons_census_population" / "growth.js"
POPRANK = DATA / "ons_census_population" / "poprank.js"
LAD = DATA / "ons_subnational" / "Local_Authority_Districts_2021.csv"
IMD_2019 = DATA / "imd" / "IoD2019_lad.csv"
IMD_2025 = DATA / "imd" / "indices_of_deprivation_2025_lad.csv"
ONS = DATA / "ons_subnational" / "machine_readable.csv"
OFLOG = DATA / "oflog" / "ASC_data.csv"
FIXTURES = Path(__file__).parent / "fixtures" / "reference"


def load(*paths: Path | str, **options) -> dict:
    out, err = StringIO(), StringIO()
    call_command("load-reference", *map(str, paths), json=True, stdout=out, stderr=err, **options)
    return json.loads(out.getvalue())


def load_text(*paths: Path | str, **options) -> str:
    out = StringIO()
    call_command("load-reference", *map(str, paths), stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def refusal(*paths: Path | str, **options) -> str:
    with pytest.raises(CommandError) as caught:
        load(*paths, **options)
    return str(caught.value)


def value(code: str, gss: str, year: int) -> Decimal:
    return ReferenceValue.objects.get(measure__code=code, gss_code=gss, year=year).value


def written() -> tuple[int, ...]:
    return (
        ReferenceValue.objects.count(),
        ReferenceArea.objects.count(),
        ReferenceMeasure.objects.count(),
        ReferenceSource.objects.count(),
        Reorganisation.objects.count(),
        AuditEvent.objects.count(),
    )


# The real files ------------------------------------------------------------------------------


def test_it_loads_the_census_growth_file_unmodified():
    outcome = load(GROWTH)

    (report,) = outcome["files"]
    assert report["kind"] == "census_growth"
    assert (report["rows_read"], report["rows_used"]) == (331, 309)
    assert report["ignored"] == {"outside England": 22}  # the Welsh districts (W06)
    assert (report["areas"], report["measures"], report["years"]) == (309, 2, [2011, 2021])
    assert report["values_added"] == 309 * 3
    assert set(report["columns_ignored"]) == {"TOTAL11", "CHANGE_21"}
    assert outcome["lineage_changes"] > 0
    assert value("population", "E06000001", 2021) == Decimal("91900")  # "91,900"
    assert value("population", "E06000001", 2011) == Decimal("92028")
    assert value("population_growth", "E06000001", 2021) == Decimal("0.295562")
    district = ReferenceArea.objects.get(gss_code="E07000008")  # Cambridge
    assert (district.region_code, district.county_code) == ("E12000006", "E10000003")
    metropolitan = ReferenceArea.objects.get(gss_code="E08000001")  # Bolton: no county council
    assert (metropolitan.region_code, metropolitan.county_code) == ("E12000002", "")


def test_it_names_areas_from_the_ranks_file_only_where_no_official_name_is_held():
    (ranks,) = load(POPRANK)["files"]

    assert (ranks["kind"], ranks["areas"], ranks["measures"], ranks["years"]) == (
        "census_rank",
        309,
        0,
        [],
    )
    assert ranks["ignored"] == {"outside England": 22}
    assert {"POP11", "POP21", "POP_RANK_11", "POP_RANK_21"} <= set(ranks["columns_ignored"])
    assert ReferenceArea.objects.get(gss_code="E08000025").name == "Birmingham"
    assert ReferenceArea.objects.get(gss_code="E06000023").name == "Bristol"

    load(LAD)
    assert ReferenceArea.objects.get(gss_code="E06000023").name == "Bristol, City of"
    again = load(POPRANK, LAD)
    assert not again["changed"]
    assert ReferenceArea.objects.get(gss_code="E06000023").name == "Bristol, City of"


def test_it_loads_the_districts_areas_and_centroids_unmodified():
    (report,) = load(LAD)["files"]

    assert (report["rows_read"], report["rows_used"]) == (374, 309)
    assert report["ignored"] == {"outside England": 65}  # Scotland 32, Wales 22, NI 11
    assert (report["areas"], report["measures"], report["years"]) == (309, 1, [2021])
    hartlepool = ReferenceArea.objects.get(gss_code="E06000001")
    assert hartlepool.name == "Hartlepool" and hartlepool.area_class == "single_tier"
    assert (hartlepool.latitude, hartlepool.longitude) == (Decimal("54.67614"), Decimal("-1.27018"))
    assert hartlepool.hectares == Decimal("9602.97")  # 96,029,731.03 m² / 10,000
    assert value("hectares", "E06000001", 2021) == Decimal("9602.973103")
    assert ReferenceArea.objects.get(gss_code="E07000008").area_class == "district"


@pytest.mark.parametrize(
    ("path", "year", "areas", "rows"),
    [(IMD_2019, 2019, 317, 3170), (IMD_2025, 2025, 296, 2960)],
)
def test_it_loads_each_indices_of_deprivation_file_unmodified(path, year, areas, rows):
    (report,) = load(path)["files"]

    assert (report["kind"], report["rows_read"], report["rows_used"]) == ("imd", rows, rows)
    assert (report["areas"], report["measures"], report["years"]) == (areas, 30, [year])
    assert report["values_added"] == rows * 3
    assert set(report["columns_ignored"]) >= {
        "rank_average_rank",
        "rank_average_score",
        "rank_proportion_bottom_decile",
    }
    assert ReferenceSource.objects.get(file_name=path.name).year == year
    assert ReferenceArea.objects.get(gss_code="E06000001").name == "Hartlepool"


def test_it_reads_each_domain_as_either_release_spells_it():
    load(IMD_2019, IMD_2025)

    # "Health and Disability" (2019) and "Health Deprivation and Disability" (2025)
    assert value("imd.health.average_score", "E06000001", 2019) > 0
    assert value("imd.health.average_score", "E06000001", 2025) > 0
    assert value("imd.imd.average_score", "E06000001", 2019) == Decimal("35.037")
    assert value("imd.imd.bottom_decile", "E06000007", 2019) == Decimal("0.0787")  # 7.87…E-2
    assert value("imd.idaopi.average_rank", "E06000001", 2025) > 0
    slugs = {code.split(".")[1] for code in ReferenceMeasure.objects.values_list("code", flat=True)}
    assert slugs == {
        "imd",
        "income",
        "employment",
        "education",
        "health",
        "crime",
        "housing",
        "living",
        "idaci",
        "idaopi",
    }


def test_it_imports_the_ons_and_oflog_files_as_national_indicator_values():
    outcome = load(ONS, OFLOG)

    ons, oflog = outcome["files"]
    assert (ons["kind"], oflog["kind"]) == ("ons_subnational", "oflog_asc")
    assert ons["definitions_created"] > 0  # the national definitions were loaded first
    assert oflog["definitions_created"] == 0  # ... once, for both files
    assert ons["values_added"] > 5000 and oflog["values_added"] > 3000
    assert ons["rows_skipped"] == 292 and oflog["rows_skipped"] == 298
    assert IndicatorValue.objects.count() == ons["values_added"] + oflog["values_added"]
    again = load(ONS, OFLOG)
    assert not again["changed"]
    assert [f["values_added"] for f in again["files"]] == [0, 0]


def test_a_second_run_changes_nothing_and_records_nothing():
    paths = (GROWTH, POPRANK, LAD, IMD_2019, IMD_2025)
    first = load(*paths)
    assert first["changed"]
    before = written()

    again = load(*paths)

    assert not again["changed"] and again["lineage_changes"] == 0
    assert all(f["values_added"] == f["values_changed"] == 0 for f in again["files"])
    assert all(f["areas_added"] == f["areas_changed"] == 0 for f in again["files"])
    assert written() == before
    assert "Nothing changed" in load_text(*paths)


def test_a_dry_run_writes_nothing():
    outcome = load(GROWTH, IMD_2019, dry_run=True)

    assert outcome["dry_run"] and outcome["files"][0]["values_added"] == 927
    assert written() == (0, 0, 0, 0, 0, 0)
    text = load_text(GROWTH, dry_run=True)
    assert "Would add 927 values" in text and "Dry run: nothing was saved." in text


def test_it_loads_a_folder_and_a_renamed_copy(tmp_path):
    shutil.copy(IMD_2019, tmp_path / "deprivation.txt")
    shutil.copy(GROWTH, tmp_path / "people")

    outcome = load(tmp_path)

    assert sorted(f["kind"] for f in outcome["files"]) == ["census_growth", "imd"]
    assert ReferenceValue.objects.filter(year=2019).count() == 9510


# Hostile files -----------------------------------------------------------------------------


def test_it_refuses_files_it_does_not_recognise_and_writes_nothing(tmp_path):
    binary = tmp_path / "picture.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")

    message = refusal(GROWTH, binary, empty)

    assert "picture.csv is not a file VFM Hub recognises" in message
    assert "empty.csv is not a file VFM Hub recognises" in message
    assert written() == (0, 0, 0, 0, 0, 0)


def test_it_skips_unrecognised_files_only_when_told(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    shutil.copy(GROWTH, tmp_path / "growth.js")
    assert "notes.txt" in refusal(tmp_path)

    outcome = load(tmp_path, skip_unrecognised=True)

    assert outcome["skipped"] == [str(tmp_path / "notes.txt")]
    assert [f["kind"] for f in outcome["files"]] == ["census_growth"]


def imd_slice(tmp_path: Path, *, change: tuple[str, str] | None = None, rows: int = 4) -> Path:
    """The header and the first `rows` rows of the real IoD2019_lad.csv, with `change` made."""
    lines = IMD_2019.read_text(encoding="utf-8").splitlines()[: rows + 1]
    text = "\n".join(lines) + "\n"
    if change:
        text = text.replace(*change, 1)
    path = tmp_path / "slice.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_refuses_a_bad_number_with_its_row_and_column(tmp_path):
    path = imd_slice(tmp_path, change=("35.036999999999999", "n/a"))

    message = refusal(path)

    assert "Row 2, column F (average_score): 'n/a' is not a number." in message
    assert written() == (0, 0, 0, 0, 0, 0)


def test_it_refuses_an_unknown_domain_with_its_row_and_column(tmp_path):
    path = imd_slice(tmp_path, change=("Index of Multiple Deprivation", "Happiness"))

    assert "Row 2, column C (index_domain): 'Happiness' is not a domain" in refusal(path)


def test_it_refuses_a_code_that_is_not_a_gss_code(tmp_path):
    path = imd_slice(tmp_path, change=("E06000002,", "E0600000200,"))

    message = refusal(path)

    assert "Row 3, column A (lad19cd): 'E0600000200' is not an ONS (GSS) code" in message


def test_it_refuses_a_2025_row_for_another_kind_of_area(tmp_path):
    lines = IMD_2025.read_text(encoding="utf-8").splitlines()[:3]
    path = tmp_path / "imd.csv"
    path.write_text("\n".join(lines).replace("Local Authority District (2024)", "Ward", 1))

    message = refusal(path)

    assert "Row 2, column C (area_type): 'Ward' is not a local authority district" in message


def test_a_refusal_in_json_says_so_on_stdout(tmp_path):
    out = StringIO()
    bad = imd_slice(tmp_path, change=("35.036999999999999", "n/a"))

    with pytest.raises(CommandError):
        call_command("load-reference", str(bad), json=True, stdout=out, stderr=StringIO())

    report = json.loads(out.getvalue())
    assert report["ok"] is False
    assert "slice.csv: Row 2, column F (average_score): 'n/a' is not a number." in "".join(
        report["errors"]
    )


def test_it_refuses_a_js_file_that_is_not_json(tmp_path):
    path = tmp_path / "growth.js"
    text = GROWTH.read_text(encoding="utf-8")
    path.write_text(text.replace('"GROWTH": 0.29556222,', '"GROWTH": 0.29556222', 1))

    message = refusal(path)

    assert "not valid JSON" in message and "(line 5, character" in message


def test_it_refuses_a_js_record_with_a_bad_figure(tmp_path):
    path = tmp_path / "growth.js"
    text = GROWTH.read_text(encoding="utf-8")
    path.write_text(text.replace('"TOTAL_21": "91,900"', '"TOTAL_21": "about 92k"', 1))

    message = refusal(path)

    assert "Row 1, column F (TOTAL_21): 'about 92k' is not a number." in message


RECORD = '{"LAD17CD": "E06000001", "GROWTH": 1'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (f"export default [{RECORD}}}, 1]", "Row 2: The entry is not a record of named fields."),
        (f"export default [{RECORD}, " + "[" * 100_000, "It is not valid JSON"),
        (f"export default {RECORD}}}", "It is not a JavaScript module holding a JSON array"),
        (
            'export default [{"LAD17CD": "E06000001", "GROWTH": null}]',
            "Row 1, column B (GROWTH): There is no value.",
        ),
        (f"export default [{RECORD}}}]", "Row 1: The record has no TOTAL_11 field."),
        (f'export default [{RECORD}, "X": 1}}]', "Row 1, column C (X): X is not a known field."),
    ],
)
def test_it_refuses_malformed_js_modules_with_where_and_why(tmp_path, body, expected):
    path = tmp_path / "growth.js"
    path.write_text(body)

    message = refusal(path)

    assert "growth.js was not loaded" in message and expected in message


def test_it_reads_cr_line_endings_and_windows_1252(tmp_path):
    lines = IMD_2019.read_text(encoding="utf-8").splitlines()[:11]
    text = "\r".join(lines).replace("Hartlepool", "Hartlepool – Tees", 1) + "\r"
    path = tmp_path / "imd.csv"
    path.write_bytes(text.encode("cp1252"))

    (report,) = load(path)["files"]

    assert (report["rows_read"], report["areas"]) == (10, 10)
    assert ReferenceArea.objects.get(gss_code="E06000001").name == "Hartlepool – Tees"


def test_one_bad_file_stops_the_whole_run(tmp_path):
    bad = imd_slice(tmp_path, change=("0.36209999999999998", "lots"))

    message = refusal(GROWTH, bad)

    assert "slice.csv was not loaded" in message and "Nothing was loaded from any file" in message
    assert written() == (0, 0, 0, 0, 0, 0)


def test_a_missing_path_is_refused():
    assert "There is no file or folder at /nowhere/at/all." in refusal("/nowhere/at/all")


# Joining years across reorganisations ----------------------------------------------------------


def test_a_successor_gets_its_predecessors_population_weighted_score_by_hand():
    load(FIXTURES / "bucks_population_invented.js", FIXTURES / "bucks_imd2019.csv")
    score = ReferenceMeasure.objects.get(code="imd.imd.average_score")

    joined = joined_values(score, 2019)

    # 2019 populations, a straight line 8/10 of the way from 2011 to 2021 (invented figures):
    # Aylesbury Vale 100,000 → 110,000: 108,000; Chiltern 50,000; South Bucks 40,000 → 45,000:
    # 44,000; Wycombe 100,000. The county (E10000002, score 99) is not counted beside them.
    assert population_for(2019)["E07000004"] == Decimal("108000")
    expected = (
        Decimal("11.183") * 108_000
        + Decimal("6.952") * 50_000
        + Decimal("9.481") * 44_000
        + Decimal("10.742") * 100_000
    ) / 302_000
    assert joined["E06000060"] == expected
    assert round(joined["E06000060"], 4) == Decimal("10.0885")


def test_the_real_files_join_2019_deprivation_into_the_2023_unitaries_only():
    load(GROWTH, IMD_2019)
    score = ReferenceMeasure.objects.get(code="imd.imd.average_score")
    published = {
        code: value("imd.imd.average_score", code, 2019)
        for code in ("E07000026", "E07000028", "E07000029")
    }
    people = {
        code: value("population", code, 2011)
        + (value("population", code, 2021) - value("population", code, 2011)) * Decimal("0.8")
        for code in published
    }

    joined = joined_values(score, 2019)

    # Cumberland (2023) from Allerdale, Carlisle and Copeland; the county (E10000006) not counted.
    expected = sum(published[c] * people[c] for c in published) / sum(people.values())
    assert joined["E06000063"] == expected
    assert {"E06000064", "E06000065", "E06000066"} <= joined.keys()
    # growth.js is in 2021 boundaries: Buckinghamshire's (2020) and the Northamptonshire
    # unitaries' (2021) predecessors have no population there, so no weighted mean is built.
    assert not {"E06000060", "E06000061", "E06000062"} & joined.keys()


def test_the_real_files_add_up_population_into_a_successor():
    load(GROWTH)
    population = ReferenceMeasure.objects.get(code="population")

    joined = joined_values(population, 2021)

    districts = ("E07000026", "E07000028", "E07000029")
    assert joined["E06000063"] == sum(value("population", c, 2021) for c in districts)
    assert "E10000006" not in joined  # the county has no figure of its own in growth.js


def test_it_recognises_a_renamed_outturn_workbook_by_its_content(tmp_path):
    copy = tmp_path / "spending.xlsx"
    shutil.copy(DATA / "mhclg_revenue_outturn" / "RS_2017-18_data_by_LA.xlsx", copy)

    (report,) = load(copy, dry_run=True)["files"]

    assert (report["kind"], report["file_name"], report["years"]) == ("outturn", copy.name, [2017])
    assert report["values_added"] > 0
    assert written() == (0, 0, 0, 0, 0, 0)
