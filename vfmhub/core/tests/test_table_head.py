"""The table_head tag: a GOV.UK caption and header row from a list of headings."""

from django.template import engines


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_headings_in_order_with_numeric_columns_right_aligned():
    html = render('{% table_head "Body" "Amount"|numeric %}')
    assert html == (
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header">Body</th>'
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Amount</th>'
        "</tr></thead>"
    )


def test_caption_comes_first_at_the_size_asked_for():
    html = render('{% table_head "Year" caption="Targets" caption_size="s" %}')
    assert html.startswith(
        '<caption class="govuk-table__caption govuk-table__caption--s">Targets</caption><thead'
    )
    assert 'caption--m">Plans' in render('{% table_head "Year" caption="Plans" %}')


def test_headings_from_the_context_are_escaped():
    html = render("{% table_head heading caption=title %}", heading="<b>", title="A & B")
    assert '<th scope="col" class="govuk-table__header">&lt;b&gt;</th>' in html
    assert ">A &amp; B</caption>" in html
