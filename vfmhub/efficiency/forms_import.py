"""Forms for the partnership's pages: uploading a returns or gains file, and chasing a return."""

from django import forms

from vfmhub.core.forms import YearField
from vfmhub.efficiency.models import ReturnKind

IMPORT_MAX_BYTES = 10 * 1024 * 1024
ALLOWED_ENDINGS = (".xlsx", ".csv")
FILE_TOO_BIG = "The file must be smaller than 10 MB."
WRONG_KIND = "The file must be an Excel workbook (.xlsx) or a CSV file (.csv)."


class ReturnsImportForm(forms.Form):
    file = forms.FileField(
        label="Returns file",
        help_text="An Excel workbook (.xlsx) or CSV file with one row per body and year: body "
        "(name or GSS code), year, kind (forecast if left out), cumulative value (£), a rating "
        'column per year (such as "2009/10 rating") and narrative.',
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(FILE_TOO_BIG)
        if not upload.name.lower().endswith(ALLOWED_ENDINGS):
            raise forms.ValidationError(WRONG_KIND)
        return upload


class ChaseForm(forms.Form):
    year = YearField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=ReturnKind.choices, widget=forms.HiddenInput)
    message = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 6}))
