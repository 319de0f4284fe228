from django.urls import path

from vfmhub.assessments import views_dashboard, views_reports
from vfmhub.assessments.views import assessments, compare, criteria, findings, rollups, workflow

app_name = "assessments"

urlpatterns = [
    path(
        "organisations/<int:pk>/assessments/",
        assessments.organisation_assessments,
        name="organisation_list",
    ),
    path(
        "organisations/<int:pk>/assessments/start/",
        assessments.assessment_start,
        name="start",
    ),
    path(
        "organisations/<int:pk>/assessments/compare/",
        compare.assessment_compare,
        name="compare",
    ),
    path(
        "organisations/<int:pk>/assessments/history/",
        compare.assessment_history,
        name="history",
    ),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="detail"),
    path("assessments/<int:pk>/submit/", workflow.assessment_submit, name="submit"),
    path("assessments/<int:pk>/reopen/", assessments.assessment_reopen, name="reopen"),
    path("assessments/<int:pk>/finalise/", workflow.assessment_finalise, name="finalise"),
    path(
        "assessments/<int:pk>/finalise/check/",
        workflow.assessment_finalise_check,
        name="finalise_check",
    ),
    path("assessments/<int:pk>/publish/", workflow.assessment_publish, name="publish"),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/",
        criteria.criterion_score,
        name="criterion",
    ),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/amend/",
        criteria.score_amend,
        name="amend",
    ),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/evidence/upload/",
        criteria.evidence_upload,
        name="evidence_upload",
    ),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/evidence/link/",
        criteria.evidence_link,
        name="evidence_link",
    ),
    path(
        "assessments/<int:pk>/evidence/<int:evidence_pk>/",
        criteria.evidence_download,
        name="evidence_download",
    ),
    path(
        "assessments/<int:pk>/evidence/<int:evidence_pk>/remove/",
        criteria.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "assessments/<int:pk>/rolled-up/<int:rolled_up_pk>/",
        rollups.rolled_up_enter,
        name="rolled_up_enter",
    ),
    path("assessments/<int:pk>/findings/add/", findings.finding_add, name="finding_add"),
    path(
        "assessments/<int:pk>/findings/<int:finding_pk>/edit/",
        findings.finding_edit,
        name="finding_edit",
    ),
    path(
        "assessments/<int:pk>/findings/<int:finding_pk>/respond/",
        findings.finding_respond,
        name="finding_respond",
    ),
]

# Downloads of one assessment (XLSX workbook, PDF report).
urlpatterns += [
    path(
        "assessments/<int:pk>/export.xlsx",
        views_reports.assessment_export_xlsx,
        name="export_xlsx",
    ),
    path(
        "assessments/<int:pk>/report.pdf",
        views_reports.assessment_export_pdf,
        name="export_pdf",
    ),
]

# The partnership score dashboard and score targets (views_dashboard.py).
urlpatterns += [
    path(
        "partnerships/<int:pk>/assessments/dashboard/",
        views_dashboard.partnership_score_dashboard,
        name="partnership_dashboard",
    ),
    path(
        "partnerships/<int:pk>/assessments/targets/",
        views_dashboard.target_list,
        name="target_list",
    ),
    path(
        "partnerships/<int:pk>/assessments/targets/add/",
        views_dashboard.target_add,
        name="target_add",
    ),
    path(
        "partnerships/<int:pk>/assessments/targets/<int:target_pk>/edit/",
        views_dashboard.target_edit,
        name="target_edit",
    ),
    path(
        "partnerships/<int:pk>/assessments/targets/<int:target_pk>/delete/",
        views_dashboard.target_delete,
        name="target_delete",
    ),
]
