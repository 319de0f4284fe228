"""What the programme history steps share: the scale check, money and dates, member spells."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from vfmhub.demo.generator import DemoContext
from vfmhub.lib.years import financial_year_bounds
from vfmhub.organisations.models import PartnershipMember

DEMO = "demo"
K = Decimal(1000)


def has_history(ctx: DemoContext) -> bool:
    return ctx.scale.name != DEMO and bool(ctx.partnerships) and bool(ctx.scale.years)


def pounds_k(thousands: int) -> Decimal:
    return Decimal(thousands) * K


def aware_at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def member_spells(partnerships) -> dict[int, list[tuple[int, datetime.date, datetime.date | None]]]:
    """partnership id -> (body id, joined, left) spells, in body-id order (one query)."""
    found: dict[int, list] = defaultdict(list)
    for spell in (
        PartnershipMember.objects.filter(partnership__in=partnerships)
        .order_by("partnership_id", "organisation_id", "joined")
        .values_list("partnership_id", "organisation_id", "joined", "left")
    ):
        found[spell[0]].append(spell[1:])
    return found


def members_in_year(spells, year: int) -> list[int]:
    start, end = financial_year_bounds(year)
    return sorted(
        {body for body, joined, left in spells if joined <= end and (left is None or left >= start)}
    )


def current_members(spells) -> list[int]:
    current = sorted({body for body, _, left in spells if left is None})
    return current or sorted({body for body, _, _ in spells})


def day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def split_total(rng: random.Random, total: int, parts: int, least: int = 1) -> list[int]:
    """`total` in `parts` whole random shares of at least `least`, adding exactly to `total`."""
    weights = [rng.uniform(1, 4) for _ in range(parts)]
    spare = total - least * parts
    shares = [least + int(spare * w / sum(weights)) for w in weights]
    shares[-1] += total - sum(shares)
    return shares
