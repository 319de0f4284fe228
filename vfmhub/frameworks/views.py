from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.frameworks import forms, selectors, services, tables
from vfmhub.frameworks.access import criterion_for_user, framework_for_user, version_for_user
from vfmhub.organisations.access import Need, partnership_for_user
from vfmhub.organisations.models import BodyType


def _export(request, *, filename, headers, rows):
    """The list as a download when `?export=` asks for one, else None."""
    fmt = request.GET.get("export")
    if not fmt:
        return None
    return export_response(fmt, filename=filename, headers=headers, rows=rows)


def framework_list(request):
    frameworks = selectors.frameworks_for_user(request.user)
    return _export(
        request,
        filename="frameworks",
        headers=tables.FRAMEWORK_HEADERS,
        rows=tables.framework_rows(frameworks),
    ) or render(request, "frameworks/framework_list.html", {"frameworks": frameworks})


def framework_detail(request, pk: int):
    framework = framework_for_user(request.user, pk)
    versions = selectors.framework_versions(request.user, framework)
    return _export(
        request,
        filename=f"{framework.name} versions",
        headers=tables.VERSION_HEADERS,
        rows=tables.version_rows(versions),
    ) or render(
        request, "frameworks/framework_detail.html", {"framework": framework, "versions": versions}
    )


def version_detail(request, pk: int):
    version = version_for_user(request.user, pk)
    export = _export(
        request,
        filename=f"{version.name} {version.criterion_noun_plural}",
        headers=tables.CRITERION_HEADERS,
        rows=tables.criterion_rows(selectors.version_criteria(version)),
    )
    if export:
        return export
    themes = list(selectors.version_themes(version))
    return render(
        request,
        "frameworks/version_detail.html",
        {
            "version": version,
            "themes": themes,
            # Some frameworks (Best Value's characteristics) have no questions: drop the column.
            "has_questions": any(c.question for t in themes for c in t.criteria.all()),
            "scale": selectors.scale_table(version),
            "rules": selectors.version_rules(version),
            "finding_types": selectors.version_finding_types(version),
        },
    )


def criterion_detail(request, pk: int):
    criterion = criterion_for_user(request.user, pk)
    detailed = selectors.criterion_details(criterion)
    labels = selectors.default_labels(criterion.version)
    return _export(
        request,
        filename=f"{criterion.version.name} {criterion.code} level descriptors",
        headers=tables.DESCRIPTOR_HEADERS,
        rows=tables.descriptor_rows(detailed.level_descriptors.all(), labels),
    ) or render(
        request,
        "frameworks/criterion_detail.html",
        {
            "criterion": detailed,
            "version": criterion.version,
            "descriptors": [
                (d, labels.get(d.level_id, "")) for d in detailed.level_descriptors.all()
            ],
        },
    )


def applicability(request, pk: int):
    version = version_for_user(request.user, pk)
    partnership_id = request.GET.get("partnership")
    partnership = (
        partnership_for_user(request.user, partnership_id).partnership if partnership_id else None
    )
    matrix = selectors.applicability_matrix(version, partnership)
    return _export(
        request,
        filename=f"{version.name} applicability",
        headers=tables.matrix_headers(matrix),
        rows=tables.matrix_rows(matrix),
    ) or render(
        request,
        "frameworks/applicability.html",
        {
            "version": version,
            "matrix": matrix,
            "managed": selectors.partnerships_managed_by(request.user),
            "query": f"partnership={partnership.pk}" if partnership else "",
        },
    )


def applicability_edit(request, pk: int, partnership_pk: int, body_type: str):
    access = partnership_for_user(request.user, partnership_pk, need=Need.MANAGE)
    version = version_for_user(request.user, pk)
    if body_type not in BodyType.values:
        raise Http404("Not found.")
    criteria = list(selectors.criteria_with_applicability(version, body_type, access.partnership))
    form = forms.ApplicabilityOverrideForm(
        request.POST or None, criteria=criteria, noun=version.criterion_noun_plural
    )
    back = reverse("frameworks:applicability", args=[version.pk])
    back_url = f"{back}?partnership={access.partnership.pk}"
    return save_form_page(
        request,
        form,
        lambda data: services.applicability_override_set(
            acting_user=request.user,
            version=version,
            partnership=access.partnership,
            body_type=body_type,
            applicable_ids=data["criteria"],
            note=data["note"],
        ),
        done=lambda changed: f"Saved: {changed} change(s) for {access.partnership}.",
        title=f"{capfirst(version.criterion_noun_plural)} for {BodyType(body_type).label}",
        caption=f"{version.name} – {access.partnership}",
        back_url=back_url,
        intro=(
            "Your choices apply to this partnership only. Where a choice matches the "
            "default, no override is kept."
        ),
    )
