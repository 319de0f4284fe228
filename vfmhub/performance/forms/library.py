"""Forms of the indicator library pages. Numbers are read as text and checked by the services,
so that any input gives a message beside its field rather than an error page."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from vfmhub.core.forms import YearField
from vfmhub.performance.calculations import Frequency, Period, Polarity, RollUp, Tolerance
from vfmhub.performance.calculations import parse_period as read_period
from vfmhub.performance.models import DataType, ValueStatus

PERIOD_HINT = "Such as Q1 2024/25, April 2024, H1 2024/25 or 2024/25."


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(m.value, m.value.replace("-", " ").capitalize()) for m in enum]


class PeriodField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", PERIOD_HINT)
        super().__init__(max_length=40, **kwargs)

    def clean(self, value: Any) -> Period:
        text = super().clean(value)
        try:
            return read_period(text)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class NumberField(forms.CharField):
    """A number as typed; the service checks it against the indicator."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=60, **kwargs)


class IndicatorForm(forms.Form):
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)
    code = forms.CharField(max_length=40)
    title = forms.CharField(max_length=300)
    definition = forms.CharField(widget=forms.Textarea, required=False)
    data_type = forms.ChoiceField(choices=DataType.choices)
    unit = forms.CharField(max_length=60, required=False)
    polarity = forms.ChoiceField(choices=_choices(Polarity))
    decimal_places = forms.IntegerField(min_value=0, max_value=6, initial=1)
    frequency = forms.ChoiceField(choices=_choices(Frequency))
    rollup = forms.ChoiceField(label="How periods roll up", choices=_choices(RollUp))
    ratio_scale = forms.DecimalField(max_digits=12, decimal_places=2, initial=1, required=False)
    source = forms.CharField(max_length=300, required=False)
    valid_from = forms.IntegerField(min_value=1990, max_value=2100, required=False)
    valid_to = forms.IntegerField(min_value=1990, max_value=2100, required=False)


class RagRuleForm(forms.Form):
    method = forms.ChoiceField(choices=_choices(Tolerance), label="Tolerance measured as")
    amber_limit = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=4, label="Amber up to this far from target"
    )
    applies_from = forms.IntegerField(
        min_value=1990, max_value=2100, required=False, label="First financial year"
    )


class ValueForm(forms.Form):
    period = PeriodField()
    value = NumberField(required=False)
    numerator = NumberField(required=False, help_text="For a ratio indicator only.")
    denominator = NumberField(required=False, help_text="For a ratio indicator only.")
    status = forms.ChoiceField(choices=ValueStatus.choices[:2], initial=ValueStatus.PROVISIONAL)
    quality_note = forms.CharField(widget=forms.Textarea, required=False)
    reason = forms.CharField(
        widget=forms.Textarea,
        required=False,
        help_text="Needed when correcting a value already recorded for this period.",
    )


class TargetForm(forms.Form):
    period = PeriodField()
    value = NumberField()
    note = forms.CharField(widget=forms.Textarea, required=False)


class TrajectoryForm(forms.Form):
    first = PeriodField(label="First period")
    start_value = NumberField(label="Target in the first period")
    last = PeriodField(label="Last period")
    end_value = NumberField(label="Target in the last period")
    replace_entered = forms.BooleanField(
        required=False, label="Replace targets already entered by hand"
    )


class CommentaryForm(forms.Form):
    period = PeriodField()
    what_happened = forms.CharField(widget=forms.Textarea)
    what_is_being_done = forms.CharField(widget=forms.Textarea, required=False)


class ForecastForm(forms.Form):
    year = YearField(label="Financial year (2024 is 2024/25)")
    value = NumberField(label="Year-end forecast")
    note = forms.CharField(widget=forms.Textarea, required=False)


class LibraryFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Code, title or source contains")
    frequency = forms.ChoiceField(choices=[("", "Any"), *_choices(Frequency)], required=False)
    polarity = forms.ChoiceField(choices=[("", "Any"), *_choices(Polarity)], required=False)
