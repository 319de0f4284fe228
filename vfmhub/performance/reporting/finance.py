"""The finance and efficiency sections of a quarterly report's snapshot: the revenue and capital
position with variance and RAG, and the efficiency savings against target."""

from typing import Any

from vfmhub.performance.reporting.figures import percent, pounds, signed_pounds
from vfmhub.performance.selectors.finance import (
    NO_RATING,
    FinancePosition,
    Savings,
    Totals,
)

RAG_NAMES = {"red": "Red", "amber": "Amber", "green": "Green", NO_RATING: "Not rated"}


def rag(key: str) -> dict[str, str]:
    return {"key": key, "name": RAG_NAMES.get(key, key.capitalize())}


def _totals(totals: Totals, *, capital: bool = False) -> dict[str, Any]:
    """The totals row as the report shows it: revenue with variance % and RAG, capital with
    slippage."""
    shown: dict[str, Any] = {
        "budget": pounds(totals.budget),
        "forecast": pounds(totals.forecast),
        "variance": signed_pounds(totals.variance),
        "to_date": pounds(totals.to_date),
        "without_forecast": totals.without_forecast,
    }
    if capital:
        shown["slippage"] = pounds(totals.slippage)
    else:
        shown["variance_percent"] = percent(totals.variance_percent, signed=True)
        shown["rag"] = rag(totals.rag)
    return shown


def finance_section(position: FinancePosition) -> dict[str, Any]:
    revenue = [
        {
            "service": line.service,
            "cost_centre": line.cost_centre,
            "budget": pounds(line.budget),
            "actual_to_date": pounds(line.actual_to_date),
            "forecast": pounds(line.forecast_outturn),
            "variance": signed_pounds(line.variance),
            "variance_percent": percent(line.variance_percent, signed=True),
            "rag": rag(line.rag),
            "note": line.note,
        }
        for line in position.revenue
    ]
    capital = [
        {
            "name": scheme.name,
            "reference": scheme.reference,
            "budget": pounds(scheme.budget),
            "spend_to_date": pounds(scheme.spend_to_date),
            "forecast": pounds(scheme.forecast),
            "variance": signed_pounds(scheme.variance),
            "slippage": pounds(scheme.slippage),
            "note": scheme.note,
        }
        for scheme in position.capital
    ]
    return {
        "revenue": revenue,
        "revenue_totals": _totals(position.revenue_totals),
        "capital": capital,
        "capital_totals": _totals(position.capital_totals, capital=True),
        "bands": [
            {"key": band.rag, "name": RAG_NAMES[band.rag], "meaning": band.label}
            for band in position.bands
        ],
    }


def efficiency_section(savings: Savings | None) -> dict[str, Any]:
    """The body's NI 179 gains counting in the year against its target (None: no programme)."""
    if savings is None:
        return {"programme": None}
    share = None
    shortfall = None
    if savings.target:
        share = savings.recorded * 100 / savings.target
        shortfall = savings.target - savings.recorded
    return {
        "programme": savings.programme_name,
        "recorded": pounds(savings.recorded),
        "target": pounds(savings.target),
        "percent_of_target": percent(share),
        "shortfall": pounds(shortfall),
    }
