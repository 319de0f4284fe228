"""The plan import upload form: the file, and headings for columns a file words unusually."""

from django import forms

IMPORT_MAX_BYTES = 20 * 1024 * 1024
ALLOWED_ENDINGS = (".xlsx", ".csv", ".docx")
FILE_TOO_BIG = "The file must be smaller than 20 MB."
WRONG_KIND = (
    "The file must be an Excel workbook (.xlsx), a CSV file (.csv) or a Word document (.docx)."
)
MAPPING_HINT = "Only if your file words this heading differently. Type the heading exactly."


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="Plan file",
        help_text="An Excel workbook (.xlsx), a CSV file or a Word document (.docx) with the plan "
        "as a table.",
    )
    sheet = forms.CharField(
        label="Worksheet (optional)",
        required=False,
        max_length=31,
        help_text="The name of the sheet to read. The first sheet is read if you leave this empty.",
    )
    issue = forms.CharField(
        label="Heading of the issue column (optional)", required=False, help_text=MAPPING_HINT
    )
    action = forms.CharField(
        label="Heading of the action column (optional)", required=False, help_text=MAPPING_HINT
    )
    officer = forms.CharField(
        label="Heading of the responsible officer column (optional)",
        required=False,
        help_text=MAPPING_HINT,
    )
    target = forms.CharField(
        label="Heading of the target date column (optional)", required=False, help_text=MAPPING_HINT
    )
    assessment = forms.CharField(
        label="Heading of the column of actions from a later assessment (optional)",
        required=False,
        help_text=MAPPING_HINT,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(FILE_TOO_BIG)
        if not upload.name.lower().endswith(ALLOWED_ENDINGS):
            raise forms.ValidationError(WRONG_KIND)
        return upload

    def mapping(self) -> dict[str, str]:
        names = ("issue", "action", "officer", "target", "assessment")
        return {
            n: self.cleaned_data[n].strip() for n in names if self.cleaned_data.get(n, "").strip()
        }
