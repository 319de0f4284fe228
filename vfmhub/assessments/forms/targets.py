"""The form that adds or changes a partnership's score target."""

from django import forms

from vfmhub.assessments.models import ScoreTarget, TargetKind
from vfmhub.frameworks.models import Criterion, FrameworkVersion
from vfmhub.organisations.models import BodyType


class ScoreTargetForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of target", choices=TargetKind.choices, widget=forms.RadioSelect
    )
    level = forms.DecimalField(
        label="Level (N)",
        max_digits=4,
        decimal_places=2,
        help_text="Such as 3. An average target may use a fraction, such as 2.5.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )
    share_percent = forms.DecimalField(
        label="Percentage of members (X)",
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text="Only for “X% of members at level N or above”, such as 75.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "decimal"}),
    )
    criteria = forms.ModelMultipleChoiceField(
        queryset=Criterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for the overall score.",
    )
    body_types = forms.MultipleChoiceField(
        label="Which members",
        choices=BodyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every member, or tick some, such as shire districts.",
    )
    due_date = forms.DateField(label="Due by", widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label="Description (optional)",
        max_length=300,
        required=False,
        help_text="Such as “RIEP target: all authorities to achieve level 3”.",
    )

    def __init__(
        self, *args, version: FrameworkVersion, target: ScoreTarget | None = None, **kwargs
    ):
        """`target`: the target being changed, whose values the form starts from."""
        if target is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": target.kind,
                    "level": target.level,
                    "share_percent": target.share_percent,
                    "criteria": list(target.criteria.all()),
                    "body_types": target.body_types,
                    "due_date": target.due_date,
                    "description": target.description,
                },
            )
        super().__init__(*args, **kwargs)
        criteria = self.fields["criteria"]
        criteria.queryset = version.criteria.order_by("theme__order", "order", "code")  # type: ignore[attr-defined]
        noun = version.criterion_noun_plural
        criteria.label = noun[:1].upper() + noun[1:]  # "KLOEs", not "Kloes"
