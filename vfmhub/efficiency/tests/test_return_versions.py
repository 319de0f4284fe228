"""The return form carries the draft's version: a save over someone else's newer draft is refused
with the form's error, and the draft keeps their figures. So does submitting a changed draft."""

from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.efficiency import services
from vfmhub.efficiency.models import EfficiencyReturn, ReturnStatus
from vfmhub.efficiency.tests.conftest import body_url
from vfmhub.testing import client_for


def _draft(personas, programme, narrative: str) -> EfficiencyReturn:
    return services.return_save(
        acting_user=personas.editor,
        programme=programme,
        organisation=personas.org_a,
        year=2009,
        kind="forecast",
        narrative=narrative,
    )


def _opened_form(personas, programme) -> dict:
    url = body_url(programme, personas.org_a, "efficiency:return_edit") + "?year=2009&kind=forecast"
    form = client_for(personas.editor).get(url).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_it_refuses_to_save_over_a_draft_changed_since_the_form_was_opened(personas, programme):
    _draft(personas, programme, "Our first view.")
    opened = _opened_form(personas, programme)
    _draft(personas, programme, "A colleague's newer view.")

    response = client_for(personas.editor).post(
        body_url(programme, personas.org_a, "efficiency:return_edit"),
        opened | {"value_source": "register", "narrative": "My stale view."},
    )

    assert response.status_code == 200
    assert CHANGED_SINCE_OPENED in response.content.decode()
    assert EfficiencyReturn.objects.get().narrative == "A colleague's newer view."


def test_it_saves_a_draft_opened_at_its_current_version(personas, programme):
    _draft(personas, programme, "Our first view.")
    opened = _opened_form(personas, programme)

    response = client_for(personas.editor).post(
        body_url(programme, personas.org_a, "efficiency:return_edit"),
        opened | {"value_source": "register", "narrative": "Our second view."},
    )

    assert response.status_code == 302
    assert EfficiencyReturn.objects.get().narrative == "Our second view."


def test_it_refuses_to_submit_a_draft_changed_since_it_was_checked(personas, programme):
    draft = _draft(personas, programme, "Checked by the manager.")
    checked_at = draft.updated_at.isoformat()
    _draft(personas, programme, "Changed after the check.")

    client_for(personas.manager).post(
        body_url(programme, personas.org_a, "efficiency:return_submit", draft.pk),
        {"version_stamp": checked_at},
    )

    assert EfficiencyReturn.objects.get().status == ReturnStatus.DRAFT
