"""The 2008/09 review's situation (§5) as the partnership holds it: a sheet with one row per body
named as the review names them, whether it returned, and a Green/Amber/Red forecast per year; and
the programme's 13 bodies, some found by their short names and the rest through other names the
partnership manager added."""

from vfmhub.efficiency.services.aliases import body_alias_add
from vfmhub.efficiency.tests.seed003 import Seed003, make_seed_003
from vfmhub.organisations.models import Organisation
from vfmhub.testing import Personas

SHORT_NAMES = {
    "Hinckley and Bosworth Borough Council": "Hinckley and Bosworth",
    "North West Leicestershire District Council": "North West Leicestershire",
    "Oadby and Wigston Borough Council": "Oadby and Wigston",
    "Melton Borough Council": "Melton",
    "Blaby District Council": "Blaby",
    "Charnwood Borough Council": "Charnwood",
    "Harborough District Council": "Harborough",
}
ALIASES = {
    "City Council": "Leicester City Council",
    "Police": "Leicestershire Police Authority",
    "County Council": "Leicestershire County Council",
    "Fire Authority": "Leicestershire Fire and Rescue Authority",
    "County PCT": "Leicestershire County PCT",
    "City PCT": "Leicester City PCT",
}
RETURNED_AS_NAMED = [
    "City Council",
    "Police",
    "Hinckley and Bosworth",
    "North West Leicestershire",
    "Oadby and Wigston",
    "Melton",
    "County Council",
]
MISSING_AS_NAMED = ["Blaby", "Charnwood", "Harborough", "Fire Authority", "County PCT", "City PCT"]


def make_review_programme(personas: Personas, *, with_aliases: bool = True) -> Seed003:
    """Seed 003's programme of 13 bodies with no returns yet, the districts' short names set
    and (unless told not to) the six other names added by the partnership manager."""
    seed = make_seed_003(personas, with_returns=False)
    for name, short_name in SHORT_NAMES.items():
        Organisation.objects.filter(name=name).update(short_name=short_name)
    if with_aliases:
        for alias, name in ALIASES.items():
            body_alias_add(
                acting_user=personas.partnership_manager,
                partnership=personas.partnership,
                organisation=seed.bodies[name],
                name=alias,
            )
    return seed
