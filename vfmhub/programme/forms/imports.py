"""The upload forms of the risk register and projects imports (`UploadField` refuses a file too
big or of another kind)."""

from django import forms

from vfmhub.core.forms import UploadField


class RiskImportForm(forms.Form):
    file = UploadField(
        label="Risk register file",
        help_text="An Excel workbook (.xlsx) or CSV file with one risk a row. Only the first "
        "sheet of a workbook is read.",
    )


class ProjectImportForm(forms.Form):
    file = UploadField(
        label="Projects file",
        help_text="An Excel workbook (.xlsx) or CSV file with one project a row. A workbook may "
        "have a second sheet called Milestones.",
    )
