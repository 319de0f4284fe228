from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.audit.selectors import audit_events_for_owner
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import form_page as _form_page
from vfmhub.organisations import forms, selectors, services
from vfmhub.organisations.access import (
    Need,
    membership_of,
    organisation_for_user,
    partnership_for_user,
    partnership_member_of,
    partnership_role_of,
)

HISTORY_PAGE_SIZE = 100
LIST_PAGE_SIZE = 50


def _invite_url_base(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def organisation_list(request):
    filters = forms.OrganisationFilterForm(request.GET or None)
    filters.is_valid()
    data = filters.cleaned_data if filters.is_bound else {}
    organisations = selectors.organisations_for_user(
        request.user, search=data.get("q", ""), body_type=data.get("body_type", "")
    )
    export = request.GET.get("export")
    if export:
        return export_response(
            export,
            filename="organisations",
            headers=["Name", "Short name", "Body type", "GSS code", "Region", "Active to"],
            rows=(
                [o.name, o.short_name, o.get_body_type_display(), o.gss_code, o.region, o.active_to]
                for o in organisations
            ),
        )
    page = Paginator(organisations, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/list.html",
        {"page": page, "filters": filters, "query": _query(request)},
    )


def _query(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def organisation_detail(request, pk: int):
    access = organisation_for_user(request.user, pk)
    organisation = access.organisation
    context = {
        "access": access,
        "organisation": organisation,
        "members": selectors.organisation_members(organisation),
        "partnerships": selectors.organisation_partnerships(organisation),
        "auditors": organisation.auditor_assignments.select_related("user"),
        "children": organisation.children.order_by("name"),
    }
    return render(request, "organisations/detail.html", context)


def organisation_edit(request, pk: int):
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    organisation = access.organisation
    form = forms.OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        organisation.refresh_from_db()  # the form set the new values on it; the service compares
        try:
            services.organisation_update(
                acting_user=request.user,
                organisation=organisation,
                expected_updated_at=form.cleaned_data["version"],
                **values,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The organisation's details have been saved.")
            return redirect("organisations:detail", pk=organisation.pk)
    return _form_page(
        request,
        form,
        title="Change details",
        caption=organisation.name,
        back_url=reverse("organisations:detail", args=[organisation.pk]),
    )


def organisation_member_invite(request, pk: int):
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    organisation = access.organisation
    form = forms.InviteMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = services.organisation_member_invite(
            acting_user=request.user,
            organisation=organisation,
            invite_url_base=_invite_url_base(request),
            **form.cleaned_data,
        )
        messages.success(
            request, f"{membership.user.email} is now a {membership.get_role_display().lower()}."
        )
        return redirect("organisations:detail", pk=organisation.pk)
    return _form_page(
        request,
        form,
        title="Add a person",
        caption=organisation.name,
        back_url=reverse("organisations:detail", args=[organisation.pk]),
        submit_label="Add person",
        intro="If they do not have an account yet, they will be emailed a link to set a password.",
    )


def organisation_member_role(request, pk: int, member_pk: int):
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    membership = membership_of(access, member_pk)
    form = forms.MemberRoleForm(
        request.POST or None,
        initial={"role": membership.role, "officer_title": membership.officer_title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_member_set_role(
                acting_user=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error("role", exc)
        else:
            messages.success(request, f"{membership.user.email}'s role has been changed.")
            return redirect("organisations:detail", pk=pk)
    return _form_page(
        request,
        form,
        title=f"Change role for {membership.user.email}",
        caption=access.organisation.name,
        back_url=reverse("organisations:detail", args=[pk]),
    )


@require_POST
def organisation_member_remove(request, pk: int, member_pk: int):
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    membership = membership_of(access, member_pk)
    try:
        services.organisation_member_remove(acting_user=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{membership.user.email} no longer has a role here.")
    return redirect("organisations:detail", pk=pk)


def organisation_history(request, pk: int):
    access = organisation_for_user(request.user, pk)
    events = audit_events_for_owner(organisation=access.organisation)
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/history.html",
        {
            "object": access.organisation,
            "events": page,
            "page": page,
            "back_url": reverse("organisations:detail", args=[pk]),
        },
    )


def partnership_list(request):
    partnerships = selectors.partnerships_for_user(request.user)
    return render(request, "organisations/partnership_list.html", {"partnerships": partnerships})


def partnership_detail(request, pk: int):
    access = partnership_for_user(request.user, pk)
    partnership = access.partnership
    members = selectors.partnership_members_for_user(request.user, partnership)
    export = request.GET.get("export")
    if export:
        return export_response(
            export,
            filename=f"{partnership.display_name}-members",
            headers=["Organisation", "Body type", "GSS code", "Region", "Joined", "Left"],
            rows=(
                [
                    m.organisation.name,
                    m.organisation.get_body_type_display(),
                    m.organisation.gss_code,
                    m.organisation.region,
                    m.joined,
                    m.left,
                ]
                for m in members
            ),
        )
    context = {
        "access": access,
        "partnership": partnership,
        "members": members,
        "people": selectors.partnership_people(partnership),
    }
    return render(request, "organisations/partnership_detail.html", context)


def partnership_member_add(request, pk: int):
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    partnership = access.partnership
    form = forms.PartnershipMemberForm(
        request.POST or None,
        organisations=selectors.organisations_open(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_member_add(
                acting_user=request.user, partnership=partnership, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error("organisation", exc)
        else:
            messages.success(request, f"{form.cleaned_data['organisation']} has joined.")
            return redirect("organisations:partnership_detail", pk=pk)
    return _form_page(
        request,
        form,
        title="Add a member body",
        caption=partnership.name,
        back_url=reverse("organisations:partnership_detail", args=[pk]),
        submit_label="Add member",
    )


def partnership_member_end(request, pk: int, member_pk: int):
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    member = partnership_member_of(access, member_pk)
    form = forms.PartnershipMemberEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_member_end(
                acting_user=request.user, member=member, left=form.cleaned_data["left"]
            )
        except ValidationError as exc:
            form.add_error("left", exc)
        else:
            messages.success(request, f"{member.organisation}'s membership has been ended.")
            return redirect("organisations:partnership_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=f"End {member.organisation}'s membership",
        caption=access.partnership.name,
        back_url=reverse("organisations:partnership_detail", args=[pk]),
        submit_label="End membership",
        intro="Its history stays: returns and scores from while it was a member are kept.",
    )


def partnership_role_add(request, pk: int):
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    form = forms.PartnershipRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant = services.partnership_role_grant(
            acting_user=request.user,
            partnership=access.partnership,
            invite_url_base=_invite_url_base(request),
            **form.cleaned_data,
        )
        messages.success(
            request, f"{grant.user.email} is now a {grant.get_role_display().lower()}."
        )
        return redirect("organisations:partnership_detail", pk=pk)
    return _form_page(
        request,
        form,
        title="Add a person to the partnership",
        caption=access.partnership.name,
        back_url=reverse("organisations:partnership_detail", args=[pk]),
        submit_label="Add person",
    )


@require_POST
def partnership_role_remove(request, pk: int, role_pk: int):
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    grant = partnership_role_of(access, role_pk)
    services.partnership_role_revoke(acting_user=request.user, grant=grant)
    messages.success(
        request, f"{grant.user.email} is no longer a {grant.get_role_display().lower()}."
    )
    return redirect("organisations:partnership_detail", pk=pk)


def partnership_history(request, pk: int):
    access = partnership_for_user(request.user, pk)
    events = audit_events_for_owner(partnership=access.partnership)
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/history.html",
        {
            "object": access.partnership,
            "events": page,
            "page": page,
            "back_url": reverse("organisations:partnership_detail", args=[pk]),
        },
    )
