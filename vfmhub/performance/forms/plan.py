"""The forms of the council plan and service ratings pages. Forms that edit carry the record's
`updated_at` (`version_stamp`) so a stale save is refused."""

from decimal import Decimal
from typing import Any

from django import forms

from vfmhub.core.forms import MoneyField, UploadField, YearField
from vfmhub.performance.models import Indicator, PlanActionStatus
from vfmhub.plans.models import Action
from vfmhub.programme.models import Project

LONG_TEXT = forms.Textarea(attrs={"rows": 3})


class VersionedForm(forms.Form):
    version_stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def values(self) -> tuple[dict[str, Any], str | None]:
        values = dict(self.cleaned_data)
        return values, values.pop("version_stamp", None) or None


def stamped(instance: Any) -> dict[str, Any]:
    """A form's initial values: the record's `updated_at`, to be sent back."""
    return {"version_stamp": instance.updated_at.isoformat()} if instance else {}


class PlanForm(VersionedForm):
    title = forms.CharField(max_length=200, initial="Council Plan")
    first_year = YearField(label="First year", help_text="Such as 2008 for 2008/09.")
    last_year = YearField(label="Last year", help_text="Such as 2010 for 2010/11.")


class TitleForm(VersionedForm):
    title = forms.CharField(max_length=300)


class MoveForm(forms.Form):
    position = forms.IntegerField(
        min_value=1, max_value=10_000, help_text="1 puts it first; a number past the end, last."
    )


class MeasureForm(VersionedForm):
    text = forms.CharField(label="Outcome measure", max_length=500, required=False)
    how_we_know = forms.CharField(
        label="How do we know we are getting there?", required=False, widget=LONG_TEXT
    )
    indicator: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        label="Indicator (optional)",
        empty_label="No indicator",
    )

    def __init__(self, *args: Any, indicators: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text") and not data.get("indicator"):
            self.add_error("text", "Enter the outcome measure, or choose an indicator.")
        return data


class ActionForm(VersionedForm):
    title = forms.CharField(label="Project or action", max_length=500)
    completion_date = forms.DateField(
        label="Completion date", required=False, help_text="Such as 31/3/2010."
    )
    completion_text = forms.CharField(
        label="Completion date as written", max_length=200, required=False
    )
    resource = forms.CharField(label="Resource as written", max_length=300, required=False)
    resource_amount = MoneyField(label="Resource (£)", required=False)
    resource_staff = forms.DecimalField(
        label="Resource (staff, full-time equivalent)",
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
    )
    lead_officer = forms.CharField(max_length=200, required=False)
    lead_member = forms.CharField(max_length=300, required=False)
    status = forms.ChoiceField(choices=PlanActionStatus.choices)
    improvement_action: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Action.objects.none(),
        required=False,
        label="Improvement-plan action (optional)",
        empty_label="Not linked",
    )
    project: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        required=False,
        label="Partnership project (optional)",
        empty_label="Not linked",
    )

    def __init__(self, *args: Any, improvement_actions: Any, projects: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["improvement_action"].queryset = improvement_actions  # type: ignore[attr-defined]
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]


class PlanImportForm(forms.Form):
    file = UploadField(
        max_mb=20,
        endings=(".docx", ".xlsx", ".xls", ".csv"),
        label="Council plan file",
        help_text="A Word document (.docx) with the plan as a table, an Excel workbook or a "
        "CSV file.",
    )
    sheet = forms.CharField(label="Worksheet (optional)", required=False, max_length=31)
    title = forms.CharField(max_length=200, initial="Council Plan", label="Plan title")
    first_year = YearField(label="First year", help_text="Such as 2008 for 2008/09.")
    last_year = YearField(label="Last year", help_text="Such as 2010 for 2010/11.")


class ServiceForm(forms.Form):
    name = forms.CharField(max_length=200, label="Service name")


SCORES = [(n, str(n)) for n in (1, 2, 3, 4)]


class RatingForm(VersionedForm):
    year = YearField(help_text="Such as 2008 for 2008/09.")
    score = forms.TypedChoiceField(
        choices=SCORES, coerce=int, widget=forms.RadioSelect, help_text="1 (poor) to 4 (excellent)."
    )
    reason = forms.CharField(widget=LONG_TEXT, max_length=5000)


class TargetForm(forms.Form):
    year = YearField(help_text="Such as 2008 for 2008/09.")
    minimum_score = forms.TypedChoiceField(
        choices=SCORES, coerce=int, initial=2, label="Services scoring at least"
    )
    share_percent = forms.DecimalField(
        label="Share of services (%)",
        initial=Decimal(75),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
    )
