"""`vfmhub neighbours compute|show` on the invented world of test_neighbours_service."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from vfmhub.benchmarking.models import NeighbourModel
from vfmhub.benchmarking.services.neighbours import neighbour_model_install
from vfmhub.benchmarking.tests.test_neighbours_service import World, model_file


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("neighbours", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def model(world, tmp_path) -> NeighbourModel:
    return neighbour_model_install(acting_user=None, path=model_file(tmp_path))


def test_it_computes_a_named_version_and_reports_as_json(model):
    report = json.loads(run("compute", "--model", "t1", "--json"))

    assert report["ok"] and report["version"] == "t1" and report["changed"]
    assert report["classes"] == {"district": 18, "single_tier": 22}
    assert report["rows"] == 600
    assert report["left_out"] == {
        "E10000001": "Shire: fewer than 16 bodies of its class have every figure"
    }
    assert NeighbourModel.objects.get(version="2026.1").computed_at is None  # installed only


def test_it_says_what_it_did_in_words(model):
    text = run("compute", "--model", "t1")

    assert text.startswith("Neighbour model t1: Stored 600 neighbours")
    assert "Shire district: 18 bodies" in text and "Left out (1):" in text
    assert run("compute", "--model", "t1").startswith("Neighbour model t1: Unchanged: 600")


def test_without_a_version_it_installs_and_computes_the_shipped_default(world):
    report = json.loads(run("compute", "--json"))

    assert report["version"] == "2026.1"
    # The invented world has no deprivation figures: everyone is left out, and says why.
    assert report["rows"] == 0
    assert report["left_out"]["E06000001"].startswith("Area E06000001: no figure for employment")


def test_an_unknown_version_is_refused(world):
    with pytest.raises(CommandError, match=r"There is no neighbour model 9\.9\."):
        run("compute", "--model", "9.9")

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("neighbours", "compute", "--model", "9.9", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"ok": False, "error": "There is no neighbour model 9.9."}


def test_it_shows_a_bodys_neighbours_as_json(model):
    run("compute", "--model", "t1")

    shown = json.loads(run("show", "E06000001", "e07000001", "--model", "t1", "--json"))

    assert shown["model"] == "t1"
    assert [b["gss_code"] for b in shown["bodies"]] == ["E06000001", "E07000001"]
    body = shown["bodies"][0]
    assert body["name"] == "Area E06000001" and len(body["neighbours"]) == 15
    first = body["neighbours"][0]
    assert first["rank"] == 1 and first["gss_code"].startswith("E06")
    assert first["name"] == f"Area {first['gss_code']}"
    assert 0 < first["rebased"] <= 1
    assert sum(first["parts"].values()) == pytest.approx(first["distance"], abs=1e-9)
    assert sum(first["shares"].values()) == pytest.approx(1)
    assert first["why"].startswith("closest on ")


def test_it_shows_every_body_in_words(model):
    run("compute", "--model", "t1")

    text = run("show", "--model", "t1")

    assert text.count(", model t1") == 40
    assert "   1. Area E06" in text and "rebased" in text and "closest on" in text
    assert "crime " in text and "%" in text


def test_show_uses_the_default_computed_version(model):
    run("compute", "--model", "t1")

    shown = json.loads(run("show", "E06000002", "--json"))

    assert shown["model"] == "t1"  # the only one computed


def test_show_says_when_there_is_nothing_to_show(model):
    with pytest.raises(CommandError, match="No neighbours have been computed yet"):
        run("show", "E06000001")

    run("compute", "--model", "t1")
    with pytest.raises(CommandError, match="E10000001: no neighbours under model t1"):
        run("show", "E10000001", "--model", "t1")
