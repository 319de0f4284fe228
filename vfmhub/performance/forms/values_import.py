"""The form of the values import page."""

from django import forms

from vfmhub.core.forms import UploadField


class ValuesImportForm(forms.Form):
    file = UploadField(
        label="Values file",
        help_text="An Excel workbook (.xlsx or .xls) or CSV file: one row per area, indicator, "
        "period and value, or one column per period (such as 2019/20 or Q1 2020/21).",
    )
    sheet = forms.CharField(
        max_length=100,
        required=False,
        label="Sheet to read (optional)",
        help_text="Leave blank to read the sheet that fits best.",
    )
    create_indicators = forms.BooleanField(
        required=False,
        label="Create the indicators the library does not have, as this organisation's own",
    )
