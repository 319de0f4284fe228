"""The dashboard's GET controls: year, kind of return and the threshold % of baseline (what
`programme_dashboard` is asked for)."""

from typing import Any

from django import forms

from vfmhub.efficiency.models import EfficiencyProgramme, ReturnKind
from vfmhub.lib.years import financial_year_label


class DashboardFilters(forms.Form):
    year = forms.TypedChoiceField(label="Year", coerce=int, required=False)
    kind = forms.ChoiceField(
        label="Returns", choices=ReturnKind.choices, required=False, initial=ReturnKind.FORECAST
    )
    threshold = forms.DecimalField(
        label="Show bodies below (% of baseline)",
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=1,
        help_text="Leave empty for the year's cumulative target.",
    )

    def __init__(self, data: Any, *, programme: EfficiencyProgramme):
        super().__init__(data)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [("", "Latest with returns")] + [
            (y, financial_year_label(y)) for y in programme.years
        ]

    def value(self, name: str) -> Any:
        """The cleaned value, or None when the controls are empty or invalid (then ignored)."""
        if not self.is_valid():
            return None
        value = self.cleaned_data.get(name)
        return None if value in ("", None) else value
