from django import forms

from vfmhub.frameworks.models import Criterion


class ApplicabilityOverrideForm(forms.Form):
    """Which criteria apply to one body type in one partnership; each choice shows the default."""

    criteria = forms.MultipleChoiceField(
        label="Which apply?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label="Why (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with each change, such as the auditor's letter that says so.",
    )

    def __init__(self, *args, criteria: list[Criterion], noun: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["criteria"]
        field.label = f"Which {noun} apply?"
        field.help_text = "Tick each one that applies. The default for each is in brackets."
        field.choices = [(str(c.pk), _choice_label(c)) for c in criteria]  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["criteria"] = [str(c.pk) for c in criteria if c.applies]  # type: ignore[attr-defined]


def _choice_label(criterion: Criterion) -> str:
    default = "applies" if criterion.default_applies else "does not apply"  # type: ignore[attr-defined]
    return f"{criterion.code} {criterion.title} (default: {default})"
