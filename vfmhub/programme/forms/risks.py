"""Forms for risk register pages. GOV.UK markup comes from the project's form renderer."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from vfmhub.plans.models import Action
from vfmhub.programme.models import Project, RiskMatrix
from vfmhub.programme.selectors.risks import risk_matrices

DATE = forms.DateInput(attrs={"type": "date"})
RATING_PARTS = [
    ("inherent", "Inherent (before any mitigation)"),
    ("current", "Current"),
    ("target", "Target (after mitigation)"),
]


def _text(rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


def _choices(labels: list[str], blank: bool) -> list[tuple[str, str]]:
    choices = [(str(i), f"{i} – {label}") for i, label in enumerate(labels, start=1)]
    return [("", "Not rated"), *choices] if blank else choices


def _rating(labels: list[str], label: str, *, required: bool = True) -> forms.TypedChoiceField:
    """A rating on the register's matrix: a number from 1, shown with its label."""
    return forms.TypedChoiceField(
        choices=_choices(labels, not required),
        coerce=int,
        empty_value=None,
        required=required,
        label=label,
    )


def without_stamp(data: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
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

    def __init__(self, *args: Any, projects: QuerySet[Project] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["matrix"]).queryset = risk_matrices()
        if projects is not None:
            self.fields["project"] = forms.ModelChoiceField(
                queryset=projects,
                required=False,
                label="Whose register is it?",
                empty_label="The partnership's own",
                help_text="Choose a project to keep a register for that project.",
            )


class ActionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Action) -> str:
        return f"{obj.description[:160]}" + (f" ({obj.officer})" if obj.officer else "")


class LinkActionsForm(forms.Form):
    """Tick the actions of one plan that mitigate the risk."""

    actions = ActionsField(
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Plan actions that mitigate this risk",
        error_messages={"required": "Tick at least one action to link."},
    )

    def __init__(self, *args: Any, actions: QuerySet[Action], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(ActionsField, self.fields["actions"]).queryset = actions


class RiskForm(forms.Form):
    title = forms.CharField(max_length=300, label="Risk")
    cause = _text(3, required=False)
    effect = _text(3, required=False)
    owner = forms.CharField(max_length=200, required=False, label="Owner")
    mitigating_actions = _text(5, required=False, label="Mitigating actions")
    review_date = forms.DateField(required=False, widget=DATE, label="Review date")
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, matrix: RiskMatrix, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for kind, label in RATING_PARTS:
            required = kind == "current"
            if editing and kind == "current":
                continue  # the current rating changes through re-rating, keeping its history
            self.fields[f"{kind}_likelihood"] = _rating(
                matrix.likelihood_labels, f"{label}: likelihood", required=required
            )
            self.fields[f"{kind}_impact"] = _rating(
                matrix.impact_labels, f"{label}: impact", required=required
            )


class RerateForm(forms.Form):
    note = _text(3, required=False, label="Why the rating changed")
    review_date = forms.DateField(required=False, widget=DATE, label="Next review date")
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, matrix: RiskMatrix, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["likelihood"] = _rating(matrix.likelihood_labels, "Likelihood")
        self.fields["impact"] = _rating(matrix.impact_labels, "Impact")
        self.order_fields(["likelihood", "impact", "note", "review_date", "updated_at"])


class CloseForm(forms.Form):
    closed_on = forms.DateField(required=False, widget=DATE, label="Closed on")
    note = _text(3, required=False, label="Why the risk is closed")
    updated_at = forms.CharField(required=False, widget=forms.HiddenInput)
