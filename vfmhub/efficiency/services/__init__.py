"""Writes to efficiency programmes. Each records an AuditEvent filed under the body it concerns and
the programme's partnership. Split by sub-domain; import the functions from here.
"""

from vfmhub.efficiency.services.baselines import baseline_save, body_setup_save, tax_base_save
from vfmhub.efficiency.services.chase import return_chase
from vfmhub.efficiency.services.gains import (
    gain_add,
    gain_confirm_persistence,
    gain_remove,
    gain_update,
)
from vfmhub.efficiency.services.programmes import (
    category_add,
    participant_add,
    participant_remove,
    participant_update,
    participants_set,
    programme_create,
    programme_set_deadline,
    programme_set_deadlines,
    programme_set_targets,
    programme_update,
)
from vfmhub.efficiency.services.returns import return_save, return_submit

__all__ = [
    "baseline_save",
    "body_setup_save",
    "category_add",
    "gain_add",
    "gain_confirm_persistence",
    "gain_remove",
    "gain_update",
    "participant_add",
    "participant_remove",
    "participant_update",
    "participants_set",
    "programme_create",
    "programme_set_deadline",
    "programme_set_deadlines",
    "programme_set_targets",
    "programme_update",
    "return_chase",
    "return_save",
    "return_submit",
    "tax_base_save",
]
