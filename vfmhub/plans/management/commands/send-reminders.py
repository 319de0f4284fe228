"""Email the officers whose plan actions are due soon or overdue, once per action per week."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from vfmhub.lib import clock
from vfmhub.plans.services import reminders_send


class Command(BaseCommand):
    help = "Email owners of improvement plan actions due within 14 days or overdue."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were YYYY-MM-DD.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report who would be emailed; send nothing."
        )

    def handle(self, *args, **options):
        today = _parse_date(options["date"]) if options["date"] else clock.today()
        report = reminders_send(today=today, dry_run=options["dry_run"])
        verb = "Would email" if report.dry_run else "Emailed"
        count = len(report.recipients) if report.dry_run else report.emails_sent
        self.stdout.write(
            f"{report.period}: {report.actions_due} action(s) due or overdue; "
            f"{verb} {count} officer(s) about {report.actions_reminded} action(s); "
            f"{report.already_reminded} already reminded this period; {report.failed} failed."
        )
        if report.failed:
            raise CommandError(f"{report.failed} reminder(s) could not be sent.")


def _parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {text!r}.") from None
