"""The NI 179 arithmetic (acceptance: the two worked examples of cumulative targets)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from vfmhub.efficiency import calculations as calc

D = Decimal


@dataclass
class FakeGain:
    gross_annual_value: Decimal
    first_year: int = 2008
    investment_cost: Decimal = Decimal(0)
    ongoing_cost: Decimal = Decimal(0)
    is_cash_releasing: bool = True
    removed_from_year: int | None = None
    persistence_confirmed_on: datetime.date | None = None

    @property
    def net_annual_value(self) -> Decimal:
        return self.gross_annual_value - self.investment_cost - self.ongoing_cost


def rounded(values):
    return [calc.round_percent(v) for v in values]


def test_it_adds_seed_003_targets_to_9_4_percent():
    cumulative = calc.cumulative_target_percents([D(3), D(3), D("3.4")], "added")
    assert rounded(cumulative) == [D("3.0"), D("6.0"), D("9.4")]
    assert calc.target_amounts(D("10000000"), cumulative) == [
        D("300000.00"),
        D("600000.00"),
        D("940000.00"),
    ]


def test_it_compounds_national_targets_to_9_3_percent():
    cumulative = calc.cumulative_target_percents([D(3), D(3), D(3)], "compounded")
    assert rounded(cumulative) == [D("3.0"), D("6.1"), D("9.3")]
    assert cumulative[2] == D("9.272700")
    # £ targets use the unrounded percent: 1.03³ − 1 of £10m.
    assert calc.target_amounts(D("10000000"), cumulative) == [
        D("300000.00"),
        D("609000.00"),
        D("927270.00"),
    ]


def test_it_refuses_an_unknown_method():
    with pytest.raises(ValueError, match="Unknown target method"):
        calc.cumulative_target_percents([D(3)], "averaged")


def test_it_rounds_half_up_to_one_place():
    assert calc.round_percent(D("6.05")) == D("6.1")
    assert calc.round_percent(D("6.04")) == D("6.0")


def test_it_counts_a_gain_from_its_first_year_until_removed():
    gain = FakeGain(D(100), first_year=2009, removed_from_year=2011)
    assert [calc.gain_counts_in(gain, y) for y in (2008, 2009, 2010, 2011)] == [
        False,
        True,
        True,
        False,
    ]


def test_it_never_counts_non_cash_gains():
    gains = [FakeGain(D(100)), FakeGain(D(500), is_cash_releasing=False)]
    assert calc.cumulative_value(gains, 2009) == D(100)


def test_it_nets_costs_and_adds_carry_forward():
    gains = [FakeGain(D(1000), investment_cost=D(200), ongoing_cost=D(50))]
    assert calc.cumulative_value(gains, 2008, carry_forward=D(25)) == D(775)
    assert calc.cumulative_value([], 2008, carry_forward=D(25)) == D(25)


def test_it_flags_a_gain_not_persisted_two_full_years():
    gain = FakeGain(D(100), first_year=2008)
    assert calc.persistence_check_date(gain) == datetime.date(2011, 3, 31)
    assert not calc.persistence_check_due(gain, datetime.date(2011, 3, 31))
    assert calc.persistence_check_due(gain, datetime.date(2011, 4, 1))
    assert calc.persistence_status(gain, datetime.date(2011, 4, 1)) == "due"
    assert calc.persistence_status(gain, datetime.date(2011, 1, 15)) == "coming"
    assert calc.persistence_status(gain, datetime.date(2010, 1, 15)) == "live"


def test_the_check_falls_due_from_the_third_year_after_the_first():
    # 2011/12 begins on 1 April 2011: gains first counting in 2008/09 or earlier are due then.
    assert calc.last_first_year_due(datetime.date(2011, 3, 31)) == 2007
    assert calc.last_first_year_due(datetime.date(2011, 4, 1)) == 2008
    # Within 90 days of 31 March 2011 the 2008/09 gains' check is coming; before, none is.
    assert calc.first_year_coming(datetime.date(2011, 1, 1)) == 2008
    assert calc.first_year_coming(datetime.date(2010, 12, 30)) is None
    assert calc.check_date_of(2008) == datetime.date(2011, 3, 31)


def test_it_does_not_flag_confirmed_or_removed_gains():
    later = datetime.date(2012, 1, 1)
    confirmed = FakeGain(D(100), persistence_confirmed_on=datetime.date(2011, 4, 2))
    removed = FakeGain(D(100), removed_from_year=2010)
    assert not calc.persistence_check_due(confirmed, later)
    assert not calc.persistence_check_due(removed, later)
    assert calc.persistence_status(removed, later) == "removed"


def test_it_shows_council_tax_bill_figures():
    assert calc.percent_of_baseline(D("940000"), D("10000000")) == D("9.4")
    assert calc.percent_of_baseline(D(1), None) is None
    assert calc.per_band_d(D("940000"), D("37600.5")) == D(25)
    assert calc.per_band_d(D("940000"), None) is None
    assert calc.average([D(10), None, D(13)]) == D(12)
    assert calc.average([None]) is None
