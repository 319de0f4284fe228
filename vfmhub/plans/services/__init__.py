"""Writes to improvement plans. Each records an AuditEvent filed under the plan's organisation.

Split by sub-domain; import the functions from here.
"""

from vfmhub.plans.services.actions import action_add, action_update
from vfmhub.plans.services.items import item_add, item_from_finding, item_update
from vfmhub.plans.services.officers import officer_title_save
from vfmhub.plans.services.plans import plan_create, plan_share, plan_unshare, plan_update
from vfmhub.plans.services.reminders import ReminderReport, reminders_send
from vfmhub.plans.services.reviews import (
    review_missing,
    review_respond,
    review_save,
    review_start,
    review_submit,
)
from vfmhub.plans.services.rounds import (
    action_update_add,
    action_update_correct,
    round_add,
    round_entry_save,
)

__all__ = [
    "ReminderReport",
    "action_add",
    "action_update",
    "action_update_add",
    "action_update_correct",
    "item_add",
    "item_from_finding",
    "item_update",
    "officer_title_save",
    "plan_create",
    "plan_share",
    "plan_unshare",
    "plan_update",
    "reminders_send",
    "review_missing",
    "review_respond",
    "review_save",
    "review_start",
    "review_submit",
    "round_add",
    "round_entry_save",
]
