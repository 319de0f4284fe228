"""Reminder emails to the officers who own actions that are due soon or overdue.

Run by `vfmhub send-reminders` from a scheduler. Each action is mentioned to each recipient at most
once per period (an ISO week by default), however often the command runs.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from vfmhub.plans.models import ActionReminder
from vfmhub.plans.selectors.actions import actions_due

logger = logging.getLogger(__name__)

DUE_WITHIN_DAYS = 14
SUBJECT = "VFM Hub: {count} improvement plan action{plural} due or overdue"


@dataclass
class ReminderReport:
    period: str
    actions_due: int = 0
    emails_sent: int = 0
    actions_reminded: int = 0
    already_reminded: int = 0
    failed: int = 0
    dry_run: bool = False
    recipients: list[str] = field(default_factory=list)


def period_for(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def reminders_send(
    *, today: datetime.date, period: str | None = None, dry_run: bool = False
) -> ReminderReport:
    report = ReminderReport(period=period or period_for(today), dry_run=dry_run)
    due = list(actions_due(today, within_days=DUE_WITHIN_DAYS))
    report.actions_due = len(due)
    sent = set(
        ActionReminder.objects.filter(period=report.period, action__in=due).values_list(
            "action_id", "recipient"
        )
    )
    by_recipient = defaultdict(list)
    for action in due:
        email = action.officer_user.email  # type: ignore[union-attr]  # only linked officers are due
        if (action.pk, email) in sent:
            report.already_reminded += 1
        else:
            by_recipient[email].append(action)
    for email, actions in sorted(by_recipient.items()):
        report.recipients.append(email)
        if not dry_run:
            _send_one(email, actions, today, report)
    return report


def _send_one(email: str, actions: list, today: datetime.date, report: ReminderReport) -> None:
    """Record and send one recipient's reminder together: a failed send records nothing."""
    try:
        with transaction.atomic():
            ActionReminder.objects.bulk_create(
                [ActionReminder(action=a, period=report.period, recipient=email) for a in actions]
            )
            body = render_to_string(
                "plans/reminder_email.txt",
                {"actions": actions, "today": today, "site_url": getattr(settings, "SITE_URL", "")},
            )
            subject = SUBJECT.format(count=len(actions), plural="" if len(actions) == 1 else "s")
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    except (IntegrityError, OSError) as exc:  # a concurrent run sent it, or the mail server failed
        logger.warning("Reminder to %s not sent: %s", email, exc)
        report.failed += 1
        return
    report.emails_sent += 1
    report.actions_reminded += len(actions)
