"""The performance section of a quarterly report's snapshot: every indicator at the quarter
(value, target, RAG, direction of travel, commentary), grouped by the council plan's priority
whose outcome measures name it, with the counts of each band and direction."""

from collections import defaultdict
from typing import Any

from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.calculations import Direction
from vfmhub.performance.models import CouncilPlan, OutcomeMeasure
from vfmhub.performance.reporting.figures import count, indicator_value
from vfmhub.performance.selectors.scorecard import Reported, counts, organisation_scorecard

OTHER_INDICATORS = "Other indicators"
DIRECTION_WORDS = {
    Direction.IMPROVING: "Improving",
    Direction.WORSENING: "Worsening",
    Direction.UP: "Up",
    Direction.DOWN: "Down",
    Direction.NO_REAL_CHANGE: "No real change",
    Direction.NO_COMPARISON: "No comparison",
}
NOT_RATED = {"key": "none", "name": "Not rated", "colour": ""}


def _row(row: Reported) -> dict[str, Any]:
    indicator, evaluation = row.indicator, row.evaluation

    def shown(value: Any) -> dict[str, Any]:
        return indicator_value(
            value,
            data_type=indicator.data_type,
            places=indicator.decimal_places,
            unit=indicator.unit,
        )

    band = row.band
    note = row.commentary
    return {
        "code": indicator.code,
        "title": indicator.title,
        "period": evaluation.period.label,
        "value": shown(evaluation.value),
        "target": shown(evaluation.target),
        "rag": {"key": band.key, "name": band.name, "colour": band.colour} if band else NOT_RATED,
        "travel": DIRECTION_WORDS[evaluation.against_previous],
        "travel_last_year": DIRECTION_WORDS[evaluation.against_last_year],
        "status": row.status or "",
        "commentary": note.what_happened if note else "",
        "action": note.what_is_being_done if note else "",
        "needs_commentary": row.needs_commentary,
    }


def _priority_indicators(plan: CouncilPlan | None) -> list[tuple[str, list[int]]]:
    """Each priority of `plan` (in order) with the indicators its outcome measures name."""
    if plan is None:
        return []
    found: dict[tuple[int, int, str], list[int]] = defaultdict(list)  # (position, id, title)
    measures = OutcomeMeasure.objects.filter(
        deliverable__priority__plan=plan, indicator__isnull=False
    ).values_list(
        "deliverable__priority__position",
        "deliverable__priority_id",
        "deliverable__priority__title",
        "indicator_id",
    )
    for position, priority_id, title, indicator_id in measures.order_by(
        "deliverable__priority__position", "deliverable__priority_id", "pk"
    ):
        ids = found[(position, priority_id, title)]
        if indicator_id not in ids:
            ids.append(indicator_id)
    return [(key[2], ids) for key, ids in sorted(found.items())]


def performance_section(
    access: PerformanceAccess, *, year: int, quarter: int, plan: CouncilPlan | None
) -> dict[str, Any]:
    rows = organisation_scorecard(access, year=year, quarter=quarter)
    by_id: dict[int, dict[str, Any]] = {row.indicator.pk: _row(row) for row in rows}
    groups: list[dict[str, Any]] = []
    placed: set[int] = set()
    for title, ids in _priority_indicators(plan):
        shown = [by_id[i] for i in ids if i in by_id]
        placed.update(i for i in ids if i in by_id)
        if shown:
            groups.append({"priority": title, "rows": sorted(shown, key=lambda r: r["code"])})
    rest = [by_id[row.indicator.pk] for row in rows if row.indicator.pk not in placed]
    if rest:
        groups.append({"priority": OTHER_INDICATORS, "rows": rest})
    tally = counts(rows)
    bands = _bands(rows)
    return {
        "groups": groups,
        "counts": {
            "total": count(len(rows)),
            "bands": [{**band, "count": count(tally.bands.get(band["key"], 0))} for band in bands],
            "not_rated": count(sum(row.band is None for row in rows)),
            "improving": count(tally.improving),
            "worsening": count(tally.worsening),
            "no_real_change": count(tally.no_real_change),
            "up_or_down": count(tally.up_or_down),
            "no_comparison": count(tally.no_comparison),
            "needing_commentary": count(tally.needing_commentary),
        },
        "bands": bands,
    }


def _bands(rows: list[Reported]) -> list[dict[str, str]]:
    """The bands the indicators' rules use, best first as the rules list them, each once."""
    seen: dict[str, dict[str, str]] = {}
    ranked: dict[str, int] = {}
    for row in rows:
        if row.rule is None:
            continue
        for rank, band in enumerate(row.rule.bands):
            seen.setdefault(band.key, {"key": band.key, "name": band.name, "colour": band.colour})
            ranked[band.key] = min(rank, ranked.get(band.key, rank))
    return sorted(seen.values(), key=lambda b: (ranked[b["key"]], b["key"]))
