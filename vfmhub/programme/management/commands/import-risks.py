"""vfmhub import-risks PATH --register ID [--sheet NAME] [--ignore-column C] [--use-column H=NAME]
[--mapping NAME] [--dry-run] [--json]"""

from vfmhub.programme.importing.registers import register_owner, risks_import
from vfmhub.programme.importing.registers.command import RegisterImportCommand
from vfmhub.programme.models import RiskRegister


class Command(RegisterImportCommand):
    help = (
        "Import a risk register's risks from XLSX, XLS or CSV: Risk, Cause, Effect, Owner, "
        "inherent, current and target likelihood and impact (numbers or the matrix's labels), "
        "Mitigating actions, Review date and Status. The sheet whose headings fit best is read "
        "(or --sheet); a column the import does not know refuses the file until it is left out "
        "(--ignore-column) or read as a known one (--use-column). A risk is matched by its "
        "title; a changed current rating is a re-rating kept in the history. All or nothing; "
        "importing the same file again changes nothing."
    )
    target_option, target_help = "register", "The register's id."
    missing = "There is no risk register {pk}."
    what = "risks"
    kind = "risks"

    def target(self, pk):
        return RiskRegister.objects.select_related("project").filter(pk=pk).first()

    def owner(self, target):
        return register_owner(target)

    def run(self, target, **file):
        return risks_import(acting_user=None, register=target, **file)

    def other_counts(self, counts):
        return (
            f"{counts['rerated']} re-rated, {counts['closed']} closed, "
            f"{counts['reopened']} reopened"
        )
