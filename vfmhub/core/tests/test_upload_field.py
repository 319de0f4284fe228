"""Every import's upload field refuses a file too big or of the wrong kind, saying what to send."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from vfmhub.core.forms import UploadField


def _clean(field: UploadField, name: str, size: int = 10):
    return field.clean(SimpleUploadedFile(name, b"x" * size))


def test_it_takes_a_spreadsheet_within_the_limit():
    assert _clean(UploadField(), "Returns 2009.XLSX").name == "Returns 2009.XLSX"
    assert _clean(UploadField(), "returns 2008.xls").name == "returns 2008.xls"
    assert _clean(UploadField(), "returns.csv", size=10 * 1024 * 1024).name == "returns.csv"


def test_it_refuses_a_file_over_the_limit():
    with pytest.raises(forms.ValidationError) as refused:
        _clean(UploadField(max_mb=1), "big.csv", size=1024 * 1024 + 1)
    assert refused.value.messages == ["The file must be smaller than 1 MB."]


@pytest.mark.parametrize(
    ("endings", "message"),
    [
        ((".xlsx", ".csv"), "The file must be an Excel workbook (.xlsx) or a CSV file (.csv)."),
        (
            (".xlsx", ".xls", ".csv"),
            "The file must be an Excel workbook (.xlsx or .xls) or a CSV file (.csv).",
        ),
        ((".xls",), "The file must be an Excel workbook (.xls)."),
        (
            (".xlsx", ".csv", ".docx"),
            "The file must be an Excel workbook (.xlsx), a CSV file (.csv) or a Word document "
            "(.docx).",
        ),
    ],
)
def test_it_refuses_another_kind_of_file_naming_the_kinds_it_takes(endings, message):
    with pytest.raises(forms.ValidationError) as refused:
        _clean(UploadField(endings=endings), "plan.pdf")
    assert refused.value.messages == [message]
