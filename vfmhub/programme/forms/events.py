"""Forms for improvement programmes and events. GOV.UK markup comes from the form renderer."""

from django import forms

from vfmhub.core.forms import YearField
from vfmhub.organisations.models import Organisation
from vfmhub.programme.models import EventKind, FeedbackRating

DATE = forms.DateInput(attrs={"type": "date"})


def _text(rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class ImprovementProgrammeForm(forms.Form):
    name = forms.CharField(max_length=200)
    year = YearField(help_text="The financial year's start, such as 2009.")
    description = _text(required=False)


class EventForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=EventKind.choices)
    date = forms.DateField(widget=DATE)
    end_date = forms.DateField(widget=DATE, required=False, help_text="For two-day events.")
    venue = forms.CharField(max_length=200, required=False)
    audience = _text(required=False)
    capacity = forms.IntegerField(min_value=1, required=False)


class EventEditForm(EventForm):
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)


class BodyForm(forms.Form):
    """A form naming a body (its `organisation` field) from the `members` given."""

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members if members is not None else Organisation.objects.none()


class AttendanceForm(BodyForm):
    person_name = forms.CharField(max_length=200, label="Name")
    email = forms.EmailField(required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Member body"
    )
    organisation_name = forms.CharField(
        max_length=200, required=False, label="Or another body", help_text="If not a member."
    )
    attended = forms.BooleanField(required=False, initial=True)


class AttendanceBulkForm(forms.Form):
    lines = _text(
        rows=10,
        label="People",
        help_text="One a line, as “Name, Body”. Bodies matching a member's name are linked.",
    )


class FeedbackForm(BodyForm):
    rating = forms.ChoiceField(choices=FeedbackRating.choices, widget=forms.RadioSelect)
    comments = _text(required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Body (optional)"
    )


class ImprovementProgrammeEditForm(ImprovementProgrammeForm):
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)


class AttendanceEditForm(AttendanceForm):
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)


class FeedbackEditForm(FeedbackForm):
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)
