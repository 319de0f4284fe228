"""vfmhub import-projects PATH --partnership ID [--dry-run] [--json]"""

from vfmhub.organisations.models import Partnership
from vfmhub.programme.importing.registers import projects_import
from vfmhub.programme.importing.registers.command import RegisterImportCommand


class Command(RegisterImportCommand):
    help = (
        "Import a partnership's projects from XLSX or CSV: Project, Kind, Lead body, Partners, "
        "Stage, Expected annual savings and Description, and from a workbook's Milestones sheet "
        "their milestones (Project, Milestone, Due date, Status). A project is matched by its "
        "name. All or nothing; importing the same file again changes nothing."
    )
    target_option, target_help = "partnership", "The partnership's id."
    missing = "There is no partnership {pk}."
    what = "projects"

    def target(self, pk):
        return Partnership.objects.filter(pk=pk).first()

    def run(self, target, **file):
        return projects_import(acting_user=None, partnership=target, **file)

    def other_counts(self, counts):
        return (
            f"milestones: {counts['milestones_created']} new, {counts['milestones_updated']} "
            f"changed, {counts['milestones_unchanged']} unchanged"
        )
