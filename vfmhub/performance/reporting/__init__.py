"""The quarterly report as plain, JSON-able data: the snapshot a published report keeps.

Every figure is kept twice, as its raw value and as the text the report shows (see `figures`),
so the page, the PDF and the XLSX render a snapshot without formatting a number again: a
published report renders the same bytes however often, and whatever is corrected later.

    snapshot = organisation_snapshot(access, year=2009, quarter=2, title="…", as_at=day)

Sections: meta, finance, performance (indicators by priority and their counts), plan, risks,
improvement (improvement plans), efficiency, key. The partnership version holds meta, members,
ni179, use_of_resources, indicators and key.
"""

import datetime
from typing import Any

from vfmhub.organisations.models import Partnership
from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.calculations import Frequency, Period
from vfmhub.performance.reporting.delivery import (
    council_plan_for,
    improvement_section,
    plan_section,
)
from vfmhub.performance.reporting.finance import efficiency_section, finance_section
from vfmhub.performance.reporting.indicators import performance_section
from vfmhub.performance.reporting.key import key_section
from vfmhub.performance.reporting.partnership import partnership_sections
from vfmhub.performance.reporting.risks import risks_section
from vfmhub.performance.selectors.finance import finance_position

SNAPSHOT_FORMAT = 1
QUARTER_MONTHS = {1: "April to June", 2: "July to September", 3: "October to December"}
QUARTER_MONTHS[4] = "January to March"
ORGANISATION, PARTNERSHIP = "organisation", "partnership"


def _meta(kind: str, owner: str, *, year: int, quarter: int, title: str, as_at: datetime.date):
    period = Period(Frequency.QUARTER, year, quarter)
    return {
        "format": SNAPSHOT_FORMAT,
        "kind": kind,
        "owner": owner,
        "title": title,
        "year": year,
        "quarter": quarter,
        "period": period.label,
        "months": QUARTER_MONTHS[quarter],
        "as_at": as_at.strftime("%-d %B %Y"),
    }


def organisation_snapshot(
    access: PerformanceAccess, *, year: int, quarter: int, title: str, as_at: datetime.date
) -> dict[str, Any]:
    """The organisation's report for Q`quarter` of `year` as `access` sees its figures now."""
    organisation = access.organisation
    period = Period(Frequency.QUARTER, year, quarter)
    plan = council_plan_for(access, year)
    position = finance_position(access, year=year, quarter=quarter)
    snapshot: dict[str, Any] = {
        "meta": _meta(
            ORGANISATION, organisation.name, year=year, quarter=quarter, title=title, as_at=as_at
        ),
        "finance": finance_section(position),
        "performance": performance_section(access, year=year, quarter=quarter, plan=plan),
        "plan": plan_section(plan),
        "risks": risks_section(organisation, year=year, quarter=quarter),
        "improvement": improvement_section(organisation.pk, as_at=period.last_day),
        "efficiency": efficiency_section(position.savings),
    }
    snapshot["key"] = key_section(snapshot)
    return snapshot


def partnership_snapshot(
    partnership: Partnership, *, year: int, quarter: int, title: str, as_at: datetime.date
) -> dict[str, Any]:
    """The partnership's report: its members' published figures for the quarter."""
    snapshot: dict[str, Any] = {
        "meta": _meta(
            PARTNERSHIP, partnership.name, year=year, quarter=quarter, title=title, as_at=as_at
        ),
        **partnership_sections(partnership, year=year, quarter=quarter, today=as_at),
    }
    snapshot["key"] = key_section(snapshot)
    return snapshot
