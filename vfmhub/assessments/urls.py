from django.urls import path

from vfmhub.assessments.views import (
    assessments,
    compare,
    criteria,
    dashboard,
    findings,
    reports,
    rollups,
    targets,
    workflow,
)

app_name = "assessments"
ORGANISATION = "organisations/<int:pk>/assessments/"
ASSESSMENT = "assessments/<int:pk>/"
CRITERION = f"{ASSESSMENT}criteria/<int:criterion_pk>/"
PARTNERSHIP = "partnerships/<int:pk>/assessments/"

urlpatterns = [
    path(ORGANISATION, assessments.organisation_assessments, name="organisation_list"),
    path(f"{ORGANISATION}start/", assessments.assessment_start, name="start"),
    path(f"{ORGANISATION}compare/", compare.assessment_compare, name="compare"),
    path(f"{ORGANISATION}history/", compare.assessment_history, name="history"),
    path(ASSESSMENT, assessments.assessment_detail, name="detail"),
    path(f"{ASSESSMENT}submit/", workflow.assessment_submit, name="submit"),
    path(f"{ASSESSMENT}reopen/", assessments.assessment_reopen, name="reopen"),
    path(f"{ASSESSMENT}finalise/", workflow.assessment_finalise, name="finalise"),
    path(f"{ASSESSMENT}finalise/check/", workflow.assessment_finalise_check, name="finalise_check"),
    path(f"{ASSESSMENT}publish/", workflow.assessment_publish, name="publish"),
    path(CRITERION, criteria.criterion_score, name="criterion"),
    path(f"{CRITERION}amend/", criteria.score_amend, name="amend"),
    path(f"{CRITERION}evidence/upload/", criteria.evidence_upload, name="evidence_upload"),
    path(f"{CRITERION}evidence/link/", criteria.evidence_link, name="evidence_link"),
    path(
        f"{ASSESSMENT}evidence/<int:evidence_pk>/",
        criteria.evidence_download,
        name="evidence_download",
    ),
    path(
        f"{ASSESSMENT}evidence/<int:evidence_pk>/remove/",
        criteria.evidence_remove,
        name="evidence_remove",
    ),
    path(
        f"{ASSESSMENT}rolled-up/<int:rolled_up_pk>/",
        rollups.rolled_up_enter,
        name="rolled_up_enter",
    ),
    path(f"{ASSESSMENT}findings/add/", findings.finding_add, name="finding_add"),
    path(
        f"{ASSESSMENT}findings/<int:finding_pk>/edit/",
        findings.finding_edit,
        name="finding_edit",
    ),
    path(
        f"{ASSESSMENT}findings/<int:finding_pk>/respond/",
        findings.finding_respond,
        name="finding_respond",
    ),
]

# Downloads of one assessment (XLSX workbook, PDF report).
urlpatterns += [
    path(f"{ASSESSMENT}export.xlsx", reports.assessment_export_xlsx, name="export_xlsx"),
    path(f"{ASSESSMENT}report.pdf", reports.assessment_export_pdf, name="export_pdf"),
]

# The partnership score dashboard and score targets.
urlpatterns += [
    path(
        f"{PARTNERSHIP}dashboard/",
        dashboard.partnership_score_dashboard,
        name="partnership_dashboard",
    ),
    path(f"{PARTNERSHIP}targets/", targets.target_list, name="target_list"),
    path(f"{PARTNERSHIP}targets/add/", targets.target_add, name="target_add"),
    path(f"{PARTNERSHIP}targets/<int:target_pk>/edit/", targets.target_edit, name="target_edit"),
    path(
        f"{PARTNERSHIP}targets/<int:target_pk>/delete/",
        targets.target_delete,
        name="target_delete",
    ),
]
