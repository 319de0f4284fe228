"""One rule for years everywhere: a year between MIN_YEAR (1990) and MAX_YEAR (2100)."""

import pytest
from django.core.exceptions import ValidationError
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from vfmhub.lib.years import (
    MAX_YEAR,
    MIN_YEAR,
    FinancialYear,
    parse_financial_year,
    validate_year,
    year_or_none,
)

NOT_YEARS = [0, 1, 1989, 2101, 71853, 10**30]


def test_the_bounds_are_those_of_the_service():
    assert (MIN_YEAR, MAX_YEAR) == (1990, 2100)


@pytest.mark.parametrize("year", [MIN_YEAR, 2008, MAX_YEAR])
def test_it_accepts_a_year_within_the_bounds(year):
    validate_year(year)
    assert year_or_none(str(year)) == year
    assert TypeAdapter(FinancialYear).validate_python(year) == year


@pytest.mark.parametrize("year", NOT_YEARS)
def test_a_model_field_refuses_a_year_outside_the_bounds(year):
    with pytest.raises(ValidationError) as refused:
        validate_year(year)
    assert refused.value.messages == [f"{year} is not a year between 1990 and 2100."]


@pytest.mark.parametrize("year", NOT_YEARS)
def test_an_api_field_refuses_a_year_outside_the_bounds(year):
    with pytest.raises(PydanticError):
        TypeAdapter(FinancialYear).validate_python(year)


@pytest.mark.parametrize(
    "text", ["", None, "0", "71853", "1989", "2101", "abc", "2009/10", "-2009", "²⁰⁰⁹", " 9" * 30]
)
def test_a_query_value_that_is_not_a_year_is_none(text):
    assert year_or_none(text) is None


def test_a_query_value_may_carry_spaces():
    assert year_or_none(" 2009 ") == 2009


@pytest.mark.parametrize("text", ["1989", "1989/90", "2101-02"])
def test_the_importers_refuse_a_year_outside_the_bounds(text):
    with pytest.raises(ValueError, match="is not a year between 1990 and 2100"):
        parse_financial_year(text)


@pytest.mark.parametrize("text", ["0", "71853"])
def test_the_importers_refuse_what_is_not_a_four_digit_year(text):
    with pytest.raises(ValueError, match="is not a financial year such as 2008/09"):
        parse_financial_year(text)
