"""Invented text and figures for the efficiency demo (see `demo_steps.py`)."""

import datetime
from decimal import Decimal

BASELINE_YEAR = 2007
FIRST_YEAR = 2008
LAST_YEAR = 2011
# The LAA/MAA yearly targets of seed 003 (3 + 3 + 3.4, added), with a fourth year of 3% for the
# MAA's extra year 2011/12 (invented: the seed gives the MAA "the same saving" to 2011/12).
PERCENTS = (Decimal("3"), Decimal("3"), Decimal("3.4"), Decimal("3"))
FORECAST_YEAR = 2009  # the forecasts of seed 003 §5, rated for 2009/10, 2010/11 and 2011/12
OUTTURN_YEAR = 2008

DESCRIPTION = (
    "Cash-releasing efficiency savings agreed in the local and multi area agreements: 3% in "
    "2008/09, 3% in 2009/10 and 3.4% in 2010/11 (9.4%, added), and 3% more for the MAA's "
    "2011/12. Shared services carry a small part; most comes from each body's own programme."
)

# Forecasts for year Y are due on 30 September of Y; outturns on 31 July after the year ends.
FORECAST_DUE = (9, 30)
OUTTURN_DUE = (7, 31)

# Baselines (2007/08 spend, £m) by body type: an inclusive range drawn per body.
BASELINE_MILLIONS = {
    "county": (300, 500),
    "district": (15, 40),
    "unitary": (150, 300),
    "metropolitan": (200, 400),
    "london_borough": (150, 300),
    "fire": (30, 50),
    "police": (100, 250),
}
FIRE_SHARE = Decimal("0.09")  # of a county's spend that is its fire service (split baselines)
BASELINE_SOURCE = "CLG revenue outturn 2007/08 (RO forms), as published"

# Council tax base, Band D equivalents, by body type (2008/09; grows ~0.8% a year).
TAX_BASE = {
    "county": (200_000, 300_000),
    "district": (30_000, 45_000),
    "unitary": (80_000, 120_000),
    "metropolitan": (70_000, 110_000),
    "london_borough": (60_000, 100_000),
}
TAX_BASE_SOURCE = "CTB1 return"

CATEGORIES = {
    "Procurement": (
        "Re-let the {thing} contract through the regional framework",
        "Joined the regional buying consortium for {thing}",
        "Cut the number of {thing} suppliers and renegotiated rates",
    ),
    "Shared services": (
        "Shared {service} service with neighbouring councils",
        "Joint {service} team with the county",
    ),
    "Workforce and restructuring": (
        "Restructured the {service} team (posts deleted)",
        "Reduced agency staff in {service}",
        "Senior management review in {service}",
    ),
    "Assets and accommodation": (
        "Vacated {building} and moved staff to the civic offices",
        "Energy savings at {building}",
    ),
    "Process improvement and ICT": (
        "Online self-service for {service}",
        "Lean review of {service} processes",
        "Electronic document management in {service}",
    ),
}
THINGS = ("stationery", "agency staff", "vehicle fleet", "energy", "print", "insurance", "legal")
SERVICES = (
    "revenues and benefits",
    "land charges",
    "building control",
    "legal",
    "payroll",
    "customer services",
    "waste collection",
    "planning",
)
BUILDINGS = ("the depot", "the area office", "the town hall annexe", "the library hub")
# Seed 003's shared-service projects, named on a few gains.
PROJECTS = (
    "Winter maintenance",
    "Passenger transport",
    "Legal (districts)",
    "Fleet (all)",
    "Revenues and benefits (districts)",
    "Land charges (districts)",
    "Building control (districts)",
)
NON_CASH = (
    "Staff time freed by the new scheduling system (not cash-releasing)",
    "Faster processing of claims (quality gain, no cash released)",
)
EVIDENCE = (
    "Budget reduced in the approved budget book.",
    "Contract award report and the old and new prices.",
    "Establishment list before and after; posts deleted.",
    "Invoices for the year compared with the previous year.",
)
REMOVAL_REASONS = (
    "The saving was not sustained: the contract was re-let at a higher price.",
    "Posts reinstated after the service review; the saving reversed.",
    "The shared service ended; costs returned to the previous level.",
)
NARRATIVES = {
    "A": "Most of the savings are identified, but some rest on projects not yet agreed.",
    "R": "Significant risks: the shared-service business cases are not agreed and budgets are "
    "under pressure.",
    "G": "On track with clearly identified plans.",
}
RESUBMIT_NARRATIVE = (
    "Resubmitted: the 2009/10 rating moved from Green to {rating} after the review."
)
DRAFT_NARRATIVE = "Draft: figures awaiting the head of finance."

# Seed 003 §5, current forecast ratings of the seven bodies that returned (2009, 2010, 2011). The
# generator keeps how many of each a year and gives them by position against target (demo_steps).
SEED_RATINGS = (
    ("A", "A", "R"),  # the county
    ("A", "A", "A"),  # a unitary (the city)
    ("R", "R", None),  # the other unitary (standing in for the police)
    ("A", "A", "A"),  # the home district (resubmitted: version 1 had Green for 2009/10)
    ("A", "A", "A"),
    ("A", "A", "A"),
    ("A", "R", None),
)
FIRST_VERSION_RATINGS = ("G", "A", "A")


def due(year: int, kind: str) -> datetime.date:
    if kind == "forecast":
        return datetime.date(year, *FORECAST_DUE)
    return datetime.date(year + 1, *OUTTURN_DUE)
