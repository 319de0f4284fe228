"""vfmhub import-projects PATH --partnership ID [--sheet NAME] [--ignore-column C]
[--use-column H=NAME] [--mapping NAME] [--dry-run] [--json]"""

from vfmhub.organisations.models import Partnership
from vfmhub.programme.importing.registers import projects_import
from vfmhub.programme.importing.registers.command import RegisterImportCommand


class Command(RegisterImportCommand):
    help = (
        "Import a partnership's projects from XLSX, XLS or CSV: Project, Kind, Lead body, "
        "Partners, Stage, Expected annual savings and Description, and from a workbook's "
        "Milestones sheet their milestones (Project, Milestone, Due date, Status). The sheet "
        "whose headings fit best is read (or --sheet); a column the import does not know "
        "refuses the file until it is left out (--ignore-column) or read as a known one "
        "(--use-column). A project is matched by its name. All or nothing; importing the same "
        "file again changes nothing."
    )
    target_option, target_help = "partnership", "The partnership's id."
    missing = "There is no partnership {pk}."
    what = "projects"
    kind = "projects"

    def target(self, pk):
        return Partnership.objects.filter(pk=pk).first()

    def owner(self, target):
        return target

    def run(self, target, **file):
        return projects_import(acting_user=None, partnership=target, **file)

    def other_counts(self, counts):
        return (
            f"milestones: {counts['milestones_created']} new, {counts['milestones_updated']} "
            f"changed, {counts['milestones_unchanged']} unchanged"
        )
