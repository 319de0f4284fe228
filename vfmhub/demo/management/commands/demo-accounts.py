"""vfmhub demo-accounts: the demo sign-ins, their password and what each can see."""

from django.core.management.base import BaseCommand

from vfmhub.demo.accounts import NOT_GENERATED, demo_account_rows


class Command(BaseCommand):
    help = "List the demo sign-ins with the demo password and what each one can see."

    def handle(self, *args, **options):
        rows = demo_account_rows()
        if not rows:
            self.stdout.write(NOT_GENERATED)
            return
        headers = ("Role", "Email", "Password", "Can see")
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(3)]
        for row in [headers, *rows]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[3]]).rstrip())
