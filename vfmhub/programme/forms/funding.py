from typing import Any

from django import forms
from django.db.models import QuerySet

from vfmhub.core.forms import MoneyField, YearField
from vfmhub.organisations.models import Partnership
from vfmhub.programme.models import AllocationNode, Commitment, FundingStream
from vfmhub.programme.selectors.funding import lines_of_year, ring_fences_of_year

AMOUNT_MORE_THAN_ZERO = "Enter an amount of more than £0."


def _choose_from(field: forms.Field, queryset: QuerySet[Any]) -> None:
    """Offer only `queryset` in a model choice field."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class OpenedAtForm(forms.ModelForm):
    """A model form that changes a row carries the `updated_at` of the row it was opened with, so
    a save over someone else's change is refused (see `vfmhub.core.concurrency`); one that adds a
    row has no version to carry."""

    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["updated_at"] = self.instance.updated_at.isoformat()
        else:
            del self.fields["updated_at"]


class FundingStreamForm(OpenedAtForm):
    class Meta:
        model = FundingStream
        fields = ["year", "name", "kind", "funder", "purpose", "amount", "status", "description"]
        field_classes = {"year": YearField, "amount": MoneyField}


class AllocationNodeForm(OpenedAtForm):
    class Meta:
        model = AllocationNode
        fields = ["parent", "name", "level", "amount", "stated_total", "order", "ring_fence"]
        field_classes = {"amount": MoneyField, "stated_total": MoneyField}

    def __init__(self, *args: Any, partnership: Partnership, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self.fields["parent"], lines_of_year(partnership, year))
        _choose_from(self.fields["ring_fence"], ring_fences_of_year(partnership, year))


class MovementForm(forms.ModelForm):
    """A commitment or spend against a line of the year's allocation (the page says which)."""

    class Meta:
        model = Commitment
        fields = ["node", "date", "amount", "description"]
        labels = {"node": "Allocation line"}
        field_classes = {"amount": MoneyField}

    def __init__(self, *args: Any, partnership: Partnership, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self.fields["node"], lines_of_year(partnership, year))

    def clean_amount(self) -> Any:
        # Said here for both kinds: the model's own message speaks of commitments only.
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(AMOUNT_MORE_THAN_ZERO)
        return amount


class YearConfirmForm(forms.Form):
    """A confirm button for a year's funding action: no questions, the year it is for, and the
    refusal (the action is blocked, or the service refused it) in the error summary."""

    year = YearField(widget=forms.HiddenInput, required=False)
