"""The column choices an efficiency import remembers (`vfmhub.imports`): a partnership's for its
returns files, a body's for its gains register, so the next preview and `--mapping NAME` on the
command line start from them."""

from vfmhub.efficiency.models import EfficiencyProgramme
from vfmhub.organisations.models import Organisation, Partnership

RETURNS_KIND = "efficiency-returns"
GAINS_KIND = "efficiency-gains"


def programme_owner(programme: EfficiencyProgramme) -> Partnership | Organisation:
    """Whose returns files they are: the partnership's, or the body's for its own programme."""
    owner = programme.partnership or programme.organisation
    assert owner is not None  # a programme belongs to one or the other (a database check)
    return owner
