"""The 2008/09 review sheet as the partnership holds it (issue 13, acceptance): one row per body
named as the review names them, Returned (Y/N), a rating column per year, no values. Seven
returned and six did not; the dashboard then shows the review's table and the six by name."""

from pathlib import Path

import pytest

from vfmhub.audit.models import AuditEvent
from vfmhub.efficiency.importing import returns_import
from vfmhub.efficiency.models import EfficiencyReturn, ReturnRating
from vfmhub.efficiency.selectors.dashboard import NOT_RATED, programme_dashboard
from vfmhub.efficiency.tests.review003 import make_review_programme
from vfmhub.efficiency.tests.seed003 import MISSING, RETURNED
from vfmhub.efficiency.tests.test_dashboard import TODAY

FIXTURES = Path(__file__).parent / "fixtures"
WIDE = "review_seed003_wide.xlsx"
CP1252 = "review_seed003_cp1252.csv"


def _import(personas, seed, name: str, content: bytes | None = None, **kwargs):
    return returns_import(
        acting_user=personas.partnership_manager,
        programme=seed.programme,
        content=content if content is not None else (FIXTURES / name).read_bytes(),
        filename=name,
        **kwargs,
    )


def _assert_the_reviews_dashboard(seed) -> None:
    dashboard = programme_dashboard(seed.programme, today=TODAY)
    assert dashboard.year == 2009
    counts = {row.year: row.counts for row in dashboard.ratings}
    assert counts == {
        2009: {"G": 0, "A": 6, "R": 1, NOT_RATED: 0},
        2010: {"G": 0, "A": 5, "R": 2, NOT_RATED: 0},
        2011: {"G": 0, "A": 4, "R": 1, NOT_RATED: 2},
    }
    assert set(dashboard.ratings[2].cell(NOT_RATED).bodies) == {
        "Melton Borough Council",
        "Leicestershire County Council",
    }
    assert [r.name for r in dashboard.missing] == [
        "Blaby District Council",
        "Charnwood Borough Council",
        "Harborough District Council",
        "Leicester City PCT",
        "Leicestershire County PCT",
        "Leicestershire Fire and Rescue Authority",
    ]
    assert [r.name for r in dashboard.received] == sorted(RETURNED)


@pytest.mark.parametrize("name", [WIDE, CP1252])
def test_it_imports_the_review_with_ratings_only(personas, name):
    seed = make_review_programme(personas)

    result = _import(personas, seed, name)

    assert result.errors == []
    assert (result.created, result.updated, result.saved) == (7, 0, True)
    assert result.missing == sorted(MISSING)
    assert result.sheet == ("Review" if name == WIDE else "")
    returns = EfficiencyReturn.objects.filter(programme=seed.programme)
    assert {(r.year, r.kind, r.reported_value) for r in returns} == {(2009, "forecast", None)}
    _assert_the_reviews_dashboard(seed)


def test_the_same_review_twice_changes_nothing(personas):
    seed = make_review_programme(personas)
    _import(personas, seed, WIDE)
    events = AuditEvent.objects.count()

    again = _import(personas, seed, CP1252)

    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 7)
    assert not again.changed
    assert EfficiencyReturn.objects.count() == 7
    assert AuditEvent.objects.count() == events
    _assert_the_reviews_dashboard(seed)


def test_it_lists_names_it_cannot_match_with_the_closest_bodies(personas):
    seed = make_review_programme(personas, with_aliases=False)

    result = _import(personas, seed, WIDE)

    advice = " Add the name as an alias of the right body, or correct the file."
    unknown = "No body in this programme has the name, GSS code or alias "
    assert [str(e) for e in result.errors] == [
        f"Review sheet, row 6, column A (Body): {unknown}'City Council'. "
        f"Was it Leicester City Council?{advice}",
        f"Review sheet, row 7, column A (Body): {unknown}'Police'. "
        f"Was it Leicestershire Police Authority?{advice}",
        f"Review sheet, row 12, column A (Body): {unknown}'County Council'. "
        f"Was it Leicestershire County Council?{advice}",
        f"Review sheet, row 16, column A (Body): {unknown}'Fire Authority'. "
        f"Was it Leicestershire Fire and Rescue Authority?{advice}",
        f"Review sheet, row 17, column A (Body): {unknown}'County PCT'. "
        f"Was it Leicestershire County PCT?{advice}",
        f"Review sheet, row 18, column A (Body): {unknown}'City PCT'. "
        f"Was it Leicester City PCT?{advice}",
    ]
    assert not result.saved
    assert not EfficiencyReturn.objects.exists()
    assert not ReturnRating.objects.exists()
