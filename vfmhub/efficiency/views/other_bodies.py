"""Other bodies in a partnership's programme (police, health bodies and others outside the
councils' register): listed for everyone who can see the programme, added and taken out by its
managers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.core.form_pages import add_service_errors, save_form_page
from vfmhub.efficiency import forms
from vfmhub.efficiency.access import (
    ProgrammeNeed,
    participant_for_programme,
    programme_for_user,
)
from vfmhub.efficiency.selectors.other_bodies import other_bodies_taking_part
from vfmhub.efficiency.services.other_bodies import (
    other_body_add,
    other_body_create,
    other_body_remove,
)
from vfmhub.efficiency.views.common import programme_url
from vfmhub.organisations.access import NOT_FOUND

OTHER_BODY_ADDED = "{organisation} now takes part in the programme."
OTHER_BODY_REMOVED = "{organisation} no longer takes part in the programme."
NEW_OTHER_BODY_INTRO = (
    "For a police body, primary care trust or other body outside the councils' register that is "
    "not on the site yet. It is recorded on the site and takes part in this programme."
)


def other_bodies(request, pk: int) -> HttpResponse:
    need = ProgrammeNeed.MANAGE if request.method == "POST" else ProgrammeNeed.READ
    programme, access = programme_for_user(request.user, pk, need=need)
    if programme.partnership_id is None:
        raise Http404(NOT_FOUND)
    form = forms.OtherBodyForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            other_body_add(acting_user=request.user, programme=programme, organisation=organisation)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, OTHER_BODY_ADDED.format(organisation=organisation))
            return redirect("efficiency:other_bodies", programme.pk)
    context = {
        "programme": programme,
        "participants": other_bodies_taking_part(programme),
        "form": form if access.can_manage else None,
        "back_url": programme_url(programme),
    }
    return render(request, "efficiency/other_bodies.html", context)


@require_POST
def other_body_delete(request, pk: int, org_pk: int) -> HttpResponse:
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    participant = participant_for_programme(programme, org_pk)
    try:
        other_body_remove(acting_user=request.user, participant=participant)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, OTHER_BODY_REMOVED.format(organisation=participant.organisation))
    return redirect("efficiency:other_bodies", programme.pk)


def other_body_new(request, pk: int) -> HttpResponse:
    """Record a body not on the site yet and let it take part."""
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    if programme.partnership_id is None:
        raise Http404(NOT_FOUND)
    return save_form_page(
        request,
        forms.NewOtherBodyForm(request.POST or None),
        lambda data: other_body_create(acting_user=request.user, programme=programme, **data),
        done=lambda participant: OTHER_BODY_ADDED.format(organisation=participant.organisation),
        back_url=reverse("efficiency:other_bodies", args=[programme.pk]),
        title="Add a body not on the site",
        caption=programme.name,
        submit_label="Add body",
        intro=NEW_OTHER_BODY_INTRO,
    )
