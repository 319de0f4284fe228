"""Forms for the project pages. GOV.UK markup comes from the project's form renderer."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from vfmhub.core.forms import MoneyField
from vfmhub.efficiency.models import Gain
from vfmhub.organisations.models import Organisation
from vfmhub.programme.models import MilestoneStatus, ProjectKind, ProjectStage, Rag

DATE = forms.DateInput(attrs={"type": "date"})


class ProjectForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    kind = forms.ChoiceField(choices=ProjectKind.choices)
    lead_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Lead body"
    )
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Partner bodies",
    )
    stage = forms.ChoiceField(choices=ProjectStage.choices)
    expected_annual_savings = MoneyField(label="Expected annual savings (£)")
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, members: QuerySet[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["lead_organisation"]).queryset = members
        cast(forms.ModelMultipleChoiceField, self.fields["partners"]).queryset = members


class UpdateForm(forms.Form):
    date = forms.DateField(widget=DATE, initial=timezone.localdate)
    rag = forms.ChoiceField(choices=Rag.choices, label="RAG", widget=forms.RadioSelect)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="Update")


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=200)
    due_on = forms.DateField(widget=DATE, label="Due date")
    status = forms.ChoiceField(choices=MilestoneStatus.choices)


class MilestoneEditForm(MilestoneForm):
    completed_on = forms.DateField(
        widget=DATE,
        required=False,
        label="Completion date",
        help_text="Only for a milestone that is done; today's date if left empty.",
    )
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)


class FundingForm(forms.Form):
    source = forms.CharField(max_length=200, help_text="Such as RIEP or LAA.")
    allocation = forms.CharField(max_length=200, required=False)
    amount = MoneyField(label="Amount (£)")


class FundingEditForm(FundingForm):
    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)


class GainField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Gain) -> str:
        return f"{obj.organisation.name}: {obj.description[:80]} ({obj.programme.name})"


class GainLinkForm(forms.Form):
    gain = GainField(queryset=Gain.objects.none(), label="Efficiency gain")

    def __init__(self, *args: Any, gains: QuerySet[Gain], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(GainField, self.fields["gain"]).queryset = gains
