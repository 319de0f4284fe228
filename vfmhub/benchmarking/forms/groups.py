"""Forms of the comparator group pages: save a group, import a published list, a new version,
archive."""

from django import forms

from vfmhub.core.forms import UploadField

MEMBERS_HELP = (
    "One area a line: its GSS code (such as E07000143) or its name as the reference data "
    "gives it (such as Breckland)."
)


class CustomGroupForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the group")
    members = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}), label="Areas", help_text=MEMBERS_HELP
    )


class GroupVersionForm(CustomGroupForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class ArchiveGroupForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class PublishedListForm(forms.Form):
    name = forms.CharField(
        max_length=200, label="Name of the list", help_text="Such as CIPFA nearest neighbours 2024."
    )
    publisher = forms.CharField(
        max_length=200, label="Publisher", help_text="Such as CIPFA or DfE."
    )
    source = forms.CharField(
        max_length=500,
        required=False,
        label="Where it was published (optional)",
        help_text="The report, web page or model year the list comes from.",
    )
    body_code = forms.CharField(
        max_length=9,
        required=False,
        label="GSS code of the area whose list it is (optional)",
        help_text="Leave blank for this organisation's own area.",
    )
    file = UploadField(
        label="List file",
        help_text="A CSV or Excel file with a column of area names (“Name” or “Authority”) "
        "and/or a column of GSS codes (“GSS code”).",
    )
