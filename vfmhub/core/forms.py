"""One place that renders Django forms as GOV.UK Frontend markup.

Every form gets `GovukBoundField` through the renderer, so a field rendered whole (`{{ form }}`,
`as_field_group`) or alone (`{{ form.year }}`) shows its empty choice as "Choose …" rather than
Django's dashes, and the error summary links to the input a person can actually focus.
"""

import copy
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property

from vfmhub.lib.money import MONEY_MAX_DIGITS, to_pounds
from vfmhub.lib.years import ENTER_A_YEAR, MAX_YEAR, MIN_YEAR

DJANGO_EMPTY_LABEL = "---------"
NO_CHOICE_LABEL = "None"  # the empty option of an optional set of radios
MONEY_NOT_NEGATIVE = "Enter an amount of £0 or more."


def choose_label(field_label) -> str:
    """ "Choose framework version" for "Framework version"; an acronym keeps its capitals."""
    label = str(field_label or "").strip().rstrip(":")
    if not label:
        return "Choose one"
    if not label[1:2].isupper():
        label = label[0].lower() + label[1:]
    return f"Choose {label}"


class _RelabelledChoices(BaseChoiceIterator):
    """The widget's choices with Django's dashed empty label replaced, read lazily.

    A `BaseChoiceIterator`, so Django leaves it unread until the widget is rendered and a model
    choice field still runs its one query.
    """

    def __init__(self, choices, empty_label: str):
        self.choices = choices
        self.empty_label = empty_label

    def __iter__(self):
        for value, text in self.choices:
            if text == DJANGO_EMPTY_LABEL and value in ("", None):
                yield value, self.empty_label
            else:
                yield value, text

    def __len__(self) -> int:
        return len(self.choices)


def _relabelled(widget, empty_label: str):
    relabelled = copy.copy(widget)
    relabelled.choices = _RelabelledChoices(widget.choices, empty_label)
    return relabelled


def field_input_id(field) -> str:
    """The id of the first input of a bound field: where an error summary link must point.

    Radios and checkboxes have no element with the field's own id, so the link goes to the first
    option, as the GOV.UK error summary does.
    """
    widget = field.field.widget
    base = widget.attrs.get("id") or field.auto_id
    if not base:
        return ""
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple included
        return f"{base}_0"
    return widget.id_for_label(base) or base


def form_input_id(form) -> str:
    """Where a form's own (non-field) errors link to: its first visible input."""
    for field in form.visible_fields():
        target = field_input_id(field)
        if target:
            return target
    return "main-content"


class GovukBoundField(BoundField):
    def as_widget(self, widget=None, attrs=None, only_initial=False):
        widget = widget or self.field.widget
        if isinstance(widget, forms.Select):
            widget = _relabelled(widget, choose_label(self.label))
        return super().as_widget(widget=widget, attrs=attrs, only_initial=only_initial)

    @cached_property
    def subwidgets(self):
        widgets = super().subwidgets
        for bound_widget in widgets:
            if bound_widget.data.get("label") == DJANGO_EMPTY_LABEL:
                bound_widget.data["label"] = NO_CHOICE_LABEL
        return widgets

    @property
    def input_id(self) -> str:
        return field_input_id(self)


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = GovukBoundField


class MoneyField(forms.DecimalField):
    """An amount of pounds, read as the importers read it (`vfmhub.lib.money.to_pounds`).

    "£1,234.50" and "1234.5" are £1,234.50; "1e30", "1e999999", "NaN" and a 23-digit number are
    refused with a message a person can act on, and so is a negative amount unless `min_value`
    says otherwise (money in the service is never negative: pass `min_value=None` to allow it).
    """

    widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})
    default_error_messages = {"min_value": MONEY_NOT_NEGATIVE}

    def __init__(self, *, min_value=0, max_digits: int = MONEY_MAX_DIGITS, **kwargs):
        kwargs["decimal_places"] = 2  # pence; a model field's formfield() passes its own too
        super().__init__(min_value=min_value, max_digits=max_digits, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return to_pounds(value, max_digits=self.max_digits or MONEY_MAX_DIGITS)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class YearField(forms.IntegerField):
    """A financial year by its starting calendar year (2009 for 2009/10), MIN_YEAR to MAX_YEAR."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
    default_error_messages = {
        "invalid": ENTER_A_YEAR,
        "min_value": ENTER_A_YEAR,
        "max_value": ENTER_A_YEAR,
    }

    def __init__(self, **kwargs):
        # Narrower bounds may be given, never wider ones (a model's formfield() passes 0).
        kwargs["min_value"] = max(kwargs.get("min_value") or MIN_YEAR, MIN_YEAR)
        kwargs["max_value"] = min(kwargs.get("max_value") or MAX_YEAR, MAX_YEAR)
        super().__init__(**kwargs)


SPREADSHEET_ENDINGS = (".xlsx", ".xls", ".csv")
FILE_KINDS = {
    ".xlsx": "an Excel workbook (.xlsx)",
    ".xls": "an Excel workbook (.xls)",
    ".csv": "a CSV file (.csv)",
    ".docx": "a Word document (.docx)",
}
BOTH_EXCEL = "an Excel workbook (.xlsx or .xls)"


def _one_of(endings: tuple[str, ...]) -> str:
    kinds = [FILE_KINDS[ending] for ending in endings]
    if ".xlsx" in endings and ".xls" in endings:
        kinds.remove(FILE_KINDS[".xls"])
        kinds[kinds.index(FILE_KINDS[".xlsx"])] = BOTH_EXCEL
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"


class UploadField(forms.FileField):
    """The file of an import: refused beyond `max_mb` megabytes, or when its name does not end
    in one of `endings`, each with a message that says what to send instead."""

    def __init__(
        self,
        *,
        max_mb: int = 10,
        endings: tuple[str, ...] = SPREADSHEET_ENDINGS,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.max_bytes = max_mb * 1024 * 1024
        self.endings = endings
        self.too_big = f"The file must be smaller than {max_mb} MB."
        self.wrong_kind = f"The file must be {_one_of(endings)}."

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload and upload.size > self.max_bytes:
            raise forms.ValidationError(self.too_big)
        if upload and not upload.name.lower().endswith(self.endings):
            raise forms.ValidationError(self.wrong_kind)
        return upload
