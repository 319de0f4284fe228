from django import forms

from vfmhub.core.forms import MoneyField, YearField
from vfmhub.programme.models import AllocationNode, Commitment, FundingStream

AMOUNT_MORE_THAN_ZERO = "Enter an amount of more than £0."


class OpenedAtForm(forms.ModelForm):
    """A model form that carries the `updated_at` of the row it was opened with, so a save over
    someone else's change is refused (see `vfmhub.core.concurrency`)."""

    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["updated_at"] = self.instance.updated_at.isoformat()

    @property
    def opened_at(self) -> str | None:
        return self.cleaned_data.get("updated_at") or None


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

    def __init__(self, *args, partnership, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = AllocationNode.objects.filter(
            partnership=partnership, year=year
        )
        self.fields["ring_fence"].queryset = partnership.funding_streams.filter(
            year=year, kind="ring_fenced"
        )


class MovementForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=[("commitment", "Commitment"), ("spend", "Spend")])

    class Meta:
        model = Commitment
        fields = ["node", "date", "amount", "description"]
        labels = {"node": "Allocation line"}
        field_classes = {"amount": MoneyField}

    def __init__(self, *args, partnership, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = AllocationNode.objects.filter(
            partnership=partnership, year=year
        )

    def clean_amount(self):
        # Said here for both kinds: the model's own message speaks of commitments only.
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(AMOUNT_MORE_THAN_ZERO)
        return amount


class YearConfirmForm(forms.Form):
    """A confirm button for a year's funding action: no questions, the year it is for, and the
    refusal (the action is blocked, or the service refused it) in the error summary."""

    year = YearField(widget=forms.HiddenInput, required=False)
