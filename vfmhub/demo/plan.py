"""The invented geography: regions and bodies, worked out from a scale and a seed, before any write.

Names are built from invented place-name syllables so they never name a real council; GSS-like
codes sit in a range ONS has not used (`E07009001`), and region codes in `E12009xxx`.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.utils.text import slugify

from vfmhub.demo.scales import RegionShape, Scale
from vfmhub.organisations.models import BodyType

REGION_NAMES = (
    "Eastmarch",
    "Northfold",
    "Westvale",
    "Highwold",
    "Midlea",
    "Ambervale",
    "Greymere",
    "Southmoor",
    "Lowfen",
)
# Chosen so that no combination names an English council (a test checks the real register).
PLACE_STARTS = [
    "Wex",
    "Amber",
    "Quen",
    "Dorn",
    "Fal",
    "Grem",
    "Hax",
    "Kel",
    "Morv",
    "Nax",
    "Orm",
    "Pell",
    "Quarn",
    "Rav",
    "Zell",
    "Ulv",
    "Vorn",
    "Wend",
    "Yarl",
    "Thrim",
    "Brack",
    "Elv",
    "Fenn",
    "Gask",
    "Hollin",
    "Isk",
    "Lark",
    "Mell",
    "Stav",
    "Tarn",
    "Wyck",
    "Ebb",
    "Glim",
    "Hask",
    "Kest",
    "Thurn",
]
PLACE_ENDS = [
    "bridge",
    "ford",
    "ham",
    "ley",
    "wick",
    "thorpe",
    "by",
    "stow",
    "mere",
    "combe",
    "worth",
    "field",
    "hurst",
    "dale",
    "minster",
    "cote",
    "holm",
    "well",
    "stead",
    "ton",
    "wold",
    "marsh",
    "den",
    "gate",
]
GSS_PREFIX: dict[str, str] = {
    BodyType.COUNTY: "E10",
    BodyType.DISTRICT: "E07",
    BodyType.UNITARY: "E06",
    BodyType.METROPOLITAN: "E08",
    BodyType.LONDON_BOROUGH: "E09",
    BodyType.FIRE: "E31",
    BodyType.POLICE: "E23",
}
DISTRICT_STYLES = ("{} District Council",) * 6 + ("{} Borough Council",) * 3 + ("{} City Council",)
UNITARY_STYLES = ("{} Council", "{} Borough Council", "{} City Council")
REORGANISED = datetime.date(2009, 4, 1)


@dataclass(frozen=True)
class BodyPlan:
    gss_code: str
    name: str
    short_name: str
    body_type: str
    region_code: str
    parent_gss: str | None = None
    active_from: datetime.date | None = None

    @property
    def slug(self) -> str:
        return slugify(self.short_name)


@dataclass
class RegionPlan:
    code: str
    name: str
    bodies: list[BodyPlan] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass
class DemoPlan:
    regions: list[RegionPlan]

    @property
    def bodies(self) -> list[BodyPlan]:
        return [body for region in self.regions for body in region.bodies]

    @property
    def home(self) -> BodyPlan:
        """The body the fixed demo sign-ins work at: the first county's first district."""
        return self._first_districts()[0]

    @property
    def peer_body(self) -> BodyPlan:
        """Another member of the first partnership, where the peer reviewer is an editor."""
        return self._first_districts()[1]

    def _first_districts(self) -> list[BodyPlan]:
        bodies = self.regions[0].bodies
        county = next(b for b in bodies if b.body_type == BodyType.COUNTY)
        return [b for b in bodies if b.parent_gss == county.gss_code]


class _Namer:
    """Unique invented place names and codes, drawn in a fixed order from one generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pool = [start + end for start in PLACE_STARTS for end in PLACE_ENDS]
        rng.shuffle(self.pool)
        self.counters: dict[str, int] = {}

    def place(self) -> str:
        return self.pool.pop()

    def gss(self, body_type: str) -> str:
        prefix = GSS_PREFIX[body_type]
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}009{self.counters[prefix]:03d}"


def plan_demo(scale: Scale, seed: int) -> DemoPlan:
    """The regions and bodies for `scale`; the same seed always gives the same plan."""
    namer = _Namer(random.Random(f"{seed}:plan"))
    regions = []
    for index, shape in enumerate(scale.regions):
        region = RegionPlan(code=f"E12009{index + 1:03d}", name=REGION_NAMES[index])
        _plan_region(region, shape, namer)
        regions.append(region)
    return DemoPlan(regions=regions)


def _plan_region(region: RegionPlan, shape: RegionShape, namer: _Namer) -> None:
    def add(body_type, name, short, **extra) -> BodyPlan:
        body = BodyPlan(namer.gss(body_type), name, short, body_type, region.code, **extra)
        region.bodies.append(body)
        return body

    counties = []
    for _ in range(shape.counties):
        short = namer.place() + "shire"
        county = add(BodyType.COUNTY, f"{short} County Council", short)
        counties.append(county)
        for _ in range(namer.rng.randint(*shape.districts_per_county)):
            place = namer.place()
            style = namer.rng.choice(DISTRICT_STYLES)
            add(BodyType.DISTRICT, style.format(place), place, parent_gss=county.gss_code)
    for number in range(shape.unitaries):
        place = namer.place()
        formed = REORGANISED if number < shape.new_unitaries else None
        style = namer.rng.choice(UNITARY_STYLES)
        add(BodyType.UNITARY, style.format(place), place, active_from=formed)
    for _ in range(shape.metropolitan):
        place = namer.place()
        add(BodyType.METROPOLITAN, f"{place} Metropolitan Borough Council", place)
    for _ in range(shape.london_boroughs):
        place = namer.place()
        add(BodyType.LONDON_BOROUGH, f"London Borough of {place}", place)
    for number in range(shape.fire):
        area = counties[number].short_name if number < len(counties) else namer.place()
        add(BodyType.FIRE, f"{area} Fire and Rescue Authority", f"{area} Fire")
    for _ in range(shape.police):
        area = namer.place()
        add(BodyType.POLICE, f"{area} Police Authority", f"{area} Police")
