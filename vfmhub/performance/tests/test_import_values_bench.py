"""The values import's bench helper, small: the file it builds imports cleanly and again adds
nothing. (The 100,000-row figure is measured by `make bench`.)"""

import pytest

from vfmhub.performance.importing.values.bench import values_bench_file, values_import_seconds
from vfmhub.performance.models import IndicatorValue
from vfmhub.performance.tests.test_import_values import indicator_make, organisation_make


@pytest.fixture
def library(db):
    indicators = [indicator_make(f"PI{n}", frequency="month") for n in range(3)]
    organisations = [organisation_make(f"E0600090{n}", f"Council {n}") for n in range(2)]
    return indicators, organisations


def test_it_builds_a_file_of_the_rows_asked_for(library):
    content = values_bench_file(library[0], library[1], rows=500)

    assert content.count(b"\n") == 501


def test_its_file_imports_and_imports_again_adding_nothing(library):
    seconds, result = values_import_seconds(library[0], library[1], rows=2000)

    assert result.errors == [] and result.created == 2000 and seconds > 0
    # 12 (area, indicator) pairs a month, comparators last: 166 months of 6, then 2 of 8
    assert result.comparators == 166 * 6 + 2
    _, again = values_import_seconds(library[0], library[1], rows=2000)
    assert (again.created, again.unchanged) == (0, 2000)
    assert IndicatorValue.objects.count() == 2000
