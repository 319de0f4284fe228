"""The key to every symbol a quarterly report shows, built from the bands and words it uses."""

from typing import Any

from vfmhub.performance.models import PlanActionStatus
from vfmhub.performance.reporting.figures import DASH
from vfmhub.performance.reporting.risks import MOVEMENTS

TRAVEL = [
    ("Improving", "Better than the period before (or the same period last year)."),
    ("Worsening", "Worse than the period before (or the same period last year)."),
    ("No real change", "A change within the indicator's no-real-change band."),
    ("Up", "Higher than before, on an indicator where neither direction is better."),
    ("Down", "Lower than before, on an indicator where neither direction is better."),
    ("No comparison", "No value for the period it is compared with."),
]
RISK_BANDS = [
    ("High", "Likelihood × impact in the register matrix's high band."),
    ("Medium", "In the matrix's medium band."),
    ("Low", "In the matrix's low band."),
]

NI179 = [
    {"symbol": "Green", "meaning": "The body's forecast: on track, with plans for the savings."},
    {"symbol": "Amber", "meaning": "Some risk to the target, most savings achievable."},
    {"symbol": "Red", "meaning": "Significant risk to achieving the target."},
    {"symbol": "Not rated", "meaning": "No submitted return, or no rating in it."},
]
USE_OF_RESOURCES = [
    {"symbol": "1", "meaning": "Does not meet minimum requirements."},
    {"symbol": "2", "meaning": "Meets only minimum requirements: adequate."},
    {"symbol": "3", "meaning": "Exceeds minimum requirements: performing well."},
    {"symbol": "4", "meaning": "Well above minimum requirements: performing strongly."},
    {"symbol": "n/a", "meaning": "The criterion does not apply to the body."},
]


def _indicator_bands(bands: list[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    for rank, band in enumerate(bands):
        if rank == 0:
            meaning = "On target or better."
        elif rank == len(bands) - 1:
            meaning = "Furthest from target: needs a commentary."
        else:
            meaning = "Short of target, within the indicator's tolerance for this band."
        out.append({"symbol": band["name"], "meaning": meaning, "colour": band["colour"]})
    out.append({"symbol": "Not rated", "meaning": "No value or no target for the period."})
    return out


def key_section(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Groups of symbols and what each means, for the sections the snapshot holds."""
    groups: list[dict[str, Any]] = []
    performance = snapshot.get("performance")
    if performance is not None:
        groups.append({"title": "Indicator RAG", "entries": _indicator_bands(performance["bands"])})
        groups.append(
            {
                "title": "Direction of travel",
                "entries": [{"symbol": s, "meaning": m} for s, m in TRAVEL],
            }
        )
    finance = snapshot.get("finance")
    if finance is not None:
        entries = [{"symbol": b["name"], "meaning": b["meaning"]} for b in finance["bands"]]
        entries.append({"symbol": "+£", "meaning": "Forecast above budget (an overspend)."})
        entries.append({"symbol": "-£", "meaning": "Forecast below budget (an underspend)."})
        groups.append({"title": "Revenue variance RAG", "entries": entries})
    if snapshot.get("risks") is not None:
        entries = [{"symbol": s, "meaning": m} for s, m in RISK_BANDS]
        entries += [{"symbol": s, "meaning": m} for s, m in MOVEMENTS.items()]
        groups.append({"title": "Risks", "entries": entries})
    if snapshot.get("plan") is not None:
        groups.append(
            {
                "title": "Council plan actions",
                "entries": [
                    {"symbol": label, "meaning": f"The action's status: {label.lower()}."}
                    for _, label in PlanActionStatus.choices
                ],
            }
        )
    if snapshot.get("ni179") is not None:
        groups.append({"title": "Efficiency returns", "entries": NI179})
    if snapshot.get("use_of_resources") is not None:
        groups.append({"title": "Use of Resources", "entries": USE_OF_RESOURCES})
    groups.append(
        {
            "title": "Figures",
            "entries": [
                {"symbol": DASH, "meaning": "No figure for the period."},
                {"symbol": "£k", "meaning": "Thousands of pounds, rounded to the nearest £1,000."},
            ],
        }
    )
    return groups
