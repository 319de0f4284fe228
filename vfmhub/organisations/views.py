from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vfmhub.audit.selectors import audit_events_for_owner
from vfmhub.audit.views import history_page
from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.core.post_outcomes import report_outcome
from vfmhub.organisations import forms, selectors, services
from vfmhub.organisations.access import (
    Need,
    membership_of,
    organisation_for_user,
    partnership_for_user,
    partnership_member_of,
    partnership_role_of,
)

LIST_PAGE_SIZE = 50


NON_FIELD = None  # a service error that names no field shows above the form


def _invite_url_base(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _detail_url(pk: int) -> str:
    return reverse("organisations:detail", args=[pk])


def _partnership_url(pk: int) -> str:
    return reverse("organisations:partnership_detail", args=[pk])


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
        "auditors": selectors.organisation_auditors(organisation),
        "children": selectors.organisation_children(organisation),
    }
    return render(request, "organisations/detail.html", context)


def organisation_edit(request, pk: int):
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    organisation = access.organisation
    form = forms.OrganisationForm(request.POST or None, instance=organisation)

    def save(data: dict):
        organisation.refresh_from_db()  # the form set the new values on it; the service compares
        version = data.pop("version")
        return services.organisation_update(
            acting_user=request.user,
            organisation=organisation,
            expected_updated_at=version,
            **data,
        )

    return save_form_page(
        request,
        form,
        save,
        done="The organisation's details have been saved.",
        title="Change details",
        caption=organisation.name,
        back_url=_detail_url(organisation.pk),
        error_field=NON_FIELD,
    )


def organisation_member_invite(request, pk: int):
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    return save_form_page(
        request,
        forms.InviteMemberForm(request.POST or None),
        lambda data: services.organisation_member_invite(
            acting_user=request.user,
            organisation=access.organisation,
            invite_url_base=_invite_url_base(request),
            **data,
        ),
        done=lambda membership: (
            f"{membership.user.email} is now a {membership.get_role_display().lower()}."
        ),
        title="Add a person",
        caption=access.organisation.name,
        back_url=_detail_url(pk),
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
    return save_form_page(
        request,
        form,
        lambda data: services.organisation_member_set_role(
            acting_user=request.user, membership=membership, **data
        ),
        done=f"{membership.user.email}'s role has been changed.",
        title=f"Change role for {membership.user.email}",
        caption=access.organisation.name,
        back_url=_detail_url(pk),
        error_field="role",
    )


@require_POST
def organisation_member_remove(request, pk: int, member_pk: int):
    access = organisation_for_user(request.user, pk, need=Need.MANAGE)
    membership = membership_of(access, member_pk)
    report_outcome(
        request,
        lambda: services.organisation_member_remove(
            acting_user=request.user, membership=membership
        ),
        f"{membership.user.email} no longer has a role here.",
    )
    return redirect("organisations:detail", pk=pk)


def organisation_history(request, pk: int):
    access = organisation_for_user(request.user, pk)
    return history_page(
        request,
        owner=access.organisation,
        events=audit_events_for_owner(organisation=access.organisation),
        back_url=_detail_url(pk),
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
    form = forms.PartnershipMemberForm(
        request.POST or None, organisations=selectors.organisations_open()
    )
    return save_form_page(
        request,
        form,
        lambda data: services.partnership_member_add(
            acting_user=request.user, partnership=access.partnership, **data
        ),
        done=lambda member: f"{member.organisation} has joined.",
        title="Add a member body",
        caption=access.partnership.name,
        back_url=_partnership_url(pk),
        submit_label="Add member",
        error_field="organisation",
    )


def partnership_member_end(request, pk: int, member_pk: int):
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    member = partnership_member_of(access, member_pk)
    return save_form_page(
        request,
        forms.PartnershipMemberEndForm(request.POST or None),
        lambda data: services.partnership_member_end(
            acting_user=request.user, member=member, left=data["left"]
        ),
        done=f"{member.organisation}'s membership has been ended.",
        title=f"End {member.organisation}'s membership",
        caption=access.partnership.name,
        back_url=_partnership_url(pk),
        submit_label="End membership",
        intro="Its history stays: returns and scores from while it was a member are kept.",
        error_field="left",
    )


def partnership_role_add(request, pk: int):
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    return save_form_page(
        request,
        forms.PartnershipRoleForm(request.POST or None),
        lambda data: services.partnership_role_grant(
            acting_user=request.user,
            partnership=access.partnership,
            invite_url_base=_invite_url_base(request),
            **data,
        ),
        done=lambda grant: f"{grant.user.email} is now a {grant.get_role_display().lower()}.",
        title="Add a person to the partnership",
        caption=access.partnership.name,
        back_url=_partnership_url(pk),
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
    return history_page(
        request,
        owner=access.partnership,
        events=audit_events_for_owner(partnership=access.partnership),
        back_url=_partnership_url(pk),
    )
