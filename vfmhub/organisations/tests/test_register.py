"""The local-authority register loader, against the real published files and small slices of them.

The inline slices are rows copied from shared/data/la_codes (Norfolk, Norwich, Breckland, Kingston
upon Hull) and then broken on purpose where a test needs bad input.
"""

import datetime
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vfmhub.audit.models import AuditEvent
from vfmhub.organisations import register as register_module
from vfmhub.organisations.models import BodyType, Organisation, Region
from vfmhub.organisations.register import (
    GSS_FILE,
    REGION_FILE,
    REGISTER_FILE,
    SNAC_FILE,
    RegisterError,
    RowError,
    register_load,
    register_read,
)
from vfmhub.testing import shared_data

pytestmark = pytest.mark.django_db

REAL = shared_data() / "la_codes"
needs_real_files = pytest.mark.skipif(
    not (REAL / REGISTER_FILE).is_file(), reason=f"the published register is not at {REAL}"
)

REGISTER_HEADER = (
    "local-authority-eng\tlocal-authority-type\tname\tofficial-name\tstart-date\tend-date"
)
REGISTER_ROWS = [
    "NFK\tCTY\tNorfolk\tNorfolk County Council\t\t",
    "NOW\tNMD\tNorwich\tNorwich City Council\t\t",
    "BRE\tNMD\tBreckland\tBreckland Council\t\t",
    "KHL\tUA\tKingston upon Hull\tHull City Council\t1996-04-01\t",
]
GSS_ROWS = [
    "E10000020\tlocal-authority-eng:NFK\tNorfolk",
    "E07000148\tlocal-authority-eng:NOW\tNorwich",
    "E07000143\tlocal-authority-eng:BRE\tBreckland",
    "E06000010\tlocal-authority-eng:KHL\tKingston upon Hull",
    "S12000033\tlocal-authority-sct:ABE\tAberdeen City",
]
SNAC_ROWS = [
    "33\tlocal-authority-eng:NFK",
    "33UG\tlocal-authority-eng:NOW",
    "33UB\tlocal-authority-eng:BRE",
    "00FA\tlocal-authority-eng:KHL",
]
REGION_ROWS = [
    "E07000148,Norwich,E12000006,East of England,1",
    "E07000143,Breckland,E12000006,East of England,2",
    'E06000010,"Kingston upon Hull, City of",E12000003,Yorkshire and The Humber,3',
]


def write_slice(folder: Path, register_rows=None, region_rows=None, bom: bool = False) -> Path:
    """The four files, holding the rows above (or the ones given)."""
    register_text = "\n".join([REGISTER_HEADER, *(register_rows or REGISTER_ROWS)]) + "\n"
    (folder / REGISTER_FILE).write_text(("\ufeff" if bom else "") + register_text, "utf-8")
    (folder / GSS_FILE).write_text("gss\tlocal-authority\tname\n" + "\n".join(GSS_ROWS) + "\n")
    (folder / SNAC_FILE).write_text("snac\tlocal-authority\n" + "\n".join(SNAC_ROWS) + "\n")
    region_text = "\ufeffLAD21CD,LAD21NM,RGN21CD,RGN21NM,FID\r\n"
    (folder / REGION_FILE).write_text(region_text + "\r\n".join(region_rows or REGION_ROWS))
    return folder


def load(path: Path, **kwargs):
    return register_load(acting_user=None, register=register_read(path), **kwargs)


def errors_for(path: Path) -> list[RowError]:
    with pytest.raises(RegisterError) as caught:
        register_read(path)
    return caught.value.errors


@needs_real_files
def test_it_loads_every_authority_in_the_real_register():
    report = load(REAL)

    assert (report.created, report.updated, report.unchanged) == (354, 0, 0)
    assert report.warnings == []
    assert Counter(Organisation.objects.values_list("body_type", flat=True)) == {
        BodyType.DISTRICT: 201,
        BodyType.UNITARY: 56,
        BodyType.METROPOLITAN: 36,
        BodyType.LONDON_BOROUGH: 32,
        BodyType.COUNTY: 27,
        BodyType.OTHER: 2,
    }
    assert Region.objects.count() == 9
    assert not Organisation.objects.filter(region__isnull=True).exists()
    assert not Organisation.objects.filter(body_type=BodyType.DISTRICT, parent=None).exists()


@needs_real_files
def test_it_gives_each_authority_its_name_codes_region_and_county():
    load(REAL)
    norfolk = Organisation.objects.get(register_code="NFK")
    norwich = Organisation.objects.get(register_code="NOW")
    hull = Organisation.objects.get(register_code="KHL")

    assert (norfolk.name, norfolk.short_name, norfolk.gss_code) == (
        "Norfolk County Council",
        "Norfolk",
        "E10000020",
    )
    assert norfolk.region is not None and norwich.region is not None and hull.region is not None
    assert norfolk.region.name == "East of England"
    assert norwich.parent == norfolk
    assert norwich.region.code == "E12000006"
    assert (hull.name, hull.active_from) == ("Hull City Council", datetime.date(1996, 4, 1))
    assert hull.region.name == "Yorkshire and The Humber"


@needs_real_files
def test_it_places_authorities_merged_away_before_2021():
    load(REAL)
    regions = dict(
        Organisation.objects.filter(
            register_code__in=["NTH", "BKM", "DOR", "POL", "GLA", "WEY"]
        ).values_list("register_code", "region__name")
    )

    assert regions == {
        "NTH": "East Midlands",
        "BKM": "South East",
        "DOR": "South West",
        "POL": "South West",
        "GLA": "London",
        "WEY": "South West",
    }


@needs_real_files
def test_it_changes_nothing_the_second_time():
    load(REAL)
    events = AuditEvent.objects.count()

    report = load(REAL / REGISTER_FILE)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 354)
    assert report.regions_created == report.regions_updated == 0
    assert AuditEvent.objects.count() == events


def test_it_records_one_system_event_per_organisation_created(tmp_path):
    load(write_slice(tmp_path))

    events = AuditEvent.objects.filter(action="organisation.create")
    assert events.count() == 4
    assert {e.actor_label for e in events} == {"system"}
    norwich = events.get(object_repr="Norwich City Council")
    assert norwich.changes["parent"] == [None, "Norfolk County Council"]


def test_it_updates_in_place_and_records_what_changed(tmp_path):
    load(write_slice(tmp_path))
    Organisation.objects.filter(register_code="BRE").update(name="Breckland DC", region=None)

    report = load(tmp_path)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    breckland = Organisation.objects.get(register_code="BRE")
    assert breckland.name == "Breckland Council"
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.changes == {
        "name": ["Breckland DC", "Breckland Council"],
        "region": [None, "East of England"],
    }


def test_it_adopts_an_organisation_already_held_with_the_same_gss_code(tmp_path):
    existing = Organisation.objects.create(
        name="Norwich", body_type=BodyType.DISTRICT, gss_code="E07000148"
    )

    report = load(write_slice(tmp_path))

    assert (report.created, report.updated) == (3, 1)
    existing.refresh_from_db()
    assert (existing.register_code, existing.name) == ("NOW", "Norwich City Council")


def test_it_keeps_ended_authorities_as_inactive(tmp_path):
    rows = [*REGISTER_ROWS[:2], "BRE\tNMD\tBreckland\tBreckland Council\t1974-04-01\t2019-03-31"]
    load(write_slice(tmp_path, register_rows=rows))

    breckland = Organisation.objects.get(register_code="BRE")
    assert breckland.active_to == datetime.date(2019, 3, 31)
    assert not breckland.is_active


def test_it_keeps_commas_in_names_and_strips_byte_order_marks(tmp_path):
    rows = [*REGISTER_ROWS[:3], "KHL\tUA\tKingston upon Hull, City of\tHull City Council\t\t"]
    load(write_slice(tmp_path, register_rows=rows, bom=True))

    hull = Organisation.objects.get(register_code="KHL")
    assert hull.short_name == "Kingston upon Hull, City of"
    assert hull.region is not None
    assert hull.region.name == "Yorkshire and The Humber"
    assert Organisation.objects.get(register_code="NFK").name == "Norfolk County Council"


def test_a_dry_run_reports_and_saves_nothing(tmp_path):
    report = load(write_slice(tmp_path), dry_run=True)

    assert report.created == 4
    assert "create Norwich City Council" in report.changes
    assert not Organisation.objects.exists()
    assert not Region.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_names_file_row_and_column_of_each_bad_value(tmp_path):
    rows = [
        "NFK\tCTY\tNorfolk\tNorfolk County Council\t\t",
        "NOW\tXYZ\tNorwich\tNorwich City Council\t\t",
        "BRE\tNMD\tBreckland\tBreckland Council\t01/04/1974\t",
        "NFK\tUA\tKingston upon Hull\tHull City Council\t1996-04-01\t1990-01-01",
    ]
    errors = errors_for(write_slice(tmp_path, register_rows=rows))

    assert [(e.file, e.row, e.column) for e in errors] == [
        (REGISTER_FILE, 5, "local-authority-eng"),
        (REGISTER_FILE, 3, "local-authority-type"),
        (REGISTER_FILE, 4, "start-date"),
        (REGISTER_FILE, 5, "end-date"),
    ]
    assert errors[1].message == register_module.UNKNOWN_TYPE.format(
        value="XYZ", known=", ".join(register_module.BODY_TYPES)
    )
    assert str(errors[2]) == (
        f"{REGISTER_FILE}, row 4, column start-date: '01/04/1974' is not a date in the form "
        "2009-04-01."
    )


def test_it_reports_a_missing_column_and_a_missing_file(tmp_path):
    write_slice(tmp_path)
    (tmp_path / SNAC_FILE).unlink()
    region_text = (tmp_path / REGION_FILE).read_text().replace("RGN21CD", "REGION")
    (tmp_path / REGION_FILE).write_text(region_text)

    errors = errors_for(tmp_path)

    assert [str(e) for e in errors] == [
        f"{SNAC_FILE}: {register_module.FILE_MISSING}",
        f"{REGION_FILE}, row 1, column RGN21CD: The column 'RGN21CD' is missing from the header.",
    ]


def test_it_reports_a_bad_region_code_with_its_row(tmp_path):
    regions = [*REGION_ROWS[:2], 'E06000010,"Kingston upon Hull, City of",X12,Yorkshire,3']

    errors = errors_for(write_slice(tmp_path, region_rows=regions))

    assert [(e.file, e.row, e.column) for e in errors] == [(REGION_FILE, 4, "RGN21CD")]


def test_it_saves_nothing_when_a_write_fails_part_way(tmp_path, monkeypatch):
    register = register_read(write_slice(tmp_path))
    calls = []

    def fail_on_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("disk full")

    monkeypatch.setattr(register_module, "audit_record", fail_on_third)

    with pytest.raises(RuntimeError):
        register_load(acting_user=None, register=register)
    assert not Organisation.objects.exists()
    assert not Region.objects.exists()


def test_the_command_loads_and_reports_counts(tmp_path):
    out = StringIO()
    call_command("load-organisations", str(write_slice(tmp_path)), stdout=out)
    call_command("load-organisations", str(tmp_path / REGISTER_FILE), stdout=out)

    assert out.getvalue().splitlines() == [
        "Loaded 4 authorities: 4 created, 0 updated, 0 unchanged; regions: 2 created, 0 updated.",
        "Loaded 4 authorities: 0 created, 0 updated, 4 unchanged; regions: 0 created, 0 updated.",
    ]


def test_the_command_refuses_bad_files_and_loads_nothing(tmp_path):
    rows = ["NFK\tCTY\tNorfolk\tNorfolk County Council\tsoon\t"]

    with pytest.raises(CommandError, match=r"row 2, column start-date"):
        call_command("load-organisations", str(write_slice(tmp_path, register_rows=rows)))
    assert not Organisation.objects.exists()
