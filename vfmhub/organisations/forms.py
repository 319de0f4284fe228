import datetime

from django import forms

from vfmhub.organisations.models import (
    BodyType,
    Organisation,
    OrganisationRole,
    PartnershipRoleKind,
)


class OrganisationForm(forms.ModelForm):
    """An organisation's details, with the version it was opened at for concurrent-edit checks."""

    version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "body_type", "gss_code", "active_from", "active_to"]
        widgets = {
            "active_from": forms.DateInput(attrs={"type": "date"}),
            "active_to": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.updated_at.isoformat()


def _role_field(choices: list[tuple[str, str]], help_text: str = "") -> forms.ChoiceField:
    """A role chosen with radio buttons, what each role may do as the hint."""
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, help_text=help_text)


class PersonForm(forms.Form):
    """The person given a role: their email address, and their name for a new account."""

    email = forms.EmailField(label="Email address")
    full_name = forms.CharField(label="Full name", max_length=200, required=False)


class InviteMemberForm(PersonForm):
    role = _role_field(
        OrganisationRole.choices,
        "Viewers read everything; editors also change assessments, plans, updates and returns; "
        "managers also submit, sign off and manage people.",
    )
    officer_title = forms.CharField(
        label="Officer title (optional)",
        max_length=100,
        required=False,
        help_text="How plans refer to them, such as Head of Finance (HoF).",
    )


class MemberRoleForm(forms.Form):
    role = _role_field(OrganisationRole.choices)
    officer_title = forms.CharField(
        label="Officer title (optional)", max_length=100, required=False
    )


class PartnershipMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Organisation", empty_label="Choose a body"
    )
    joined = forms.DateField(
        label="Joined on",
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=datetime.date.today,
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class PartnershipMemberEndForm(forms.Form):
    left = forms.DateField(
        label="Left on", widget=forms.DateInput(attrs={"type": "date"}), initial=datetime.date.today
    )


class PartnershipRoleForm(PersonForm):
    role = _role_field(
        PartnershipRoleKind.choices,
        "Viewers read partnership data and members' submitted work; managers also run the "
        "programme; peer reviewers read and review plans shared with the partnership.",
    )


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label="Name or GSS code", required=False)
    body_type = forms.ChoiceField(
        label="Body type", required=False, choices=[("", "Any"), *BodyType.choices]
    )
