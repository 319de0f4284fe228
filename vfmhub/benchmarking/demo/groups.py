"""Generator steps: the nearest neighbours (order 820) and the demo council's comparator groups
(order 830).

The shipped neighbour model versions are installed and the default one computed over the demo's
reference figures (a second run finds the same neighbours and stores nothing). The demo council
then owns an example published list in CIPFA's shape, 15 councils of its class of which 10 are
also the model's neighbours (so the page's overlap reads "10 of 15"), and a saved group of the
districts of its county, both in the demo manager's name. Group rows are written directly, as
every generated row is: the history pages start empty.
"""

import math
import random
from collections.abc import Sequence

from django.db.models import Max

from vfmhub.benchmarking.models import (
    ComparatorGroup,
    ComparatorGroupMember,
    GroupKind,
    Neighbour,
    NeighbourModel,
    ReferenceArea,
    ReferenceValue,
)
from vfmhub.benchmarking.selectors.neighbours import default_model, neighbour_codes
from vfmhub.benchmarking.services.neighbours import (
    neighbour_models_install_shipped,
    neighbours_compute,
)
from vfmhub.demo.generator import DemoContext, demo_step
from vfmhub.demo.personas import ACCOUNT

LIST_SIZE = 15
SHARED_WITH_MODEL = 10
PUBLISHED_NAME = "CIPFA nearest neighbours"
PUBLISHED_PUBLISHER = "CIPFA"
PUBLISHED_SOURCE = "Example list for the demonstration"
COUNTY_GROUP = "Our county's districts"
NO_SIBLINGS = "Comparator groups: the demo council has no other districts in its county."


@demo_step(order=820, label="Nearest neighbours", models=(NeighbourModel, Neighbour))
def nearest_neighbours(ctx: DemoContext) -> None:
    installed = neighbour_models_install_shipped(acting_user=None)
    model = next((m for m in installed if m.is_default), installed[-1] if installed else None)
    if model is not None:
        neighbours_compute(acting_user=None, model=model)


@demo_step(
    order=830,
    label="Comparator groups",
    models=(ComparatorGroup, ComparatorGroupMember),
)
def comparator_groups(ctx: DemoContext) -> None:
    home = ctx.home
    manager = ctx.users.get(ACCOUNT["manager"].email)
    held = set(ComparatorGroup.objects.filter(owner=home).values_list("name", flat=True))
    area = ReferenceArea.objects.filter(gss_code=home.gss_code).first()
    if area is None:
        return
    if PUBLISHED_NAME not in held:
        members = published_members(area, ctx.rng("benchmarking-published-list"))
        _group_write(
            home,
            members,
            created_by=manager,
            kind=GroupKind.PUBLISHED,
            name=PUBLISHED_NAME,
            publisher=PUBLISHED_PUBLISHER,
            source=PUBLISHED_SOURCE,
            body_code=area.gss_code,
        )
    if COUNTY_GROUP not in held:
        siblings = list(
            ReferenceArea.objects.filter(county_code=area.county_code, area_class=area.area_class)
            .exclude(county_code="")
            .order_by("name")
        )
        if len(siblings) < 2:
            print(NO_SIBLINGS)
            return
        _group_write(home, siblings, created_by=manager, kind=GroupKind.CUSTOM, name=COUNTY_GROUP)


def published_members(area: ReferenceArea, rng: random.Random) -> list[ReferenceArea]:
    """Fifteen councils of `area`'s class: ten of the model's neighbours (when computed) and the
    rest the nearest on population and deprivation alone, in that simple distance's order."""
    near = _nearest_simply(area)
    model = default_model()
    computed = neighbour_codes(model, area.gss_code) if model else []
    if len(computed) >= SHARED_WITH_MODEL:
        kept = sorted(rng.sample(range(len(computed)), SHARED_WITH_MODEL))
        shared = [computed[i] for i in kept]
        others = [c for c in near if c not in computed]
        chosen = set(shared + others[: LIST_SIZE - len(shared)])
    else:
        chosen = set(near[:LIST_SIZE])
    ordered = [code for code in near if code in chosen]
    areas = ReferenceArea.objects.in_bulk(ordered, field_name="gss_code")
    return [areas[code] for code in ordered]


def _nearest_simply(area: ReferenceArea) -> list[str]:
    """Every other area of the class (not its own county), nearest first on the log of its
    population and its deprivation score."""
    peers = ReferenceArea.objects.filter(area_class=area.area_class).exclude(
        gss_code__in=[area.gss_code, area.county_code]
    )
    codes = [*peers.values_list("gss_code", flat=True), area.gss_code]
    people = _figures("population", 2021, codes)
    deprivation = _figures("imd.imd.average_score", 2019, codes)
    if area.gss_code not in people or area.gss_code not in deprivation:
        return sorted(codes[:-1])

    def distance(code: str) -> float:
        if code not in people or code not in deprivation:
            return math.inf
        size = math.log(people[code] / people[area.gss_code])
        depth = (deprivation[code] - deprivation[area.gss_code]) / 7
        return math.hypot(size, depth)

    return sorted(codes[:-1], key=lambda code: (distance(code), code))


def _figures(measure: str, year: int, codes: list[str]) -> dict[str, float]:
    rows = ReferenceValue.objects.filter(
        measure__code=measure, year=year, gss_code__in=codes
    ).values_list("gss_code", "value")
    return {code: float(value) for code, value in rows}


def _group_write(
    owner, areas: Sequence[ReferenceArea], *, created_by, kind: str, name: str, **given: str
) -> ComparatorGroup:
    """Version 1 of a new series, imported or saved by the demo manager (so its citation reads as
    a real one would)."""
    series = (ComparatorGroup.objects.aggregate(top=Max("series"))["top"] or 0) + 1
    group = ComparatorGroup.objects.create(
        owner=owner,
        kind=kind,
        name=name,
        series=series,
        version=1,
        is_current=True,
        created_by=created_by,
        **given,
    )
    ComparatorGroupMember.objects.bulk_create(
        ComparatorGroupMember(group=group, gss_code=a.gss_code, name=a.name, position=i)
        for i, a in enumerate(areas, start=1)
    )
    return group
