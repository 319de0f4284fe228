"""Writes to assessments, split by sub-domain. Each records an AuditEvent filed under the
assessment's organisation (a score target's, in `targets`, under its partnership).

The assessment writes other apps and the pages use are importable from here.
"""

from vfmhub.assessments.services.evidence import (
    evidence_add_file,
    evidence_add_link,
    evidence_remove,
)
from vfmhub.assessments.services.findings import finding_add, finding_respond, finding_update
from vfmhub.assessments.services.rollups import rolled_up_enter, rollups_recalculate
from vfmhub.assessments.services.scores import score_amend, score_save
from vfmhub.assessments.services.workflow import (
    assessment_finalise,
    assessment_publish,
    assessment_reopen,
    assessment_start,
    assessment_submit,
)

__all__ = [
    "assessment_finalise",
    "assessment_publish",
    "assessment_reopen",
    "assessment_start",
    "assessment_submit",
    "evidence_add_file",
    "evidence_add_link",
    "evidence_remove",
    "finding_add",
    "finding_respond",
    "finding_update",
    "rolled_up_enter",
    "rollups_recalculate",
    "score_amend",
    "score_save",
]
