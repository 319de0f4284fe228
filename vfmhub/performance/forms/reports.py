"""Forms of the quarterly report pages: start a report for a quarter, and the note (or reason)
that goes with each workflow step."""

from django import forms

from vfmhub.core.forms import YearField

QUARTERS = [
    (1, "Quarter 1 (April to June)"),
    (2, "Quarter 2 (July to September)"),
    (3, "Quarter 3 (October to December)"),
    (4, "Quarter 4 (January to March)"),
]


class ReportCreateForm(forms.Form):
    year = YearField(label="Financial year", help_text="The year it starts in: 2009 for 2009/10.")
    quarter = forms.TypedChoiceField(
        choices=QUARTERS, coerce=int, widget=forms.RadioSelect, label="Quarter"
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        label="Title (optional)",
        help_text="Leave empty for the usual title, naming the body and quarter.",
    )


class StepForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note (optional)",
        help_text="Kept with the sign-off, for the record.",
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why does the report go back to draft?",
        error_messages={"required": "Say why the report goes back to draft."},
    )
