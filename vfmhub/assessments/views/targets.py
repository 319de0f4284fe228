"""The pages that manage a partnership's score targets (their progress shows on the dashboard)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from vfmhub.assessments.access import score_target_for_user
from vfmhub.assessments.forms.dashboard import DashboardForm
from vfmhub.assessments.forms.targets import ScoreTargetForm
from vfmhub.assessments.models import ScoreTarget
from vfmhub.assessments.selectors.dashboard import partnership_score_targets
from vfmhub.assessments.services import targets as services
from vfmhub.core.form_pages import save_form_page
from vfmhub.frameworks.access import version_for_user
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.lib import clock
from vfmhub.organisations.access import Need, PartnershipAccess, partnership_for_user

NO_VERSIONS = "There are no framework versions yet."


def target_list(request, pk: int):
    access = partnership_for_user(request.user, pk)
    context = {
        "access": access,
        "partnership": access.partnership,
        "score_targets": partnership_score_targets(access.partnership),
        "filters": DashboardForm.for_partnership(
            request.user, access.partnership, request.GET, today=clock.today()
        ),
    }
    return render(request, "assessments/target_list.html", context)


def _save_target(
    request,
    access: PartnershipAccess,
    version: FrameworkVersion,
    target: ScoreTarget | None = None,
):
    data = request.POST if request.method == "POST" else None

    def save(values: dict) -> ScoreTarget:
        return services.score_target_save(
            acting_user=request.user,
            partnership=access.partnership,
            version=version,
            target=target,
            **values,
        )

    return save_form_page(
        request,
        ScoreTargetForm(data, version=version, target=target),
        save,
        done="The target has been saved.",
        back_url=reverse("assessments:target_list", args=[access.partnership.pk]),
        title="Change a score target" if target else "Add a score target",
        caption=access.partnership.name,
        submit_label="Save target",
        intro=f"For {version.name}.",
    )


def target_add(request, pk: int):
    access = partnership_for_user(request.user, pk, need=Need.MANAGE)
    return _save_target(request, access, _version_for_new_target(request, access))


def _version_for_new_target(request, access: PartnershipAccess) -> FrameworkVersion:
    """The version asked for, else the dashboard's default version."""
    if request.GET.get("version"):
        return version_for_user(request.user, request.GET["version"])
    filters = DashboardForm.for_partnership(
        request.user, access.partnership, {}, today=clock.today()
    )
    if filters.choice is None:
        raise Http404(NO_VERSIONS)
    return filters.choice.version


def target_edit(request, pk: int, target_pk: int):
    access, target = score_target_for_user(request.user, pk, target_pk)
    return _save_target(request, access, target.version, target)


def target_delete(request, pk: int, target_pk: int):
    access, target = score_target_for_user(request.user, pk, target_pk)
    if request.method == "POST":
        services.score_target_delete(acting_user=request.user, target=target)
        messages.success(request, f"The target “{target}” has been removed.")
        return redirect("assessments:target_list", pk=pk)
    context = {"partnership": access.partnership, "target": target}
    return render(request, "assessments/target_confirm_delete.html", context)
