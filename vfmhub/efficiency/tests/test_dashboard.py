"""The programme dashboard's figures (acceptance 3: seed 003's situation) and its query count."""

import datetime
from decimal import Decimal

import pytest

from vfmhub.efficiency.models import ReturnStatus
from vfmhub.efficiency.selectors.dashboard import NOT_RATED, programme_dashboard
from vfmhub.efficiency.tests.seed003 import MISSING, RETURNED, make_seed_003, submitted_return

TODAY = datetime.date(2009, 11, 20)


@pytest.fixture
def seed(personas):
    return make_seed_003(personas)


def _names(cell) -> set[str]:
    return set(cell.bodies)


def test_it_counts_seed_003_returns_received_and_missing(seed):
    dashboard = programme_dashboard(seed.programme, today=TODAY)

    assert dashboard.year == 2009
    assert dashboard.participant_count == 13
    assert [r.name for r in dashboard.received] == sorted(RETURNED)
    assert [r.name for r in dashboard.missing] == sorted(MISSING)
    assert all(r.is_overdue for r in dashboard.missing)
    assert not any(r.is_late for r in dashboard.received)


def test_it_counts_seed_003_ratings_by_year_with_names(seed):
    dashboard = programme_dashboard(seed.programme, today=TODAY)

    counts = {row.year: row.counts for row in dashboard.ratings}
    assert counts == {
        2009: {"G": 0, "A": 6, "R": 1, NOT_RATED: 0},
        2010: {"G": 0, "A": 5, "R": 2, NOT_RATED: 0},
        2011: {"G": 0, "A": 4, "R": 1, NOT_RATED: 2},
    }
    row_2011 = dashboard.ratings[2]
    assert _names(row_2011.cell(NOT_RATED)) == {
        "Melton Borough Council",
        "Leicestershire County Council",
    }
    assert _names(row_2011.cell("R")) == {"Oadby and Wigston Borough Council"}
    assert _names(dashboard.ratings[0].cell("R")) == {"Leicestershire County Council"}


def test_it_ignores_drafts_and_superseded_versions(seed):
    blaby = seed.bodies["Blaby District Council"]
    submitted_return(seed.programme, blaby, Decimal(1), {2009: "G"}, status=ReturnStatus.DRAFT)
    melton = seed.bodies["Melton Borough Council"]
    submitted_return(seed.programme, melton, Decimal(5), {2009: "G"}, version=2, is_current=False)

    dashboard = programme_dashboard(seed.programme, today=TODAY)

    assert len(dashboard.received) == 7
    assert "Blaby District Council" in {r.name for r in dashboard.missing}
    assert dashboard.ratings[0].counts["G"] == 0


def test_it_sums_achieved_against_target(seed):
    dashboard = programme_dashboard(seed.programme, today=TODAY)

    # 13 baselines: 300+180+20+20+10+10+400 + 20+30+20+40+600+400 = 2,050 £m
    assert dashboard.aggregate_baseline == Decimal(2_050_000_000)
    # 9.6 + 5.4 + 0.62 + 0.68 + 0.15 + 0.2 + 14 = 30.65 £m
    assert dashboard.achieved == Decimal("30650000.00")
    assert dashboard.achieved_percent == Decimal("1.5")
    assert [(t.year, t.percent) for t in dashboard.targets] == [
        (2009, Decimal("3.0")),
        (2010, Decimal("6.0")),
        (2011, Decimal("9.4")),
    ]
    assert dashboard.target is not None
    assert dashboard.target.amount == Decimal("61500000.00")
    assert dashboard.shortfall == Decimal("30850000.00")


def test_it_lists_bodies_below_the_years_target_by_default(seed):
    dashboard = programme_dashboard(seed.programme, today=TODAY)

    assert dashboard.threshold == Decimal("3.0")
    assert [(b.name, b.percent) for b in dashboard.below_threshold] == [
        ("Oadby and Wigston Borough Council", Decimal("1.5")),
        ("Melton Borough Council", Decimal("2.0")),
    ]
    oadby = dashboard.below_threshold[0]
    assert oadby.difference == Decimal("-1.5")
    assert oadby.target_amount == Decimal("300000.00")
    assert oadby.rating == "A"


def test_it_takes_a_chosen_threshold(seed):
    dashboard = programme_dashboard(seed.programme, threshold=Decimal("1.6"), today=TODAY)

    assert [b.name for b in dashboard.below_threshold] == ["Oadby and Wigston Borough Council"]


def test_it_flags_late_returns(seed):
    late = seed.returns["Melton Borough Council"]
    late.submitted_at = datetime.datetime(2009, 11, 2, 9, 0, tzinfo=datetime.UTC)
    late.save()

    dashboard = programme_dashboard(seed.programme, today=TODAY)

    assert [r.name for r in dashboard.received if r.is_late] == ["Melton Borough Council"]


def test_it_reads_in_constant_queries(seed, personas, django_assert_num_queries):
    def run():
        # 1 participants, 2 baselines, 3 year targets, 4 years with returns, 5 deadline,
        # 6 the year's returns, 7 their ratings (prefetched)
        with django_assert_num_queries(7):
            programme_dashboard(seed.programme, today=TODAY)

    run()
    for name, (_, _, baseline_m) in list(MISSING.items())[:3]:
        submitted_return(
            seed.programme, seed.bodies[name], Decimal(baseline_m * 30_000), {2009: "G"}
        )
    run()
