"""Forms of the benchmarking club pages: a club, a measure, a window, a member, and a body's
values for a window (one form for every measure)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.dateparse import parse_datetime

from vfmhub.benchmarking.models import ClubMeasure, ClubValue
from vfmhub.core.forms import YearField
from vfmhub.organisations.models import Organisation, Partnership

DATE = forms.DateInput(attrs={"type": "date"})
OUT_OF_DATE = "This page is out of date: open it again and make your changes."
POLARITIES = [
    ("lower", "Lower is better"),
    ("higher", "Higher is better"),
    ("neither", "Neither"),
]
STATUS_CHOICES = [
    ("provisional", "Save as provisional: only your body sees these values"),
    ("submitted", "Submit: shared with the other members once the window closes"),
]
VALUE_LIMIT = Decimal("99999999999999.999999")


class VersionField(forms.CharField):
    """The `updated_at` a record had when the page was opened ('' for none)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any):
        super().__init__(required=False, max_length=64, **kwargs)

    def clean(self, value: Any) -> str | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            moment = parse_datetime(text)
        except ValueError:
            moment = None
        if moment is None:
            raise forms.ValidationError(OUT_OF_DATE)
        return text


class ClubForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the club")
    description = forms.CharField(
        required=False,
        label="What the club is for (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="Partnership that runs it",
        required=False,
        empty_label="None: run by site staff",
    )

    def __init__(self, *args: Any, partnerships: Any, allow_staff_club: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["partnership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partnerships
        field.required = not allow_staff_club


class MeasureForm(forms.Form):
    code = forms.CharField(max_length=40, label="Code", help_text="Short, such as WASTE-1.")
    title = forms.CharField(
        max_length=300, label="Title", help_text="Such as Cost per household of waste collection."
    )
    definition = forms.CharField(
        required=False,
        max_length=5000,
        label="Definition (optional)",
        help_text="What to count, and what to leave out, so every member counts alike.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    unit = forms.CharField(max_length=60, required=False, label="Unit (optional)")
    polarity = forms.ChoiceField(
        choices=POLARITIES, label="Which is better", widget=forms.RadioSelect
    )
    decimal_places = forms.IntegerField(
        min_value=0, max_value=6, initial=1, label="Decimal places shown"
    )
    position = forms.IntegerField(
        min_value=0, max_value=32767, initial=0, label="Position in the list"
    )
    version = VersionField()

    def measure_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class WindowForm(forms.Form):
    year = YearField(label="Financial year", help_text="Its starting year: 2026 for 2026/27.")
    quarter = forms.TypedChoiceField(
        coerce=int,
        choices=[(q, f"Quarter {q}") for q in range(1, 5)],
        label="Quarter",
        widget=forms.RadioSelect,
    )
    opens = forms.DateField(widget=DATE, label="Opens")
    closes = forms.DateField(
        widget=DATE, label="Closes", help_text="The last day values may be entered or changed."
    )


class WindowChangeForm(forms.Form):
    opens = forms.DateField(widget=DATE, label="Opens")
    closes = forms.DateField(
        widget=DATE,
        label="Closes",
        help_text="The last day values may be entered or changed. A date from today on reopens "
        "a closed window: its values are hidden from the other members again until it closes.",
    )
    version = VersionField()


class MemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"), label="Body"
    )


class MemberLeaveForm(forms.Form):
    pass


class EntryForm(forms.Form):
    """A body's values for a window: for each measure a value, a note and the version of the
    value as the page was opened; and whether to save them as provisional or submit them."""

    status = forms.ChoiceField(
        choices=STATUS_CHOICES, label="Save or submit", widget=forms.RadioSelect
    )

    def __init__(
        self,
        *args: Any,
        measures: list[ClubMeasure],
        saved: dict[int, ClubValue],
        readonly: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.measures = measures
        for measure in measures:
            row = saved.get(measure.pk)
            label = measure.title + (f" ({measure.unit})" if measure.unit else "")
            self.fields[f"value_{measure.pk}"] = forms.DecimalField(
                label=label,
                help_text=measure.definition,
                required=False,
                max_digits=20,
                decimal_places=6,
                max_value=VALUE_LIMIT,
                min_value=-VALUE_LIMIT,
                initial=row.value.normalize() if row else None,
                disabled=readonly,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
            )
            self.fields[f"note_{measure.pk}"] = forms.CharField(
                label=f"Note on {measure.title} (optional)",
                required=False,
                max_length=2000,
                initial=row.note if row else "",
                disabled=readonly,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"version_{measure.pk}"] = VersionField(
                initial=row.updated_at.isoformat() if row else ""
            )
        if not self.initial.get("status"):
            self.initial["status"] = "provisional"
        self.fields["status"] = self.fields.pop("status")  # last, under the values

    def entries(self) -> list[tuple[ClubMeasure, Decimal | None, str, str | None]]:
        data = self.cleaned_data
        return [
            (
                m,
                data.get(f"value_{m.pk}"),
                data.get(f"note_{m.pk}") or "",
                data.get(f"version_{m.pk}"),
            )
            for m in self.measures
        ]
