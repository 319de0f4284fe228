"""Forms for efficiency pages: a programme's set-up, the gains register, the return form,
uploading a returns file and chasing a return (the dashboard's controls are with the dashboard,
`selectors/dashboard/filters.py`). GOV.UK markup comes from the
project's form renderer."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms

from vfmhub.core.forms import MoneyField, UploadField, YearField
from vfmhub.efficiency.models import (
    EfficiencyProgramme,
    Gain,
    GainCategory,
    Rating,
    ReturnKind,
    TargetMethod,
)
from vfmhub.efficiency.selectors.other_bodies import other_bodies_that_could_join
from vfmhub.efficiency.selectors.programmes import eligible_organisations, participant_ids
from vfmhub.efficiency.services.other_bodies import OTHER_BODY_TYPES
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"})
RATING_HINTS = {
    "G": "On track with clearly identified plans to generate the savings target.",
    "A": "Some risk to achieving the target as a result of either uncertainties surrounding "
    "where the savings will arise or risks associated with the savings project. However, vast "
    "majority of savings are achievable.",
    "R": "Significant risks associated with achieving the target.",
}
RATING_HINT = " ".join(f"{label}: {RATING_HINTS[value]}" for value, label in Rating.choices)
USE_REGISTER = "register"
USE_TOTAL = "total"
TOTAL_REQUIRED = "Enter the cumulative value, or choose to use the gains register."
RATING_BEFORE_YEAR = "Rate only the year of the return and later years."


def _text(rows: int = 4, **kwargs) -> forms.CharField:
    return forms.CharField(widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def _year_choices(years) -> list[tuple[int, str]]:
    return [(y, financial_year_label(y)) for y in years]


def versioned(data: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """A `VersionedForm`'s values without its stamp, and the stamp (None when blank)."""
    values = dict(data)
    return values, values.pop("version_stamp", None) or None


class VersionedForm(forms.Form):
    """Carries the `updated_at` the page was opened with, so a stale save is refused."""

    version_stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def values(self) -> tuple[dict[str, Any], str | None]:
        return versioned(self.cleaned_data)


class ProgrammeForm(VersionedForm):
    name = forms.CharField(max_length=200)
    indicator_code = forms.CharField(max_length=40, initial="NI 179", label="Indicator")
    indicator_definition = _text(required=False, help_text="Leave blank for the NI 179 definition.")
    baseline_year = YearField(help_text="The starting year, such as 2007 for 2007/08.")
    first_year = YearField(label="First year covered")
    last_year = YearField(label="Last year covered")
    method = forms.ChoiceField(
        choices=TargetMethod.choices,
        widget=forms.RadioSelect,
        label="How yearly targets make cumulative targets",
    )
    description = _text(required=False)

    def __init__(self, *args, programme: EfficiencyProgramme | None = None, **kwargs):
        if programme is not None:
            initial = {f: getattr(programme, f) for f in self.base_fields if f != "version_stamp"}
            initial["version_stamp"] = programme.updated_at.isoformat()
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)


class TargetsForm(VersionedForm):
    """One target percentage per programme year (3, 3, 3.4 in seed 003), versioned by the
    programme's `updated_at` (setting targets moves it on)."""

    def __init__(self, *args, programme: EfficiencyProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version_stamp"].initial = programme.updated_at.isoformat()
        current = {t.year: t.percent for t in programme.year_targets.all()}
        for year in programme.years:
            self.fields[f"target_{year}"] = forms.DecimalField(
                label=f"Target for {financial_year_label(year)} (% of baseline)",
                max_digits=5,
                decimal_places=2,
                min_value=0,
                required=False,
                initial=current.get(year),
            )

    def percents(self) -> dict[int, Decimal | None]:
        data, _ = self.values()
        return {int(name.split("_")[1]): value for name, value in data.items()}


class DeadlinesForm(forms.Form):
    """When each year's forecast, mid-year and outturn returns are due (blank: none expected)."""

    def __init__(self, *args, programme: EfficiencyProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        current = {(d.year, d.kind): d.due_on for d in programme.deadlines.all()}
        for year in programme.years:
            for kind, label in ReturnKind.choices:
                self.fields[f"due_{year}_{kind}"] = forms.DateField(
                    label=f"{label} return for {financial_year_label(year)} due",
                    required=False,
                    widget=DATE,
                    initial=current.get((year, kind)),
                )

    def deadlines(self) -> list[tuple[int, str, datetime.date | None]]:
        found = []
        for name, value in self.cleaned_data.items():
            _, year, kind = name.split("_", 2)
            found.append((int(year), kind, value))
        return found


class ParticipantsForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Bodies taking part",
    )

    def __init__(self, *args: Any, programme: EfficiencyProgramme, **kwargs: Any):
        kwargs.setdefault("initial", {"organisations": participant_ids(programme)})
        super().__init__(*args, **kwargs)
        members = eligible_organisations(programme)
        self.fields["organisations"].queryset = members  # type: ignore[attr-defined]


class BodySetupForm(forms.Form):
    """A body's baselines, carry-forward and tax base, set by the programme's manager."""

    baseline_year = YearField()
    total = MoneyField(label="Whole-body baseline (£)", required=False)
    fire = MoneyField(label="Fire services baseline (£)", required=False)
    non_fire = MoneyField(label="Baseline for services other than fire (£)", required=False)
    baseline_source = forms.CharField(max_length=300, required=False, label="Source of baseline")
    carry_forward = MoneyField(label="Carry-forward from the previous programme (£)", initial=0)
    carry_forward_source = forms.CharField(max_length=300, required=False)
    tax_base_year = YearField(required=False)
    band_d_equivalents = forms.DecimalField(
        label="Council tax base (Band D equivalents)",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )


class CategoryForm(forms.Form):
    name = forms.CharField(max_length=200, label="Category or workstream")

    def __init__(self, *args: Any, programme: EfficiencyProgramme, **kwargs: Any):
        super().__init__(*args, **kwargs)  # a category of `programme`: nothing to set up


class GainForm(VersionedForm):
    description = _text(rows=3)
    category = forms.ModelChoiceField(
        queryset=GainCategory.objects.none(), required=False, label="Category or workstream"
    )
    project_label = forms.CharField(max_length=200, required=False, label="Project (optional)")
    first_year = forms.TypedChoiceField(coerce=int, label="First year of impact")
    gross_annual_value = MoneyField(label="Gross annual cash-releasing value (£)")
    investment_cost = MoneyField(label="Annualised investment cost (£)", initial=0)
    ongoing_cost = MoneyField(label="Ongoing cost (£)", initial=0)
    is_cash_releasing = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Is it cash-releasing?",
        help_text="Non-cash gains are recorded but never count towards the indicator.",
    )
    evidence = _text(required=False)

    def __init__(
        self, *args: Any, programme: EfficiencyProgramme, gain: Gain | None = None, **kwargs: Any
    ):
        if gain is not None:
            initial = {f: getattr(gain, f) for f in self.base_fields if f != "version_stamp"}
            initial["category"] = gain.category_id
            initial["is_cash_releasing"] = "yes" if gain.is_cash_releasing else "no"
            initial["version_stamp"] = gain.updated_at.isoformat()
            kwargs.setdefault("initial", initial)
        else:
            kwargs.setdefault("initial", {"is_cash_releasing": "yes"})
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = programme.categories.all()  # type: ignore[attr-defined]
        self.fields["first_year"].choices = _year_choices(programme.years)  # type: ignore[attr-defined]


class GainRemoveForm(VersionedForm):
    removed_from_year = forms.TypedChoiceField(coerce=int, label="First year it no longer counts")
    removed_on = forms.DateField(widget=DATE, label="Date removed")
    reason = _text(rows=3, help_text="Why the gain no longer persists.")

    def __init__(self, *args, gain, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version_stamp"].initial = gain.updated_at.isoformat()
        years = range(gain.first_year + 1, gain.programme.last_year + 2)
        self.fields["removed_from_year"].choices = _year_choices(years)  # type: ignore[attr-defined]


class GainConfirmForm(VersionedForm):
    confirmed_on = forms.DateField(widget=DATE, label="Date checked as sustained")

    def __init__(self, *args: Any, gain: Gain, **kwargs: Any):
        initial = {"confirmed_on": clock.today(), "version_stamp": gain.updated_at.isoformat()}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)


class ReturnForm(forms.Form):
    year = forms.TypedChoiceField(coerce=int, label="Year of the return")
    kind = forms.ChoiceField(choices=ReturnKind.choices, widget=forms.RadioSelect)
    value_source = forms.ChoiceField(
        choices=[(USE_REGISTER, "Use the gains register"), (USE_TOTAL, "Enter a total")],
        widget=forms.RadioSelect,
        label="Cumulative value",
        initial=USE_REGISTER,
    )
    reported_value = MoneyField(label="Cumulative value reported (£)", required=False)
    narrative = _text(required=False)
    # The draft the page was opened on ("2008 outturn") and its `updated_at`: saving over a draft
    # someone else saved since is refused. Another year or kind has nothing to compare with.
    draft_of = forms.CharField(widget=forms.HiddenInput, required=False)
    version_stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, programme: EfficiencyProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["year"].choices = _year_choices(programme.years)  # type: ignore[attr-defined]
        for year in programme.years:
            self.fields[f"rating_{year}"] = forms.ChoiceField(
                choices=[("", "Not rated"), *Rating.choices],
                required=False,
                label=f"Forecast rating for {financial_year_label(year)}",
                help_text=RATING_HINT,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("value_source") == USE_TOTAL and data.get("reported_value") is None:
            self.add_error("reported_value", TOTAL_REQUIRED)
        year = data.get("year")
        for rated in self.programme.years:
            if year is not None and rated < year and data.get(f"rating_{rated}"):
                self.add_error(f"rating_{rated}", RATING_BEFORE_YEAR)
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        use_total = data["value_source"] == USE_TOTAL
        return {
            "year": data["year"],
            "kind": data["kind"],
            "reported_value": data["reported_value"] if use_total else None,
            "narrative": data["narrative"],
            "ratings": {y: data.get(f"rating_{y}") for y in self.programme.years},
            "expected_updated_at": self._opened_stamp(),
        }

    def _opened_stamp(self) -> str | None:
        data = self.cleaned_data
        if data.get("draft_of") != draft_key(data["year"], data["kind"]):
            return None
        return data.get("version_stamp") or None


def draft_key(year: int, kind: str) -> str:
    """Which draft a return form's `version_stamp` belongs to."""
    return f"{year} {kind}"


class ReturnsImportForm(forms.Form):
    file = UploadField(
        label="Returns file",
        help_text="An Excel workbook (.xlsx or .xls) or CSV file with one row per body: body "
        "(name, short name, GSS code or alias), whether it returned (Y/N), year, kind (forecast "
        'if left out), cumulative value (£), a rating column per year (such as "RAG 2009/10") '
        "and narrative. Only the body and either a value or the ratings are needed.",
    )
    sheet = forms.CharField(
        max_length=100,
        required=False,
        label="Sheet to read (optional)",
        help_text="Leave blank to read the sheet that fits best.",
    )


class GainsImportForm(forms.Form):
    file = UploadField(
        label="Gains register",
        help_text="An Excel workbook (.xlsx or .xls) or CSV file with one row per gain: "
        "description, category, first year, gross value, investment, ongoing, cash-releasing "
        "(yes or no), project and evidence. Only the description, first year and gross value "
        "are needed.",
    )
    sheet = forms.CharField(
        max_length=100,
        required=False,
        label="Sheet to read (optional)",
        help_text="Leave blank to read the sheet that fits best.",
    )


class OtherBodyForm(forms.Form):
    """A police body, primary care trust or other body outside the register joining."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Body")

    def __init__(self, *args: Any, programme: EfficiencyProgramme, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = other_bodies_that_could_join(programme)  # type: ignore[attr-defined]


class NewOtherBodyForm(forms.Form):
    """A body outside the councils' register, not yet on the site, joining a programme."""

    name = forms.CharField(max_length=200, label="Name", help_text="Such as Leicester City PCT.")
    body_type = forms.ChoiceField(
        label="Kind of body",
        choices=[(t.value, t.label) for t in OTHER_BODY_TYPES],
        widget=forms.RadioSelect,
    )
    gss_code = forms.CharField(
        max_length=9,
        required=False,
        label="GSS code (optional)",
        help_text="Such as E23000021 for a police force area. Leave it empty if it has none.",
    )

    def clean_gss_code(self) -> str:
        code = self.cleaned_data["gss_code"].strip().upper()
        if code and Organisation.objects.filter(gss_code=code).exists():
            raise forms.ValidationError("A body with this GSS code is already recorded.")
        return code


class BodyAliasForm(forms.Form):
    """Another name the partnership's files give one of the programme's bodies."""

    name = forms.CharField(
        max_length=200,
        label="Name used in the files",
        help_text="Such as County Council or City PCT.",
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Body it stands for"
    )

    def __init__(self, *args: Any, programme: EfficiencyProgramme, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            efficiency_participations__programme=programme
        ).order_by("name")


class ChaseForm(forms.Form):
    year = YearField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=ReturnKind.choices, widget=forms.HiddenInput)
    message = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 6}))
