"""The upload forms of the risk register, projects and allocation imports (`UploadField` refuses
a file too big or of another kind)."""

from django import forms

from vfmhub.core.forms import UploadField


class RiskImportForm(forms.Form):
    file = UploadField(
        label="Risk register file",
        help_text="An Excel workbook (.xlsx or .xls) or CSV file with one risk a row. The sheet "
        "whose headings fit best is read.",
    )


class ProjectImportForm(forms.Form):
    file = UploadField(
        label="Projects file",
        help_text="An Excel workbook (.xlsx or .xls) or CSV file with one project a row. A "
        "workbook may have another sheet called Milestones.",
    )


class AllocationImportForm(forms.Form):
    file = UploadField(
        label="Allocation file",
        help_text="An Excel workbook (.xlsx or .xls) or CSV file. A workbook may hold the "
        "year's funding streams on another sheet.",
    )
    sheet = forms.CharField(
        label="Sheet with the allocation (optional)",
        help_text="Leave blank to read the sheet whose headings fit best.",
        required=False,
        max_length=100,
    )
