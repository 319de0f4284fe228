"""The upload forms of the risk register and projects imports."""

from django import forms

IMPORT_MAX_BYTES = 10 * 1024 * 1024
ALLOWED_ENDINGS = (".xlsx", ".csv")
FILE_TOO_BIG = "The file must be smaller than 10 MB."
WRONG_KIND = "The file must be an Excel workbook (.xlsx) or a CSV file (.csv)."


class ImportFileForm(forms.Form):
    file = forms.FileField(label="File")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(FILE_TOO_BIG)
        if not upload.name.lower().endswith(ALLOWED_ENDINGS):
            raise forms.ValidationError(WRONG_KIND)
        return upload


class RiskImportForm(ImportFileForm):
    file = forms.FileField(
        label="Risk register file",
        help_text="An Excel workbook (.xlsx) or CSV file with one risk a row. Only the first "
        "sheet of a workbook is read.",
    )


class ProjectImportForm(ImportFileForm):
    file = forms.FileField(
        label="Projects file",
        help_text="An Excel workbook (.xlsx) or CSV file with one project a row. A workbook may "
        "have a second sheet called Milestones.",
    )
