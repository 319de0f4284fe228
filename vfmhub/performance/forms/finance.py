"""The finance position's forms: revenue lines and their quarterly forecasts, capital schemes
and their quarterly figures, and the import's upload. A form that edits a record carries the
`updated_at` it was opened with (`version_stamp`), so a stale save is refused."""

from typing import Any

from django import forms

from vfmhub.core.forms import MoneyField, UploadField, YearField

QUARTER_CHOICES = [(1, "Quarter 1 (April to June)"), (2, "Quarter 2 (July to September)")]
QUARTER_CHOICES += [(3, "Quarter 3 (October to December)"), (4, "Quarter 4 (January to March)")]


class VersionedForm(forms.Form):
    version_stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, updated_at: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if updated_at is not None:
            self.fields["version_stamp"].initial = updated_at.isoformat()

    def stamp(self) -> str | None:
        return self.cleaned_data.get("version_stamp") or None


class RevenueLineForm(VersionedForm):
    service = forms.CharField(max_length=200, label="Service")
    cost_centre = forms.CharField(max_length=60, required=False, label="Cost centre (optional)")
    budget = MoneyField(
        min_value=None, label="Budget (£)", help_text="Net budget; income in brackets or with -"
    )
    source = forms.CharField(max_length=200, required=False, label="Source (optional)")


class RevenueLineAddForm(RevenueLineForm):
    year = YearField(label="Financial year", help_text="Its first year: 2024 for 2024/25.")

    field_order = ["year", "service", "cost_centre", "budget", "source"]


class RevenueForecastForm(VersionedForm):
    quarter = forms.TypedChoiceField(choices=QUARTER_CHOICES, coerce=int, label="Quarter")
    forecast_outturn = MoneyField(min_value=None, label="Forecast outturn for the year (£)")
    actual_to_date = MoneyField(min_value=None, required=False, label="Actual to date (£)")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Note")


class CapitalSchemeForm(VersionedForm):
    name = forms.CharField(max_length=200, label="Scheme")
    reference = forms.CharField(max_length=60, required=False, label="Reference (optional)")
    budget = MoneyField(label="Budget (£)")
    source = forms.CharField(max_length=200, required=False, label="Source (optional)")


class CapitalSchemeAddForm(CapitalSchemeForm):
    year = YearField(label="Financial year", help_text="Its first year: 2024 for 2024/25.")

    field_order = ["year", "name", "reference", "budget", "source"]


class CapitalQuarterForm(VersionedForm):
    quarter = forms.TypedChoiceField(choices=QUARTER_CHOICES, coerce=int, label="Quarter")
    spend_to_date = MoneyField(label="Spend to date (£)")
    forecast = MoneyField(label="Forecast for the year (£)")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Note")


class RemoveForm(VersionedForm):
    """The confirmation of a removal, at the version shown."""


class FinanceImportForm(forms.Form):
    year = YearField(label="Financial year", help_text="Its first year: 2024 for 2024/25.")
    file = UploadField(
        label="Budget monitoring file",
        help_text="An Excel workbook (.xlsx or .xls) or CSV file: a revenue budget (service, "
        "cost centre, budget, forecast outturn by quarter, actual to date), a capital programme "
        "(scheme, reference, budget, spend to date, forecast), or a workbook with both.",
    )
    quarter = forms.TypedChoiceField(
        choices=[("", "The file says"), *QUARTER_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        label="Quarter of the figures (optional)",
        help_text="Only needed when the file does not say which quarter its forecasts are for.",
    )
    sheet = forms.CharField(
        max_length=100,
        required=False,
        label="Sheet to read (optional)",
        help_text="Leave blank to read every sheet holding a revenue or capital table.",
    )
