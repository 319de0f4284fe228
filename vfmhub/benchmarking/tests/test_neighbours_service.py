"""Installing model versions and computing neighbours (services/neighbours.py), on a small invented
world of areas whose figures the tests set, so that each rule can be seen to hold or fail."""

import datetime
import re
import textwrap
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vfmhub.audit.models import AuditEvent
from vfmhub.benchmarking.calculations.neighbours import transformed, weighted_distances
from vfmhub.benchmarking.models import (
    Aggregation,
    AreaClass,
    Neighbour,
    NeighbourModel,
    ReferenceArea,
    ReferenceMeasure,
    ReferenceSource,
    ReferenceValue,
    Reorganisation,
)
from vfmhub.benchmarking.selectors.neighbours import (
    neighbour_explanation,
    neighbour_shares,
    neighbours_by_body,
)
from vfmhub.benchmarking.services.neighbours import (
    SHIPPED_DIR,
    VERSION_IN_USE,
    neighbour_model_install,
    neighbour_models_install_shipped,
    neighbours_compute,
)
from vfmhub.performance.models import Indicator, IndicatorValue

MODEL = """\
version: "t1"
title: "Test model"
description: "For the tests."
geography_date: 2023-04-01
classes: [district, single_tier, county]
exclusions: [{code: E06000053, name: "Isles of Scilly", why: "tiny"}]
distance: weighted_euclidean
neighbours: 15
variables:
  - {code: population, label: population, source: {reference: population, year: 2021},
     transforms: [log, winsorise, zscore], weight: 1}
  - {code: density, label: density, source: {derived: density, year: 2021},
     transforms: [log, winsorise, zscore], weight: 1}
  - {code: crime, label: crime, source: {reference: imd.crime.average_score, year: 2025},
     transforms: [winsorise, zscore], weight: 2}
"""
COUNTY = "E10000001"
ENDED = datetime.date(2023, 3, 31)


def model_file(tmp_path: Path, text: str = MODEL, name: str = "t1.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


class World:
    """Invented areas and figures: `single` unitaries, `districts` districts of one county."""

    def __init__(self, single: int = 22, districts: int = 18):
        self.source = ReferenceSource.objects.create(
            kind="demo", title="Invented", publisher="Tests", file_name="t", sha256="0" * 64
        )
        self.measures = {
            code: ReferenceMeasure.objects.create(
                code=code, title=code, group="Test", aggregation=aggregation
            )
            for code, aggregation in (
                ("population", Aggregation.SUM),
                ("hectares", Aggregation.SUM),
                ("imd.crime.average_score", Aggregation.POPULATION_MEAN),
            )
        }
        rng = np.random.default_rng(11)
        self.single = [f"E06{n:06d}" for n in range(1, single + 1)]
        self.districts = [f"E07{n:06d}" for n in range(1, districts + 1)]
        areas = [ReferenceArea(gss_code=COUNTY, name="Shire", area_class=AreaClass.COUNTY)]
        for code in self.single + self.districts:
            county = COUNTY if code.startswith("E07") else ""
            areas.append(
                ReferenceArea(
                    gss_code=code, name=f"Area {code}", area_class=_class(code), county_code=county
                )
            )
            self.figures(
                code,
                population=int(rng.integers(50_000, 500_000)),
                hectares=int(rng.integers(2_000, 200_000)),
                crime=float(rng.normal(0, 1)),
            )
        ReferenceArea.objects.bulk_create(areas)
        self.figures(COUNTY, population=900_000, hectares=400_000, crime=0.1)

    def figures(self, code: str, **values: float) -> None:
        names = {"crime": "imd.crime.average_score"}
        for name, value in values.items():
            ReferenceValue.objects.update_or_create(
                measure=self.measures[names.get(name, name)],
                gss_code=code,
                year=2025 if name == "crime" else 2021,
                defaults={"value": Decimal(str(round(value, 6))), "source": self.source},
            )

    def area(self, code: str, **fields) -> ReferenceArea:
        return ReferenceArea.objects.create(
            gss_code=code, name=fields.pop("name", code), area_class=_class(code), **fields
        )


def _class(code: str) -> str:
    return {"E06": AreaClass.SINGLE_TIER, "E07": AreaClass.DISTRICT, "E10": AreaClass.COUNTY}[
        code[:3]
    ]


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def model(world, tmp_path) -> NeighbourModel:
    return neighbour_model_install(acting_user=None, path=model_file(tmp_path))


def test_it_installs_a_version_and_records_it(db, tmp_path, personas):
    installed = neighbour_model_install(acting_user=personas.staff, path=model_file(tmp_path))

    assert installed.version == "t1" and installed.title == "Test model"
    assert installed.spec["variables"][2]["weight"] == 2.0
    assert installed.spec["geography_date"] == "2023-04-01"
    assert installed.yaml_text == MODEL and not installed.in_use and not installed.is_default
    event = AuditEvent.objects.get(action="neighbour model added")
    assert event.actor == personas.staff and event.object_id == str(installed.pk)


def test_installing_the_same_version_again_changes_nothing(db, tmp_path):
    first = neighbour_model_install(acting_user=None, path=model_file(tmp_path))
    events = AuditEvent.objects.count()

    again = neighbour_model_install(acting_user=None, path=model_file(tmp_path))

    assert again.pk == first.pk and NeighbourModel.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_version_not_yet_used_may_be_corrected(db, tmp_path):
    neighbour_model_install(acting_user=None, path=model_file(tmp_path))

    changed = neighbour_model_install(
        acting_user=None, path=model_file(tmp_path, MODEL.replace("weight: 2", "weight: 3"))
    )

    assert changed.spec["variables"][2]["weight"] == 3.0
    assert AuditEvent.objects.filter(action="neighbour model changed").count() == 1


def test_a_version_in_use_is_never_changed_in_place(model, tmp_path):
    neighbours_compute(acting_user=None, model=model)
    changed = MODEL.replace("weight: 2", "weight: 3")

    with pytest.raises(ValidationError) as refused:
        neighbour_model_install(acting_user=None, path=model_file(tmp_path, changed))

    assert refused.value.messages == [VERSION_IN_USE.format(version="t1")]
    model.refresh_from_db()
    assert model.spec["variables"][2]["weight"] == 2.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("neighbours: 15", "neighbours: 0"), "neighbours must be a whole number from 1 to 50"),
        (("[log, winsorise, zscore], weight: 1}", "[square], weight: 1}"), "transforms must be"),
        (("weight: 2", "weight: -1"), "its weight must be a number above 0"),
        (("classes: [district", "classes: [fire"), "classes must be some of"),
        (("2023-04-01", "next April"), "is not a date"),
        (("derived: density", "derived: sparsity"), "'sparsity' cannot be derived"),
        (("distance: weighted_euclidean", "distance: manhattan"), "the distance must be"),
        (("{reference: population, year: 2021}", "{reference: population}"), "has no year"),
        (('title: "Test model"\n', ""), "it has no title"),
        (('version: "t1"', "version: [t1"), "the YAML could not be read"),
    ],
)
def test_it_refuses_a_model_it_cannot_use(db, tmp_path, change, message):
    with pytest.raises(ValidationError, match=message) as refused:
        neighbour_model_install(acting_user=None, path=model_file(tmp_path, MODEL.replace(*change)))

    assert refused.value.messages[0].startswith("t1.yaml is not a neighbour model")
    assert not NeighbourModel.objects.exists()


def test_the_shipped_versions_install_and_one_is_the_default(db):
    installed = neighbour_models_install_shipped(acting_user=None)

    assert [m.version for m in installed] == [p.stem for p in sorted(SHIPPED_DIR.glob("*.yaml"))]
    assert [m.version for m in installed if m.is_default] == ["2026.1"]
    for m in installed:
        assert all(v["label"] and v.get("sources") for v in m.spec["variables"])
        assert all("spend" not in v["code"] for v in m.spec["variables"])


def test_a_new_default_version_takes_over_from_the_old(db, tmp_path):
    neighbour_models_install_shipped(acting_user=None)

    newer = neighbour_model_install(
        acting_user=None, path=model_file(tmp_path, MODEL + "default: true\n")
    )

    assert list(NeighbourModel.objects.filter(is_default=True)) == [newer]
    assert AuditEvent.objects.filter(action="neighbour model default changed").count() == 1


def test_every_body_gets_15_neighbours_of_its_own_class(world, model):
    report = neighbours_compute(acting_user=None, model=model)

    found = neighbours_by_body(model)
    assert set(found) == set(world.single) | set(world.districts)
    for code, rows in found.items():
        assert [n.rank for n in rows] == list(range(1, 16))
        assert code not in {n.neighbour_code for n in rows}
        assert {n.neighbour_code[:3] for n in rows} == {code[:3]}
        assert COUNTY not in {n.neighbour_code for n in rows}
    assert report.classes == {"district": 18, "single_tier": 22}
    assert report.rows == 15 * 40 and report.changed


def test_the_distances_are_the_models_and_the_parts_add_up(world, model):
    neighbours_compute(acting_user=None, model=model)

    values = {
        m: dict(ReferenceValue.objects.filter(measure__code=m).values_list("gss_code", "value"))
        for m in ("population", "hectares", "imd.crime.average_score")
    }
    codes = world.single
    pop = [float(values["population"][c]) for c in codes]
    density = [float(values["population"][c] / values["hectares"][c]) for c in codes]
    crime = [float(values["imd.crime.average_score"][c]) for c in codes]
    matrix = np.column_stack(
        [
            transformed(pop, ["log", "winsorise", "zscore"]),
            transformed(density, ["log", "winsorise", "zscore"]),
            transformed(crime, ["winsorise", "zscore"]),
        ]
    )
    by_hand = weighted_distances(matrix, np.array([1.0, 1.0, 2.0]))
    first = neighbours_by_body(model, [codes[0]])[codes[0]]
    others = by_hand[0].copy()
    others[0] = np.inf
    expected = [codes[int(j)] for j in np.argsort(others)[:15]]
    assert [n.neighbour_code for n in first] == expected
    for n in first:
        j = codes.index(n.neighbour_code)
        assert n.distance == pytest.approx(by_hand[0, j])
        assert n.rebased == pytest.approx(by_hand[0, j] / by_hand.max())
        assert abs(sum(n.parts.values()) - n.distance) < 1e-9
        assert sum(neighbour_shares(n).values()) == pytest.approx(1)


def test_a_body_missing_a_figure_is_left_out_and_said_why(world, model):
    world.area("E06000099", name="Nowhere")
    world.figures("E06000099", population=100_000, hectares=5_000)  # no crime score

    report = neighbours_compute(acting_user=None, model=model)

    assert report.left_out["E06000099"] == "Nowhere: no figure for crime (2025)"
    model.refresh_from_db()
    assert model.computed_summary["left_out"]["E06000099"] == report.left_out["E06000099"]
    assert not Neighbour.objects.filter(neighbour_code="E06000099").exists()


def test_a_class_too_small_is_left_out_whole(world, model):
    report = neighbours_compute(acting_user=None, model=model)

    assert report.left_out[COUNTY] == "Shire: fewer than 16 bodies of its class have every figure"
    assert "county" not in report.classes


def test_excluded_and_abolished_areas_are_not_compared(world, model):
    world.area("E06000053", name="Isles of Scilly")
    world.area("E06000090", name="Gone", active_to=ENDED)
    world.area("E06000091", name="Not yet", active_from=datetime.date(2024, 4, 1))
    for code in ("E06000053", "E06000090", "E06000091"):
        world.figures(code, population=2_000, hectares=1_600, crime=0.0)

    neighbours_compute(acting_user=None, model=model)

    stored = set(Neighbour.objects.values_list("body_code", flat=True))
    stored |= set(Neighbour.objects.values_list("neighbour_code", flat=True))
    assert not stored & {"E06000053", "E06000090", "E06000091"}


def test_a_successor_gets_its_predecessors_figures(world, model):
    world.area("E06000063", name="Cumberland", active_from=datetime.date(2023, 4, 1))
    for code, people in (("E07000026", 100_000), ("E07000028", 110_000)):
        world.area(code, name=code, active_to=ENDED, county_code="E10000006")
        world.figures(code, population=people, hectares=50_000, crime=1.0 if people > 1e5 else 0)
        Reorganisation.objects.create(
            predecessor_code=code, successor_code="E06000063", effective="2023-04-01"
        )

    report = neighbours_compute(acting_user=None, model=model)

    assert "E06000063" not in report.left_out
    assert len(neighbours_by_body(model, ["E06000063"])["E06000063"]) == 15
    assert not Neighbour.objects.filter(body_code="E07000026").exists()  # abolished


def test_an_indicator_is_read_by_the_bodys_code(world, tmp_path):
    indicator = Indicator.objects.create(
        code="PAYweekMEDIAN", title="Median weekly pay", polarity="up", frequency="year"
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            area_code=code,
            year=2021,
            frequency="year",
            value=Decimal(400 + i * 10),
            is_current=True,
        )
        for i, code in enumerate(world.single + world.districts)
    )
    text = MODEL + (
        "  - {code: pay, label: pay, source: {indicator: PAYweekMEDIAN, year: 2021},\n"
        "     transforms: [zscore], weight: 1}\n"
    )
    installed = neighbour_model_install(acting_user=None, path=model_file(tmp_path, text))

    report = neighbours_compute(acting_user=None, model=installed)

    assert report.classes == {"district": 18, "single_tier": 22}
    assert set(Neighbour.objects.all()[0].parts) == {"population", "density", "crime", "pay"}


def test_recomputing_the_same_figures_changes_nothing(world, model):
    neighbours_compute(acting_user=None, model=model)
    before = list(Neighbour.objects.values_list("pk", "neighbour_code", "distance"))
    events = AuditEvent.objects.count()
    model.refresh_from_db()
    computed_at = model.computed_at

    report = neighbours_compute(acting_user=None, model=model)

    assert not report.changed and report.rows == 600
    assert list(Neighbour.objects.values_list("pk", "neighbour_code", "distance")) == before
    assert AuditEvent.objects.count() == events
    model.refresh_from_db()
    assert model.computed_at == computed_at


def test_changed_figures_replace_the_neighbours_and_are_recorded(world, model, personas):
    neighbours_compute(acting_user=None, model=model)
    world.figures(world.single[0], crime=25.0)

    report = neighbours_compute(acting_user=personas.staff, model=model)

    assert report.changed and Neighbour.objects.filter(model=model).count() == 600
    event = AuditEvent.objects.filter(action="neighbours computed").latest("pk")
    assert event.actor == personas.staff
    assert event.changes == {"neighbours": [600, 600]}
    assert "district: 18 bodies, single_tier: 22 bodies" in event.note


def test_the_queries_do_not_grow_with_the_number_of_bodies(db, tmp_path):
    def queries(single: int) -> int:
        World(single=single, districts=16)
        installed = neighbour_model_install(acting_user=None, path=model_file(tmp_path))
        with CaptureQueriesContext(connection) as captured:
            neighbours_compute(acting_user=None, model=installed)
        # The rows go in multi-row statements (so many rows a statement); every other query is
        # one per variable, class or table, whatever the number of bodies.
        return len([q for q in captured if "INSERT" not in q["sql"]])

    small = queries(20)
    for model_ in (Neighbour, NeighbourModel, ReferenceValue, ReferenceArea, ReferenceMeasure):
        model_.objects.all().delete()
    ReferenceSource.objects.all().delete()

    assert queries(60) == small


def test_the_explanation_uses_the_labels(world, model):
    neighbours_compute(acting_user=None, model=model)
    first = neighbours_by_body(model, [world.single[0]])[world.single[0]][0]

    text = neighbour_explanation(model, first.parts)

    said = re.fullmatch(r"closest on (\w+) and (\w+); furthest on (\w+)", text)
    assert said and set(said.groups()) == {"population", "density", "crime"}
    weights = {"population": 1, "density": 1, "crime": 2}
    gaps = {code: part / weights[code] for code, part in first.parts.items()}
    assert said.group(3) == max(gaps, key=lambda code: gaps[code])
