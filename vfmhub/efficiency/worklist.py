"""What is due in the efficiency module, for the home page's "What is due" list.

- A body's editors and managers: its returns due in the next 30 days and its late returns (the
  deadline has passed), per programme, each linking to the body's returns in that programme.
- A partnership's managers: their members' late returns for the latest deadline that has passed,
  per programme and kind of return (the round being chased; older rounds are history), each
  linking to the chasing page for that return.

A return counts as done once a current version is submitted. Five queries whatever the data.
"""

import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.urls import reverse

from vfmhub.core.worklist import DueWork
from vfmhub.efficiency.models import (
    EfficiencyReturn,
    Participant,
    ReturnDeadline,
    ReturnKind,
    ReturnStatus,
)
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import OrganisationRole, PartnershipRoleKind

GROUP = "Efficiency returns"
DUE_WITHIN = datetime.timedelta(days=30)


def _counted(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _submitted(programme_ids: set[int]) -> set[tuple[int, int, int, str]]:
    """(programme, body, year, kind) of every submitted current return in those programmes."""
    return set(
        EfficiencyReturn.objects.filter(
            programme_id__in=programme_ids, status=ReturnStatus.SUBMITTED, is_current=True
        ).values_list("programme_id", "organisation_id", "year", "kind")
    )


def _deadlines(programme_ids: set[int], until: datetime.date) -> list[tuple]:
    return list(
        ReturnDeadline.objects.filter(programme_id__in=programme_ids, due_on__lte=until)
        .order_by("due_on", "pk")
        .values_list("programme_id", "year", "kind", "due_on")
    )


def _body_lines(user, today: datetime.date) -> list[DueWork]:
    """Due and late returns of the bodies where the user edits or manages (three queries)."""
    bodies = list(
        Participant.objects.filter(
            organisation__memberships__user=user,
            organisation__memberships__role__in=[OrganisationRole.EDITOR, OrganisationRole.MANAGER],
        )
        .order_by("organisation__name", "programme__name", "pk")
        .values_list("programme_id", "organisation_id", "organisation__name", "programme__name")
    )
    if not bodies:
        return []
    programme_ids = {row[0] for row in bodies}
    deadlines = _deadlines(programme_ids, today + DUE_WITHIN)
    done = _submitted(programme_ids)
    lines = []
    for programme_id, org_id, org_name, programme_name in bodies:
        open_ = [
            d for d in deadlines if d[0] == programme_id and (d[0], org_id, d[1], d[2]) not in done
        ]
        late = sum(1 for d in open_ if d[3] < today)
        due = len(open_) - late
        url = reverse("efficiency:returns", args=[programme_id, org_id])
        where = f"{org_name}, {programme_name}"
        lines += [
            DueWork(
                GROUP, f"{_counted(late, 'return late', 'returns late')}: {where}", late, url, True
            ),
            DueWork(
                GROUP,
                f"{_counted(due, 'return due', 'returns due')} within 30 days: {where}",
                due,
                url,
            ),
        ]
    return lines


def _partnership_lines(user, today: datetime.date) -> list[DueWork]:
    """Members' late returns in the programmes of partnerships the user manages (three queries)."""
    members = defaultdict(set)
    names = {}
    for programme_id, org_id, programme_name in Participant.objects.filter(
        programme__partnership__roles__user=user,
        programme__partnership__roles__role=PartnershipRoleKind.MANAGER,
    ).values_list("programme_id", "organisation_id", "programme__name"):
        members[programme_id].add(org_id)
        names[programme_id] = programme_name
    if not members:
        return []
    done = _submitted(set(members))
    # (programme, kind) -> the year of its latest passed deadline (deadlines come in date order)
    latest = {}
    for programme_id, year, kind, _ in _deadlines(set(members), today - datetime.timedelta(1)):
        latest[(programme_id, kind)] = year
    lines = []
    for (programme_id, kind), year in latest.items():
        late = sum(
            1 for org in members[programme_id] if (programme_id, org, year, kind) not in done
        )
        query = urlencode({"year": year, "kind": kind})
        what = f"{ReturnKind(kind).label.lower()} {financial_year_label(year)}"
        lines.append(
            DueWork(
                GROUP,
                f"members' {_counted(late, 'return', 'returns')} late ({what}): "
                f"{names[programme_id]}",
                late,
                f"{reverse('efficiency:return_chase', args=[programme_id])}?{query}",
                urgent=True,
            )
        )
    return lines


def efficiency_due_work(user, today: datetime.date) -> list[DueWork]:
    if not user.is_authenticated:
        return []
    return _body_lines(user, today) + _partnership_lines(user, today)
