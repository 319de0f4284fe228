"""Template helpers for GOV.UK Frontend markup, loaded as builtins in every template."""

from decimal import Decimal

from django import forms, template
from django.utils.html import format_html, format_html_join

from vfmhub.core.forms import field_input_id, form_input_id
from vfmhub.lib.money import format_pounds
from vfmhub.lib.tabular_files import sheet_place
from vfmhub.lib.years import financial_year_label

register = template.Library()

_INPUT_CLASS = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
    "input": "govuk-input",
}


@register.filter
def govuk_kind(field) -> str:
    widget = field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.filter
def govuk_widget(field):
    """The field's widget with GOV.UK classes and its hint and error described."""
    kind = govuk_kind(field)
    css = [_INPUT_CLASS.get(kind, "govuk-input")]
    existing = field.field.widget.attrs.get("class")
    if existing:
        css.append(existing)
    if field.errors:
        css.append(f"{css[0]}--error")
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(css)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def govuk_input_id(field) -> str:
    """The id an error summary links to for this field: its first input."""
    return field_input_id(field)


@register.filter
def govuk_form_input_id(form) -> str:
    """The id an error summary links to for the form's own errors: its first input."""
    return form_input_id(form)


@register.simple_tag
def summary_row(key, value):
    return format_html(
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
        '<dd class="govuk-summary-list__value">{}</dd></div>',
        key,
        value if value not in (None, "") else "Not recorded",
    )


@register.filter
def pounds(value, unit: str = "") -> str:
    """£1,234.56; with "k" or "m", £1,235k or £1.2m."""
    if value is None or value == "":
        return ""
    return format_pounds(Decimal(value), unit=unit)


@register.filter
def financial_year(year) -> str:
    """2008 -> 2008/09."""
    return financial_year_label(int(year)) if year not in (None, "") else ""


class NumericHeading(str):
    """A column heading for figures: right-aligned, as GOV.UK numeric columns are."""


@register.filter
def numeric(label) -> NumericHeading:
    return NumericHeading(label)


@register.simple_tag
def table_head(*headings, caption: str = "", caption_size: str = "m") -> str:
    """A GOV.UK table's caption and header row.

    {% table_head "Body" "Amount"|numeric caption="Funding" %}
    """
    cells = format_html_join(
        "",
        '<th scope="col" class="govuk-table__header{}">{}</th>',
        (
            (" govuk-table__header--numeric" if isinstance(h, NumericHeading) else "", h)
            for h in headings
        ),
    )
    head = format_html(
        '<thead class="govuk-table__head"><tr class="govuk-table__row">{}</tr></thead>', cells
    )
    if not caption:
        return head
    return format_html(
        '<caption class="govuk-table__caption govuk-table__caption--{}">{}</caption>{}',
        caption_size,
        caption,
        head,
    )


@register.filter
def unrecognised_columns(errors) -> list:
    """The import errors that are columns the import does not recognise (the user may choose)."""
    return [e for e in errors or () if getattr(e, "ignorable", "")]


@register.filter(name="sheet_place")
def sheet_place_filter(name: str) -> str:
    """ "Risks" -> "Risks sheet"; "Sheet1" as it is."""
    return sheet_place(name) if name else ""
