"""The partnership dashboard's controls."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlencode

from django import forms

from vfmhub.accounts.models import User
from vfmhub.assessments.selectors.dashboard import SOURCE_LABELS, dashboard_choices
from vfmhub.assessments.selectors.distribution import DEFAULT_THRESHOLD, SOURCE_FINAL, SOURCES
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib.years import financial_year_label, financial_year_of
from vfmhub.organisations.models import Partnership

SHIFT_CHOICES = [(0, "As recorded"), (-1, "One level lower"), (1, "One level higher")]
FIELDS = ("version", "year", "source", "shift", "threshold")


@dataclass(frozen=True)
class DashboardChoice:
    version: FrameworkVersion
    year: int
    source: str
    shift: int
    threshold: int


class DashboardForm(forms.Form):
    """The dashboard's GET controls. A missing or unusable value falls back to its default
    (the latest version and year with visible assessments, final scores, as recorded, level 3)."""

    version = forms.ChoiceField(label="Framework version")
    year = forms.TypedChoiceField(label="Year", coerce=int)
    source = forms.ChoiceField(
        label="Scores", choices=[(s, SOURCE_LABELS[s]) for s in SOURCES], widget=forms.RadioSelect
    )
    shift = forms.TypedChoiceField(
        label="Project scores", choices=SHIFT_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    threshold = forms.TypedChoiceField(label="Share at or above", coerce=int)

    def __init__(
        self,
        query: Mapping[str, str],
        *,
        versions: list[FrameworkVersion],
        levels: dict[int, list[int]],
        latest_years: dict[int, int],
        today: datetime.date,
    ):
        self.versions = {str(v.pk): v for v in versions}
        version = self.versions.get(str(query.get("version"))) or _default_version(
            versions, latest_years
        )
        self.defaults = _defaults(version, levels, latest_years, today)
        values = {name: query.get(name) or self.defaults[name] for name in FIELDS}
        super().__init__(values)
        self._choices("version", [(key, v.name) for key, v in self.versions.items()])
        if version is not None:
            self._limit_choices(version, levels.get(version.pk, []), today)
        if not self.is_valid():
            for name in self.errors:
                values[name] = self.defaults[name]
            self._errors = None  # validate again with the defaults in place
        self.choice = self._choice(version)

    @classmethod
    def for_partnership(
        cls, user: User, partnership: Partnership, query: Mapping[str, str], *, today: datetime.date
    ) -> "DashboardForm":
        """Three queries: the versions `user` may see, their levels, the years assessed."""
        choices = dashboard_choices(user, partnership, today)
        return cls(
            query,
            versions=choices.versions,
            levels=choices.levels,
            latest_years=choices.latest_years,
            today=today,
        )

    def _limit_choices(self, version: FrameworkVersion, values: list[int], today: datetime.date):
        last = max(version.last_year or financial_year_of(today), self.defaults["year"])
        first = min(version.first_year, self.defaults["year"])
        self._choices("year", [(y, financial_year_label(y)) for y in range(last, first - 1, -1)])
        self._choices(
            "threshold",
            [(v, f"Level {v} or above") for v in values or [DEFAULT_THRESHOLD]],
        )

    def _choices(self, name: str, choices: list[tuple]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def _choice(self, version: FrameworkVersion | None) -> DashboardChoice | None:
        if version is None or not self.is_valid():
            return None
        data = self.cleaned_data
        return DashboardChoice(
            version=self.versions[data["version"]],
            year=data["year"],
            source=data["source"],
            shift=data["shift"],
            threshold=data["threshold"],
        )

    def query_string(self) -> str:
        """The choices as a query string, for the download links and the targets pages."""
        if self.choice is None:
            return ""
        choice = self.choice
        return urlencode(
            {
                "version": choice.version.pk,
                "year": choice.year,
                "source": choice.source,
                "shift": choice.shift,
                "threshold": choice.threshold,
            }
        )


def _default_version(
    versions: list[FrameworkVersion], latest_years: dict[int, int]
) -> FrameworkVersion | None:
    """The version with the most recent visible assessments, else the newest version."""
    assessed = [v for v in versions if v.pk in latest_years]
    if assessed:
        return max(assessed, key=lambda v: (latest_years[v.pk], v.first_year, v.pk))
    return max(versions, key=lambda v: (v.first_year, v.pk), default=None)


def _defaults(
    version: FrameworkVersion | None,
    levels: dict[int, list[int]],
    latest_years: dict[int, int],
    today: datetime.date,
) -> dict:
    if version is None:
        return {"version": "", "year": "", "source": SOURCE_FINAL, "shift": 0, "threshold": ""}
    values = levels.get(version.pk, [])
    threshold = DEFAULT_THRESHOLD
    if values and threshold not in values:
        threshold = values[len(values) // 2]
    year = latest_years.get(version.pk)
    if year is None:
        current = financial_year_of(today)
        year = max(version.first_year, min(version.last_year or current, current))
    return {
        "version": str(version.pk),
        "year": year,
        "source": SOURCE_FINAL,
        "shift": 0,
        "threshold": threshold,
    }
