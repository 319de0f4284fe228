"""The reports pages' URLs: an organisation's and, with the same views, a partnership's."""

from django.urls import URLPattern, path

from vfmhub.performance.views import reports as views

ORGANISATION = "organisations/<int:pk>/performance/reports/"
PARTNERSHIP = "partnerships/<int:pk>/performance/reports/"
STEPS = {
    "sign_off_service": "sign-off/service/",
    "sign_off_director": "sign-off/director/",
    "send_back": "send-back/",
    "publish": "publish/",
}


def _patterns(prefix: str, kind: str, name_prefix: str) -> list[URLPattern]:
    owner = {"kind": kind}
    patterns = [
        path(prefix, views.report_list, owner, name=f"{name_prefix}reports"),
        path(f"{prefix}new/", views.report_create, owner, name=f"{name_prefix}report_create"),
        path(f"{prefix}<int:report_pk>/", views.report_page, owner, name=f"{name_prefix}report"),
        path(
            f"{prefix}<int:report_pk>/report.pdf",
            views.report_pdf,
            owner,
            name=f"{name_prefix}report_pdf",
        ),
        path(
            f"{prefix}<int:report_pk>/report.xlsx",
            views.report_xlsx,
            owner,
            name=f"{name_prefix}report_xlsx",
        ),
    ]
    for step, route in STEPS.items():
        patterns.append(
            path(
                f"{prefix}<int:report_pk>/{route}",
                views.report_step,
                {**owner, "step": step},
                name=f"{name_prefix}report_{step}",
            )
        )
    return patterns


urlpatterns: list[URLPattern] = [
    *_patterns(ORGANISATION, views.ORGANISATION, ""),
    *_patterns(PARTNERSHIP, views.PARTNERSHIP, "partnership_"),
]
