"""The names a partnership's files give its bodies ("County Council" for Leicestershire County
Council): listed for everyone who can see the programme, added and removed by its managers. The
returns import matches them as it matches a body's own name."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vfmhub.core.form_pages import add_service_errors
from vfmhub.efficiency import forms
from vfmhub.efficiency.access import ProgrammeNeed, alias_for_programme, programme_for_user
from vfmhub.efficiency.selectors.aliases import aliases_for_programme
from vfmhub.efficiency.services.aliases import body_alias_add, body_alias_remove
from vfmhub.efficiency.views.common import programme_url
from vfmhub.organisations.access import NOT_FOUND

ALIAS_ADDED = "‘{name}’ now stands for {organisation} in imported files."
ALIAS_REMOVED = "‘{name}’ no longer stands for {organisation}."


def body_aliases(request, pk: int) -> HttpResponse:
    """The aliases, and (for a manager) the form that adds one."""
    need = ProgrammeNeed.MANAGE if request.method == "POST" else ProgrammeNeed.READ
    programme, access = programme_for_user(request.user, pk, need=need)
    if programme.partnership is None:
        raise Http404(NOT_FOUND)
    form = forms.BodyAliasForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            alias = body_alias_add(
                acting_user=request.user,
                partnership=programme.partnership,
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            message = ALIAS_ADDED.format(name=alias.name, organisation=alias.organisation)
            messages.success(request, message)
            return redirect("efficiency:body_aliases", programme.pk)
    context = {
        "programme": programme,
        "access": access,
        "aliases": aliases_for_programme(programme),
        "form": form if access.can_manage else None,
        "back_url": programme_url(programme),
    }
    return render(request, "efficiency/aliases.html", context)


@require_POST
def body_alias_delete(request, pk: int, alias_pk: int) -> HttpResponse:
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    alias = alias_for_programme(programme, alias_pk)
    body_alias_remove(acting_user=request.user, alias=alias)
    messages.success(
        request, ALIAS_REMOVED.format(name=alias.name, organisation=alias.organisation)
    )
    return redirect("efficiency:body_aliases", programme.pk)
