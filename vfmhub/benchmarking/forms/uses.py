"""Forms of what a benchmark is used for: set a target from a benchmark, remove a rule, recompute
the rules, and open a VFM review as an improvement-plan item or a council-plan action."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from vfmhub.benchmarking.models import Statistic
from vfmhub.core.forms import YearField
from vfmhub.performance.models import Deliverable
from vfmhub.plans.models import Plan

TOKEN_LENGTH = 60


def _hidden_token() -> forms.CharField:
    return forms.CharField(max_length=TOKEN_LENGTH, widget=forms.HiddenInput)


class TargetFromBenchmarkForm(forms.Form):
    measure = _hidden_token()
    group = _hidden_token()
    statistic = forms.ChoiceField(
        choices=Statistic.choices,
        widget=forms.RadioSelect,
        label="Target",
        help_text="Of the group's figures, this body's own not counted.",
    )
    data_year = YearField(
        label="Year of the figures",
        help_text="The financial year whose figures set the target, such as 2017 for 2017/18.",
    )
    target_year = YearField(
        label="Year of the target",
        help_text="The financial year the target is for, such as 2025 for 2025/26.",
    )


class ConfirmForm(forms.Form):
    """A write with nothing to enter: remove a rule, recompute the rules."""


class _ReviewForm(forms.Form):
    cost = _hidden_token()
    performance = _hidden_token()
    group = _hidden_token()
    year = YearField(widget=forms.HiddenInput)


class _PlanChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        year = f" ({obj.year}/{(obj.year + 1) % 100:02d})" if obj.year else ""
        return f"{obj.title}{year}"


class _DeliverableChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.priority.plan.title}: {obj.priority.title}: {obj.title}"


class ReviewItemForm(_ReviewForm):
    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"] = _PlanChoice(
            queryset=plans,
            label="Improvement plan",
            help_text="The item is added at the end of the plan.",
            empty_label="Choose a plan",
        )


class ReviewActionForm(_ReviewForm):
    def __init__(self, *args: Any, deliverables: QuerySet[Deliverable], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deliverable"] = _DeliverableChoice(
            queryset=deliverables,
            label="Key deliverable of the council plan",
            help_text="The action is added at the end of the deliverable's actions.",
            empty_label="Choose a key deliverable",
        )
