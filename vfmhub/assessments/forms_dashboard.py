"""Forms for the partnership dashboard's controls and for score targets."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast
from urllib.parse import urlencode

from django import forms

from vfmhub.assessments.dashboard import (
    DEFAULT_THRESHOLD,
    SOURCE_FINAL,
    SOURCE_LABELS,
    SOURCES,
    assessed_version_years,
)
from vfmhub.assessments.models import TargetKind
from vfmhub.frameworks.access import visible_versions_filter
from vfmhub.frameworks.models import Criterion, FrameworkVersion, ScaleLevel
from vfmhub.lib.years import financial_year_label, financial_year_of
from vfmhub.organisations.models import BodyType, Partnership

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
        cls, user, partnership: Partnership, query: Mapping[str, str], *, today: datetime.date
    ) -> "DashboardForm":
        """Three queries: the versions `user` may see, their levels, the years assessed."""
        versions = list(
            FrameworkVersion.objects.filter(visible_versions_filter(user)).select_related(
                "framework"
            )
        )
        levels: dict[int, list[int]] = {}
        for version_id, value in (
            ScaleLevel.objects.filter(scale__version__in=versions)
            .order_by("value")
            .values_list("scale__version_id", "value")
        ):
            levels.setdefault(version_id, []).append(value)
        latest_years = assessed_version_years(partnership, today)
        return cls(query, versions=versions, levels=levels, latest_years=latest_years, today=today)

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


class ScoreTargetForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of target", choices=TargetKind.choices, widget=forms.RadioSelect
    )
    level = forms.DecimalField(
        label="Level (N)",
        max_digits=4,
        decimal_places=2,
        help_text="Such as 3. An average target may use a fraction, such as 2.5.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )
    share_percent = forms.DecimalField(
        label="Percentage of members (X)",
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text="Only for “X% of members at level N or above”, such as 75.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )
    criteria = forms.ModelMultipleChoiceField(
        queryset=Criterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for the overall score.",
    )
    body_types = forms.MultipleChoiceField(
        label="Which members",
        choices=BodyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every member, or tick some, such as shire districts.",
    )
    due_date = forms.DateField(label="Due by", widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label="Description (optional)",
        max_length=300,
        required=False,
        help_text="Such as “RIEP target: all authorities to achieve level 3”.",
    )

    def __init__(self, *args, version: FrameworkVersion, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = self.fields["criteria"]
        criteria.queryset = version.criteria.order_by("theme__order", "order", "code")  # type: ignore[attr-defined]
        noun = version.criterion_noun_plural
        criteria.label = noun[:1].upper() + noun[1:]  # "KLOEs", not "Kloes"
