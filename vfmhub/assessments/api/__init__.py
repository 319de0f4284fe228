"""Assessments over the API, mounted at /api/v1/assessments, with the pages' rules and permissions.

Reads go through the access layer (`vfmhub.assessments.access`, `organisation_for_user`,
`partnership_for_user`) and the app's selectors; writes go through the services, which validate
and audit. A change names the version it changes (`updated_at`, see `vfmhub.core.api.versions`):
428 without one, 409 Conflict when it would overwrite someone else's newer change.

The list and start endpoints sit at the router's own root, so `router` is the assessments part's;
the other parts join it.
"""

from vfmhub.assessments.api import dashboard, findings, scores
from vfmhub.assessments.api.assessments import router
from vfmhub.assessments.api.common import keep_operation_ids

__all__ = ["router"]

keep_operation_ids(router)
for part in (scores, findings, dashboard):
    keep_operation_ids(part.router)
    router.add_router("", part.router)
