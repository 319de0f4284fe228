from decimal import Decimal

import pytest

from vfmhub.lib.money import format_pounds, to_pounds


@pytest.mark.parametrize(
    ("text", "pounds"),
    [
        ("1234.5", "1234.50"),
        ("£1,234.50", "1234.50"),
        ("(1,234.50)", "-1234.50"),
        (" 12 ", "12.00"),
        (1234.005, "1234.01"),
        (Decimal("0.005"), "0.01"),
        ("999999999999.99", "999999999999.99"),
    ],
)
def test_it_reads_amounts_as_councils_write_them(text, pounds):
    assert to_pounds(text) == Decimal(pounds)


@pytest.mark.parametrize(
    "text",
    ["1e30", "1e999999", "-1e999999", "12345678901234567890123", "1000000000000", Decimal("1e40")],
)
def test_it_refuses_amounts_too_large_for_a_money_column(text):
    with pytest.raises(ValueError, match="too large: amounts of money go up to £999,999,999,999"):
        to_pounds(text)


@pytest.mark.parametrize("text", ["NaN", "nan", "Infinity", "-inf", "sNaN", "", "12.3.4", "ten"])
def test_it_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValueError, match="is not an amount of money"):
        to_pounds(text)


def test_a_narrower_column_has_a_lower_limit():
    assert to_pounds("9999999999.99", max_digits=12) == Decimal("9999999999.99")
    with pytest.raises(ValueError, match="up to £9,999,999,999"):
        to_pounds("10000000000", max_digits=12)


def test_it_shows_pounds_in_units():
    assert format_pounds(Decimal("851597")) == "£851,597.00"
    assert format_pounds(Decimal("851597"), unit="k") == "£852k"
    assert format_pounds(Decimal("-1250000"), unit="m") == "-£1.3m"
