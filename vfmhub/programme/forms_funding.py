from django import forms

from vfmhub.programme.models import AllocationNode, Commitment, FundingStream


class FundingStreamForm(forms.ModelForm):
    class Meta:
        model = FundingStream
        fields = ["year", "name", "kind", "funder", "purpose", "amount", "status", "description"]


class AllocationNodeForm(forms.ModelForm):
    class Meta:
        model = AllocationNode
        fields = ["parent", "name", "level", "amount", "stated_total", "order", "ring_fence"]

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

    def __init__(self, *args, partnership, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = AllocationNode.objects.filter(
            partnership=partnership, year=year
        )
