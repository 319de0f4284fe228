"""Forms for risk register pages. GOV.UK markup comes from the project's form renderer."""

from django import forms

from vfmhub.plans.models import Action
from vfmhub.programme.models import RiskMatrix

DATE = forms.DateInput(attrs={"type": "date"})
RATING_PARTS = [
    ("inherent", "Inherent (before any mitigation)"),
    ("current", "Current"),
    ("target", "Target (after mitigation)"),
]


def _text(rows: int = 4, **kwargs) -> forms.CharField:
    return forms.CharField(widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def _choices(labels: list[str], blank: bool) -> list[tuple[str, str]]:
    choices = [(str(i), f"{i} – {label}") for i, label in enumerate(labels, start=1)]
    return [("", "Not rated"), *choices] if blank else choices


def without_stamp(data: dict) -> tuple[dict, str | None]:
    """A form's cleaned data without its hidden `updated_at`, and that stamp (None if blank)."""
    fields = dict(data)
    expected = fields.pop("updated_at", "") or None
    return fields, expected


class RegisterForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the register")
    description = _text(3, required=False)
    matrix = forms.ModelChoiceField(
        queryset=RiskMatrix.objects.none(),
        label="Risk matrix",
        help_text="3 × 3 High, Medium, Low is the default. A register with risks keeps its matrix.",
        empty_label=None,
    )

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matrix"].queryset = RiskMatrix.objects.order_by("size", "pk")
        if projects is not None:
            self.fields["project"] = forms.ModelChoiceField(
                queryset=projects,
                required=False,
                label="Whose register is it?",
                empty_label="The partnership's own",
                help_text="Choose a project to keep a register for that project.",
            )


class LinkActionsForm(forms.Form):
    """Tick the actions of one plan that mitigate the risk."""

    actions = forms.ModelMultipleChoiceField(
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Plan actions that mitigate this risk",
        error_messages={"required": "Tick at least one action to link."},
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["actions"]
        field.queryset = actions
        field.label_from_instance = lambda a: (
            f"{a.description[:160]}" + (f" ({a.officer})" if a.officer else "")
        )


class RiskForm(forms.Form):
    title = forms.CharField(max_length=300, label="Risk")
    cause = _text(3, required=False)
    effect = _text(3, required=False)
    owner = forms.CharField(max_length=200, required=False, label="Owner")
    mitigating_actions = _text(5, required=False, label="Mitigating actions")
    review_date = forms.DateField(required=False, widget=DATE, label="Review date")
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, matrix: RiskMatrix, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in RATING_PARTS:
            required = kind == "current"
            if editing and kind == "current":
                continue  # the current rating changes through re-rating, keeping its history
            self.fields[f"{kind}_likelihood"] = forms.TypedChoiceField(
                choices=_choices(matrix.likelihood_labels, not required),
                coerce=int,
                empty_value=None,
                required=required,
                label=f"{label}: likelihood",
            )
            self.fields[f"{kind}_impact"] = forms.TypedChoiceField(
                choices=_choices(matrix.impact_labels, not required),
                coerce=int,
                empty_value=None,
                required=required,
                label=f"{label}: impact",
            )


class RerateForm(forms.Form):
    note = _text(3, required=False, label="Why the rating changed")
    review_date = forms.DateField(required=False, widget=DATE, label="Next review date")
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, matrix: RiskMatrix, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["likelihood"] = forms.TypedChoiceField(
            choices=_choices(matrix.likelihood_labels, False), coerce=int, label="Likelihood"
        )
        self.fields["impact"] = forms.TypedChoiceField(
            choices=_choices(matrix.impact_labels, False), coerce=int, label="Impact"
        )
        self.order_fields(["likelihood", "impact", "note", "review_date", "updated_at"])


class CloseForm(forms.Form):
    closed_on = forms.DateField(required=False, widget=DATE, label="Closed on")
    note = _text(3, required=False, label="Why the risk is closed")
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)
