"""The shipped model on the real published files, loaded through `vfmhub load-reference`: every
district, single-tier authority and London borough gets 15 neighbours of its class, and the lists
agree with CIPFA's published ones (tests/fixtures/cipfa_published.yaml) as the docs say they do
(docs/benchmarking-model.md)."""

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from vfmhub.audit.models import AuditEvent
from vfmhub.benchmarking.models import AreaClass, Neighbour, NeighbourModel, ReferenceArea
from vfmhub.benchmarking.selectors.neighbours import neighbours_by_body
from vfmhub.benchmarking.selectors.values import lineage
from vfmhub.benchmarking.services.neighbours import (
    neighbour_models_install_shipped,
    neighbours_compute,
)
from vfmhub.testing import shared_data

FIXTURE = Path(__file__).parent / "fixtures" / "cipfa_published.yaml"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "benchmarking-model.md"
FILES = [
    "ons_census_population/growth.js",
    "ons_census_population/poprank.js",
    "ons_subnational/Local_Authority_Districts_2021.csv",
    "imd/IoD2019_lad.csv",
    "imd/indices_of_deprivation_2025_lad.csv",
]
# The acceptance: a mean of at least 9 of 15 over at least five councils.
MEAN_REQUIRED = 9
COUNCILS_REQUIRED = 5
CLASSES = (AreaClass.DISTRICT, AreaClass.SINGLE_TIER, AreaClass.LONDON)


@pytest.fixture
def computed(db) -> NeighbourModel:
    """The real files loaded as a user would load them, then the shipped default computed."""
    call_command("load-reference", *[str(shared_data() / f) for f in FILES], stdout=_Quiet())
    model = next(m for m in neighbour_models_install_shipped(acting_user=None) if m.is_default)
    neighbours_compute(acting_user=None, model=model)
    model.refresh_from_db()
    return model


class _Quiet:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def published() -> list[dict]:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def current_code(code: str, chain) -> str:
    """A code of the list's older geography as the area that holds it now (Bournemouth E06000028
    and Poole E06000029 are in Bournemouth, Christchurch and Poole E06000058 now)."""
    successors = chain.successor_chain(code)
    return successors[-1] if successors else code


def overlaps(model: NeighbourModel) -> dict[str, int]:
    chain = lineage()
    ours = neighbours_by_body(model, [entry["body"] for entry in published()])
    return {
        entry["body"]: len(
            {current_code(n["gss"], chain) for n in entry["neighbours"]}
            & {n.neighbour_code for n in ours[entry["body"]]}
        )
        for entry in published()
    }


def test_every_body_of_the_geography_has_15_neighbours_of_its_own_class(computed):
    areas = {
        a.gss_code: a
        for a in ReferenceArea.objects.filter(area_class__in=CLASSES, active_to__isnull=True)
    }
    expected = set(areas) - {"E09000001", "E06000053"}  # City of London, Isles of Scilly
    found = neighbours_by_body(computed)

    assert expected <= set(found), sorted(expected - set(found))
    assert len([c for c in found if areas[c].area_class == AreaClass.LONDON]) == 32
    assert len([c for c in found if areas[c].area_class == AreaClass.SINGLE_TIER]) == 98
    assert len([c for c in found if areas[c].area_class == AreaClass.DISTRICT]) == 164
    for code in expected:
        rows = found[code]
        assert [n.rank for n in rows] == list(range(1, 16))
        assert len({n.neighbour_code for n in rows}) == 15 and code not in rows
        assert {areas[n.neighbour_code].area_class for n in rows} == {areas[code].area_class}
        county = areas[code].county_code
        assert county not in {n.neighbour_code for n in rows}
        assert all(areas[n.neighbour_code].county_code != code for n in rows)


def test_the_parts_add_up_to_each_distance(computed):
    rows = list(Neighbour.objects.filter(model=computed))

    assert len(rows) == 15 * (32 + 98 + 164)
    assert max(abs(sum(n.parts.values()) - n.distance) for n in rows) < 1e-9
    assert all(0 < n.rebased <= 1 for n in rows)
    assert set(rows[0].parts) == {v["code"] for v in computed.spec["variables"]}


def test_a_second_computation_changes_nothing(computed):
    before = list(Neighbour.objects.filter(model=computed).values_list("pk", "neighbour_code"))
    events = AuditEvent.objects.count()

    report = neighbours_compute(acting_user=None, model=computed)

    assert not report.changed
    assert list(Neighbour.objects.filter(model=computed).values_list("pk", "neighbour_code")) == (
        before
    )
    assert AuditEvent.objects.count() == events


def test_cumberland_joins_its_predecessors_figures(computed):
    """Cumberland (2023) is in no file of 2021: its population and area are its three districts'."""
    found = neighbours_by_body(computed, ["E06000063"])

    assert len(found["E06000063"]) == 15


def test_the_lists_agree_with_cipfas_as_the_docs_say(computed):
    found = overlaps(computed)
    mean = sum(found.values()) / len(found)

    assert len(found) >= COUNCILS_REQUIRED
    assert mean >= MEAN_REQUIRED, found
    documented = documented_overlaps()
    assert documented == found, "docs/benchmarking-model.md's table is out of date"
    assert f"version {computed.version}" in DOCS.read_text(encoding="utf-8")
    assert f"{mean:.2f}" in DOCS.read_text(encoding="utf-8")


def documented_overlaps() -> dict[str, int]:
    """The validation table of docs/benchmarking-model.md: | Council | GSS | Source | Overlap |."""
    rows = re.findall(
        r"^\| [^|]+ \| (E0\d{7}) \| [^|]+ \| (\d+) of 15 \|$",
        DOCS.read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    return {code: int(n) for code, n in rows}
