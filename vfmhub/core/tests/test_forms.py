"""The GOV.UK form renderer, field template and error summary."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import engines

from vfmhub.core.forms import choose_label
from vfmhub.core.templatetags.govuk import financial_year, pounds, summary_row
from vfmhub.organisations.models import Organisation


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As it appears on letters.")
    email = forms.EmailField(label="Email address")
    body_type = forms.ChoiceField(label="Body type", choices=[("", "Choose"), ("fire", "Fire")])
    role = forms.ChoiceField(
        label="Role",
        choices=[("viewer", "Viewer"), ("editor", "Editor"), ("manager", "Manager")],
        widget=forms.RadioSelect,
        help_text="What they may do.",
    )
    shared = forms.ChoiceField(
        label="Shared", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="I agree", required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)


def render(template: str, request=None, **context) -> str:
    return engines["django"].from_string(template).render(context, request=request)


def test_it_renders_a_text_input_with_its_label_and_hint():
    html = str(ExampleForm())
    assert '<label class="govuk-label govuk-label--s" for="id_name">Name</label>' in html
    assert '<div id="id_name-hint" class="govuk-hint">As it appears on letters.</div>' in html
    assert 'class="govuk-input"' in html
    assert 'aria-describedby="id_name-hint"' in html


def test_it_renders_selects_textareas_and_hidden_fields():
    html = str(ExampleForm())
    assert '<select name="body_type" class="govuk-select"' in html
    assert 'class="govuk-textarea"' in html
    assert '<input type="hidden" name="version"' in html
    assert html.count("govuk-form-group") == 7  # every visible field, not the hidden one


def test_it_renders_radios_in_a_fieldset_with_a_legend():
    html = str(ExampleForm())
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_role-hint">' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Role</legend>' in html
    assert 'class="govuk-radios__input" id="id_role_0" name="role" type="radio"' in html
    assert '<label class="govuk-label govuk-radios__label" for="id_role_0">Viewer</label>' in html
    # Two choices sit side by side; more are stacked.
    assert 'class="govuk-radios govuk-radios--inline" data-module="govuk-radios"' in html
    assert 'class="govuk-radios" data-module="govuk-radios"' in html


def test_it_keeps_the_chosen_radio_checked():
    html = str(ExampleForm({"role": "editor"}))
    assert 'id="id_role_1" name="role" type="radio" value="editor" checked' in html


def test_it_renders_a_single_checkbox():
    html = str(ExampleForm({"agree": "on"}))
    assert 'class="govuk-checkboxes__input" id="id_agree" name="agree" type="checkbox" checked' in (
        html
    )


def test_it_marks_fields_with_errors():
    form = ExampleForm({"email": "not-an-email"})
    html = str(form)
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert (
        '<p id="id_email-error" class="govuk-error-message"><span class="govuk-visually-hidden">'
        "Error:</span> Enter a valid email address.</p>"
    ) in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert 'aria-describedby="id_role-hint id_role-error"' in html


def test_it_summarises_errors_with_links_to_each_field():
    form = ExampleForm({"email": "not-an-email"})
    form.add_error(None, "Someone else changed this.")
    html = render('{% include "core/includes/error_summary.html" %}', form=form)
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert '<a href="#id_email">Enter a valid email address.</a>' in html
    assert '<a href="#id_name">This field is required.</a>' in html
    # The form's own errors go to its first input; radios to their first option, as GOV.UK does.
    assert '<a href="#id_name">Someone else changed this.</a>' in html
    assert '<a href="#id_role_0">This field is required.</a>' in html
    assert 'href="#id_role"' not in html
    assert 'role="alert"' in html


class ChoicesForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"), label="Framework version"
    )
    rag = forms.ChoiceField(label="RAG rating", choices=[("", "---------"), ("red", "Red")])
    owner = forms.ChoiceField(
        choices=[("", "---------"), ("a", "Ashby")], required=False, widget=forms.RadioSelect
    )
    named = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), label="Lead body", empty_label="No lead body"
    )


@pytest.mark.django_db
def test_it_names_the_empty_choice_after_the_field(personas):
    form = ChoicesForm()
    html = str(form)
    assert '<option value="" selected>Choose framework version</option>' in html
    assert '<option value="" selected>Choose RAG rating</option>' in html  # acronym kept
    assert '<option value="" selected>No lead body</option>' in html  # a form's own label stays
    assert "---------" not in html
    # Rendered alone, as filter forms do, the field says the same.
    assert "Choose framework version" in str(form["organisation"])
    assert "Ashby District Council" in str(form["organisation"])


@pytest.mark.django_db
def test_it_names_an_optional_radios_empty_choice_none(personas):
    html = str(ChoicesForm())
    assert '<label class="govuk-label govuk-radios__label" for="id_owner_0">None</label>' in html
    assert "---------" not in html


@pytest.mark.django_db
def test_it_still_runs_one_query_for_a_model_choice_field(personas, django_assert_num_queries):
    form = ChoicesForm()
    with django_assert_num_queries(1):  # the organisations, once
        str(form["organisation"])


def test_it_builds_the_choose_label():
    assert choose_label("Round") == "Choose round"
    assert choose_label("KLOE") == "Choose KLOE"
    assert choose_label("Partnership:") == "Choose partnership"
    assert choose_label("") == "Choose one"


def test_it_shows_no_summary_without_errors():
    html = render('{% include "core/includes/error_summary.html" %}', form=ExampleForm())
    assert html.strip() == ""


def test_it_prefixes_the_page_title_when_a_form_has_errors(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    page = '{% extends "core/form_page.html" %}'
    html = render(page, request, form=ExampleForm({}), title="Add a person")
    assert "<title>Error: Add a person – VFM Hub</title>" in html
    clean = render(page, request, form=ExampleForm(), title="Add a person")
    assert "<title>Add a person – VFM Hub</title>" in clean


def test_it_formats_money_and_years():
    assert pounds("1234.5") == "£1,234.50"
    assert pounds(None) == ""
    assert financial_year(2008) == "2008/09"
    assert financial_year("") == ""


def test_it_renders_summary_rows_with_a_placeholder_for_nothing():
    assert '<dd class="govuk-summary-list__value">Not recorded</dd>' in summary_row("Lead", None)
    assert "&lt;b&gt;" in summary_row("Lead", "<b>")
