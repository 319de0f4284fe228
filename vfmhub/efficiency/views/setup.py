"""Programme set-up pages for its manager: deadlines, participating bodies, and each body's
baselines, carry-forward and tax base."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect

from vfmhub.core.form_pages import add_service_errors as add_errors
from vfmhub.core.form_pages import form_page
from vfmhub.efficiency import forms, services
from vfmhub.efficiency.access import ProgrammeNeed, programme_for_user
from vfmhub.efficiency.models import Participant, TaxBase
from vfmhub.efficiency.views.common import programme_url
from vfmhub.organisations.access import NOT_FOUND
from vfmhub.organisations.models import Organisation

DEADLINES_SAVED = "The return deadlines have been saved."
PARTICIPANTS_SAVED = "The bodies taking part have been saved."
BODY_SAVED = "The baselines, carry-forward and tax base for {organisation} have been saved."


def programme_deadlines(request, pk: int):
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    form = forms.DeadlinesForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for year, kind, due_on in form.deadlines():
                services.programme_set_deadline(
                    acting_user=request.user,
                    programme=programme,
                    year=year,
                    kind=kind,
                    due_on=due_on,
                )
        messages.success(request, DEADLINES_SAVED)
        return redirect(programme_url(programme))
    return form_page(
        request,
        form,
        title="Return deadlines",
        caption=programme.name,
        back_url=programme_url(programme),
        intro="Leave a date blank where no return of that kind is expected.",
    )


def _eligible(programme):
    if programme.organisation_id is not None:
        return Organisation.objects.filter(pk=programme.organisation_id)
    return (
        Organisation.objects.filter(
            partnership_memberships__partnership_id=programme.partnership_id
        )
        .order_by("name")
        .distinct()
    )


@transaction.atomic
def _save_participants(user, programme, chosen) -> None:
    current = {p.organisation_id: p for p in programme.participants.select_related("organisation")}
    for organisation in chosen:
        if organisation.pk not in current:
            services.participant_add(
                acting_user=user, programme=programme, organisation=organisation
            )
    chosen_ids = {o.pk for o in chosen}
    for org_id, participant in current.items():
        if org_id not in chosen_ids:
            services.participant_remove(acting_user=user, participant=participant)


def programme_participants(request, pk: int):
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    current = programme.participants.values_list("organisation_id", flat=True)
    form = forms.ParticipantsForm(
        request.POST or None, members=_eligible(programme), current=current
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_participants(request.user, programme, form.cleaned_data["organisations"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, PARTICIPANTS_SAVED)
            return redirect(programme_url(programme))
    return form_page(
        request,
        form,
        title="Bodies taking part",
        caption=programme.name,
        back_url=programme_url(programme),
    )


def _participant_of(programme, org_pk: int) -> Participant:
    participant = (
        Participant.objects.select_related("organisation")
        .filter(programme=programme, organisation_id=org_pk)
        .first()
    )
    if participant is None:
        raise Http404(NOT_FOUND)
    participant.programme = programme
    return participant


def _setup_initial(programme, participant) -> dict:
    baselines = programme.baselines.filter(organisation_id=participant.organisation_id)
    initial = {b.kind: b.amount for b in baselines}
    initial["baseline_year"] = programme.baseline_year
    initial["baseline_source"] = next((b.source for b in baselines if b.source), "")
    initial["carry_forward"] = participant.carry_forward
    initial["carry_forward_source"] = participant.carry_forward_source
    tax_base = TaxBase.objects.filter(organisation_id=participant.organisation_id).last()
    if tax_base:
        initial.update(tax_base_year=tax_base.year, band_d_equivalents=tax_base.band_d_equivalents)
    return initial


@transaction.atomic
def _save_body(user, programme, participant, data: dict) -> None:
    for kind, amount in [(k, data[k]) for k in ("total", "fire", "non_fire") if data[k]]:
        services.baseline_save(
            acting_user=user,
            programme=programme,
            organisation=participant.organisation,
            amount=amount,
            year=data["baseline_year"],
            kind=kind,
            source=data["baseline_source"],
        )
    services.participant_update(
        acting_user=user,
        participant=participant,
        carry_forward=data["carry_forward"],
        carry_forward_source=data["carry_forward_source"],
    )
    if data["tax_base_year"] and data["band_d_equivalents"]:
        services.tax_base_save(
            acting_user=user,
            organisation=participant.organisation,
            year=data["tax_base_year"],
            band_d_equivalents=data["band_d_equivalents"],
        )


def body_setup(request, pk: int, org_pk: int):
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    participant = _participant_of(programme, org_pk)
    form = forms.BodySetupForm(request.POST or None, initial=_setup_initial(programme, participant))
    if request.method == "POST" and form.is_valid():
        try:
            _save_body(request.user, programme, participant, form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            name = participant.organisation.name
            messages.success(request, BODY_SAVED.format(organisation=name))
            return redirect(programme_url(programme))
    return form_page(
        request,
        form,
        title="Baselines, carry-forward and tax base",
        caption=f"{participant.organisation.name}: {programme.name}",
        back_url=programme_url(programme),
    )
