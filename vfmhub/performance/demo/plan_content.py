"""The demo council's plan, rated services, finance lines and commentary, as data.

The first priority is seed 004's table as the council wrote it ("Value for Money (FP1)": its four
key deliverables, their measures, "how do we know", actions, dates, resources and lead members),
with actions from the seed's Financial Services business plan extract; the others are invented in
the same voice. A completion date is given as years after the plan's first year begins (1: 31
March at the end of that year) and the words written after it.
"""

from dataclasses import dataclass

FINANCE = "Portfolio Holder for Finance"
HR = "Portfolio Holder for Human Resources, Legal and Democratic Services"
PROCUREMENT = "Procurement Manager Additional Resource Maybe Required"
ENVIRONMENT = "Portfolio Holder for the Environment"
HOUSING = "Portfolio Holder for Housing and Community Safety"
CUSTOMERS = "Portfolio Holder for Customer Services and ICT"
PLANNING = "Portfolio Holder for Planning and Regeneration"


@dataclass(frozen=True)
class Measure:
    text: str
    how: str = ""
    indicator: str = ""  # the code of the demo council's indicator it is measured by


@dataclass(frozen=True)
class Act:
    title: str
    years: int  # completion: 31 March ending the plan's `years`-th year
    after: str = ""  # words written after the date: "(new structure in place)"
    resource: str = ""
    amount: int | None = None
    staff: float | None = None
    officer: str = ""
    member: str = ""


@dataclass(frozen=True)
class Goal:
    """A key deliverable with its measures and actions."""

    title: str
    measures: tuple[Measure, ...]
    actions: tuple[Act, ...]


# fmt: off
PLAN = [
    (
        "Value for Money (FP1)",
        (
            Goal(
                "Delivery of Agreed Savings",
                (
                    Measure(
                        "Cashable Savings as per Medium Term Financial Strategy",
                        "Quarterly Updates on VFM Action Plans",
                        "LPI 27",
                    ),
                    Measure("", "Savings reported to the Performance Management Board", "LPI 28"),
                ),
                (
                    Act("VFM Strategy", 3, "", PROCUREMENT, None, None, "Head of Financial Services", FINANCE),  # noqa: E501
                    Act("Renegotiation of utility contracts", 1, "", "Procurement Manager", 15000, 0.2, "Procurement Manager", FINANCE),  # noqa: E501
                    Act("Implementation of Government Procurement Cards with a further 50 suppliers", 2, "", "Procurement Manager", None, 0.3, "Procurement Manager", FINANCE),  # noqa: E501
                    Act("Market tender of stationery contract with other districts in the county", 2, "", "Procurement Manager", 5000, None, "Procurement Manager", FINANCE),  # noqa: E501
                ),
            ),
            Goal(
                "Corporate Restructure",
                (
                    Measure(
                        "Fit for Purpose Management Structure",
                        "Savings/New Arrangements Reflected in Financial Strategy",
                    ),
                ),
                (
                    Act("Complete Review and Develop Action Plan", 2, "(new structure in place)", "CMT and HR&OD Department", None, 2.0, "Chief Executive", HR),  # noqa: E501
                ),
            ),
            Goal(
                "Alternative Methods of Service Delivery",
                (
                    Measure("Cashable Savings and Improved Services", "Completion of Project Plans"),  # noqa: E501
                    Measure("", "Spend with local suppliers reported quarterly", "LPI 29"),
                ),
                (
                    Act("Development of Project Plans Based on VFM Assessments by Departments", 3, "", PROCUREMENT, None, None, "Head of Financial Services", FINANCE),  # noqa: E501
                    Act("Plan in place with another district to realise efficiencies of joint working in revenues and benefits", 2, "", "Head of Revenues and Benefits", 40000, 1.0, "Head of Revenues and Benefits", FINANCE),  # noqa: E501
                    Act("Extension of the procurement partnership", 3, "", "Procurement Manager", None, 0.5, "Procurement Manager", FINANCE),  # noqa: E501
                ),
            ),
            Goal(
                "VFM Ratings",
                (Measure("75% of Services Scoring 2 or Above", "Quarterly Updates on VFM Action Plans"),),  # noqa: E501
                (
                    Act("VFM Strategy", 3, "", PROCUREMENT, None, None, "Head of Financial Services", FINANCE),  # noqa: E501
                    Act("Benchmarking of Accountancy and Internal Audit against excellent councils", 1, "", "Chief Accountant", None, 0.2, "Chief Accountant", FINANCE),  # noqa: E501
                ),
            ),
        ),
    ),
    (
        "Improvement (FP2)",
        (
            Goal(
                "Better Financial Management",
                (
                    Measure("Budget Forecasts Within 1% of Outturn", "Quarterly Finance Monitoring", "LPI 39"),  # noqa: E501
                    Measure("", "Audit Recommendations Implemented", "LPI 38"),
                ),
                (
                    Act("Purchase Order Processing Commitment System Fully Implemented Across the Council", 1, "", "Financial Services", 25000, 1.0, "Chief Accountant", FINANCE),  # noqa: E501
                    Act("Improve Budget Monitoring Information for Service Departments", 1, "", "Accountancy Team", None, 0.5, "Chief Accountant", FINANCE),  # noqa: E501
                ),
            ),
            Goal(
                "Reduced Sickness Absence",
                (Measure("Fewer Days Lost to Sickness", "Monthly Sickness Figures to CMT", "LPI 11"),),  # noqa: E501
                (
                    Act("Attendance Management Policy Reviewed and Training Delivered to Managers", 2, "", "HR&OD Department", 12000, 0.5, "Head of HR&OD", HR),  # noqa: E501
                    Act("Home Working Project as Supported by the DWP", 3, "", "HR&OD and ICT", 30000, None, "Head of HR&OD", HR),  # noqa: E501
                ),
            ),
        ),
    ),
    (
        "Customer Service (CP1)",
        (
            Goal(
                "Customers Served at the First Point of Contact",
                (
                    Measure("", "Customer Service Centre Monthly Statistics", "LPI 10"),
                    Measure("", "Telephone Answering Standards", "LPI 09"),
                    Measure("", "Online Transactions Growing", "LPI 18"),
                ),
                (
                    Act("Customer Survey of Financial Services", 1, "", "Financial Services", 3000, None, "Head of Financial Services", CUSTOMERS),  # noqa: E501
                    Act("Benefits Customer Survey Using SNAP", 1, "", "Benefits Team", 2500, None, "Head of Revenues and Benefits", CUSTOMERS),  # noqa: E501
                    Act("Council Tax and Benefits Services Added to the Customer Service Centre", 2, "", "Customer Services", 60000, 3.0, "Customer Services Manager", CUSTOMERS),  # noqa: E501
                ),
            ),
            Goal(
                "Faster Benefits Processing",
                (
                    Measure("", "Monthly Processing Times", "LPI 07"),
                    Measure("", "Monthly Processing Times", "LPI 08"),
                ),
                (
                    Act("Electronic Document Management in the Benefits Service", 2, "", "ICT and Benefits", 85000, 1.0, "Head of Revenues and Benefits", CUSTOMERS),  # noqa: E501
                ),
            ),
        ),
    ),
    (
        "Clean Streets and Recycling (CP2)",
        (
            Goal(
                "More Waste Recycled",
                (
                    Measure("Recycling and Composting Above the County Average", "Monthly Tonnage Returns", "LPI 04"),  # noqa: E501
                    Measure("", "Missed Collections Reported", "LPI 01"),
                ),
                (
                    Act("Roll Out of Kerbside Food Waste Collection", 2, "", "Waste Services", 450000, 6.0, "Head of Environmental Services", ENVIRONMENT),  # noqa: E501
                    Act("Review of Collection Rounds", 1, "(new rounds in place)", "Waste Services", None, 1.0, "Waste Manager", ENVIRONMENT),  # noqa: E501
                ),
            ),
            Goal(
                "Cleaner Streets",
                (Measure("", "Local Environmental Quality Surveys", "LPI 33"), Measure("", "Fly-Tipping Reports", "LPI 03")),  # noqa: E501
                (Act("Enforcement Campaign Against Fly-Tipping", 1, "", "Street Scene", 20000, 1.0, "Street Scene Manager", ENVIRONMENT),),  # noqa: E501
            ),
        ),
    ),
    (
        "Housing and Regeneration (CP3)",
        (
            Goal(
                "More Affordable Homes",
                (
                    Measure("", "Quarterly Housing Completions", "LPI 25"),
                    Measure("", "Quarterly Housing Completions", "LPI 24"),
                ),
                (
                    Act("Affordable Housing Delivery Plan Agreed With Registered Providers", 1, "", "Strategic Housing", None, 1.0, "Strategic Housing Manager", HOUSING),  # noqa: E501
                    Act("Empty Homes Strategy", 2, "", "Strategic Housing", 100000, 0.5, "Strategic Housing Manager", HOUSING),  # noqa: E501
                ),
            ),
            Goal(
                "Preventing Homelessness",
                (Measure("", "Monthly Homelessness Returns", "LPI 14"), Measure("", "Temporary Accommodation Count", "LPI 15")),  # noqa: E501
                (Act("Housing Options Team Restructured Around Prevention", 2, "", "Housing Options", 35000, 2.0, "Housing Options Manager", HOUSING),),  # noqa: E501
            ),
            Goal(
                "Faster Planning Decisions",
                (Measure("", "Quarterly Planning Returns", "LPI 21"), Measure("", "Quarterly Planning Returns", "LPI 22")),  # noqa: E501
                (Act("Planning Service Improvement Plan", 1, "", "Planning Services", 50000, 2.0, "Head of Planning", PLANNING),),  # noqa: E501
            ),
        ),
    ),
]
# fmt: on

SERVICES = [
    "Accountancy", "Benefits", "Building Control", "Car Parking", "CCTV", "Committee Services",
    "Council Tax", "Customer Service Centre", "Economic Development", "Electoral Services",
    "Environmental Health", "Grounds Maintenance", "Housing Options", "ICT", "Internal Audit",
    "Legal Services", "Leisure Centres", "Licensing", "Planning", "Procurement",
    "Refuse Collection", "Recycling", "Street Cleansing", "Strategic Housing",
]  # fmt: skip

RATING_REASONS = {
    1: "Costs well above similar councils and performance below average; no VFM action plan yet.",
    2: "Costs around the average for similar councils; performance improving but not yet good.",
    3: "Below-average unit costs with good performance; action plan delivering savings.",
    4: "Low cost and high performance against similar councils, with customers' views acted on.",
}

REVENUE = [
    # (service, cost centre, budget in £ thousand)
    ("Chief Executive and Corporate Services", "CE100", 1_850),
    ("Financial Services", "FS200", 2_420),
    ("Revenues and Benefits", "RB210", 1_980),
    ("Legal, Democratic and Electoral Services", "LD300", 1_640),
    ("HR and Organisational Development", "HR310", 760),
    ("ICT", "IT320", 1_530),
    ("Customer Services", "CS400", 1_120),
    ("Planning and Building Control", "PL500", 1_390),
    ("Strategic Housing and Housing Options", "HO510", 1_710),
    ("Environmental Health and Licensing", "EH600", 1_080),
    ("Refuse Collection and Recycling", "WS610", 3_960),
    ("Street Cleansing and Grounds Maintenance", "SS620", 2_240),
    ("Leisure and Culture", "LC700", 2_610),
    ("Car Parking", "CP710", -620),
]

CAPITAL = [
    ("Leisure centre refurbishment", "CAP001", 3_200),
    ("Food waste vehicles and caddies", "CAP002", 980),
    ("Disabled facilities grants", "CAP003", 650),
    ("Customer service centre relocation", "CAP004", 420),
    ("ICT infrastructure renewal", "CAP005", 360),
    ("Town centre public realm", "CAP006", 1_450),
    ("Car park resurfacing", "CAP007", 280),
    ("Solar panels on council buildings", "CAP008", 310),
]

FINANCE_NOTES = {
    "over": "Pressure from higher demand and contract inflation; recovery plan agreed with the "
    "head of service.",
    "under": "Vacancies held while the service review completes.",
}

HAPPENED = {
    "red": [
        "Performance fell short of target this quarter: two long-term vacancies and a rise in "
        "demand over the summer left the team behind.",
        "The figure missed target after the new system went live mid-quarter; work queued while "
        "staff were trained.",
        "Below target: a contractor's fleet breakdowns and staff sickness affected the service "
        "for most of the quarter.",
        "Demand was well above the level the target assumed, and the service could not keep pace "
        "with it.",
    ],
    "amber": [
        "Slightly below target; the trend is improving month on month.",
        "Close to target: one month's dip (staff leave) pulled the quarter down.",
    ],
    "green": [
        "On target, helped by the changes made last year to the way work is allocated.",
        "Above target for the third quarter running.",
    ],
}

BEING_DONE = {
    "red": [
        "Agency staff engaged for twelve weeks to clear the backlog; weekly monitoring by the "
        "head of service, with a recovery plan to the Performance Management Board.",
        "Process reviewed with the supplier; overtime agreed until the end of next quarter and "
        "the target reviewed with the portfolio holder.",
        "Action plan agreed at CMT: recruitment to the vacant posts is under way and the team's "
        "work is being prioritised by risk.",
    ],
    "amber": [
        "Monitoring continues; the service expects to be back on target next quarter.",
    ],
    "green": [""],
}

CORRECTION_REASON = (
    "Figure corrected after the service's reconciliation: the first return double-counted "
    "cases carried over from the previous period."
)
FORECAST_NOTE = "Service forecast: the second half of the year is expected to recover."
