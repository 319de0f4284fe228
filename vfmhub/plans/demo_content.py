"""What the generated improvement plans say: seed 002's Use of Resources action plan, as a
district council kept it in 2009–10, plus a few plausible rows for the KLOEs it does not reach.

Each item is (theme, KLOE code, KLOE heading, issue, actions); each action is (description,
officer, a position per round in order: December 2009, March 2010, July 2010; "" where the
council wrote nothing). A description that starts with NEW_2010 was added from the 2010
assessment (seed 002's "Action Plan from 2010 Assessment" column) and has only a July update.
"""

from typing import NamedTuple

PLAN_TITLE = "Use of Resources Action Plan 2009/10"
PLAN_DESCRIPTION = "Value for Money Assessment / Use of Resources Action Plan (Appendix 3)."
FROM_2010 = "Action Plan from 2010 Assessment"

# (label, as-at date as (year, month, day)): seed 002's three round columns.
ROUNDS = (
    ("December 2009 Position", (2009, 12, 31)),
    ("March 2010 update", (2010, 3, 31)),
    ("July 2010 update", (2010, 7, 31)),
)

OFFICER_TITLES = (
    ("HoF", "Head of Finance"),
    ("SFM", "Strategic Finance Manager"),
    ("IPM", "Improvement and Performance Manager"),
    ("CMT", "Corporate Management Team"),
    ("SMT", "Senior Management Team"),
    ("BIPM", "Business Improvement Programme Manager"),
)

THEMES = {
    "1": "Theme 1 - Managing finances",
    "2": "Theme 2 - Governing the business",
    "3": "Theme 3 - Managing resources",
}

NO_ACTION_REASON = (
    "Propose no action. The role of targets is being reviewed, and forecast outturns are almost "
    "always guesses, as likely to mislead as to inform."
)


class ActionText(NamedTuple):
    description: str
    officer: str
    positions: tuple[str, str, str]
    new_in_2010: bool = False
    no_action: bool = False


class ItemText(NamedTuple):
    kloe: str
    kloe_heading: str
    issue: str
    actions: tuple[ActionText, ...]


def _new(description: str, officer: str, july: str) -> ActionText:
    return ActionText(description, officer, ("", "", july), new_in_2010=True)


ITEMS: tuple[ItemText, ...] = (
    ItemText(
        "1.1",
        "KLOE 1.1 - Financial planning",
        "Further integrate corporate financial planning with service planning.",
        (
            ActionText(
                "Ensure managers and members are clear and understand the budget and service "
                "plan process.",
                "HoF",
                (
                    "2010/11 service plans under way; we will meet again in April.",
                    "New service plan template used for 2010/11 as part of the Corporate "
                    "Business Improvement Programme; templates include budget implications.",
                    "2011/12 service plan template includes the financial implications of all "
                    "service plan initiatives.",
                ),
            ),
        ),
    ),
    ItemText(
        "1.1",
        "KLOE 1.1 - Financial planning",
        "Make further efficiencies in lower priority areas.",
        (
            ActionText(
                "Savings and efficiencies identified through BIP and the service plan process. "
                "Regular reports to the Senior Management Team and Members to raise awareness.",
                "SMT",
                (
                    "March 2010 and ongoing.",
                    "",
                    "£1.147m efficiencies declared for 2009/10, exceeding the estimated £770,000 "
                    "declared in October 2009.",
                ),
            ),
            _new(
                "Ensure income models are innovative and that levels are closely monitored and "
                "reflect the external environment.",
                "SMT",
                "Being progressed by the fees and charges review.",
            ),
        ),
    ),
    ItemText(
        "1.1",
        "KLOE 1.1 - Financial planning",
        "Better evidence how feedback from consultation impacts on Council policy and financial "
        "plans.",
        (
            ActionText(
                "Broaden the scope of Citizens Panel questions and areas considered as part of "
                "budget consultation.",
                "HoF/IPM",
                (
                    "Nov/Dec 2009.",
                    "Undertaken as part of the 2010/11 budget, and consultation thereon.",
                    "Budget consultation in Nov/Dec 2010 in the same way as 2009.",
                ),
            ),
            _new(
                "Consult more widely and with representative groups on financial plans for the "
                "forthcoming year.",
                "CMT/HoF/IPM",
                "Consultation plan agreed with the Citizens Panel co-ordinator.",
            ),
        ),
    ),
    ItemText(
        "1.1",
        "KLOE 1.1 - Financial planning",
        "Stronger evidence of robust challenge of financial plans by Members.",
        (
            ActionText(
                "Sub-group of Finance and Audit created to go through the budget papers in detail.",
                "HoF",
                (
                    "Meetings held Nov/Dec 2009, Jan/Feb 2010.",
                    "",
                    "Budget presentations to all members planned; financial projections subject "
                    "to detailed scrutiny by Finance and Audit.",
                ),
            ),
            ActionText(
                "Training for members on the estimates process and the member role.",
                "HoF",
                ("Training session November 2009.", "", "Presentation and report."),
            ),
            _new(
                "Continue financial training for Finance and Audit members, with a clear "
                "explanation of the impact of support service costs.",
                "HoF",
                "Training programme for the new municipal year being drawn up.",
            ),
            _new(
                "Ensure assumptions for recurring and one-off growth and savings are validated "
                "on an ongoing basis.",
                "HoF",
                "Reviewed on an ongoing basis by SFM.",
            ),
        ),
    ),
    ItemText(
        "1.2",
        "KLOE 1.2 - Understanding costs and achieving efficiencies",
        "Strengthen the use of whole life costing and options appraisals to ensure all "
        "potential costs are included.",
        (
            ActionText(
                "Standard requirement for all appraisals. Accountants to be aware of this, and "
                "trained as necessary.",
                "HoF",
                ("Ongoing.", "Asset plan (November 2009 Executive), golf project.", ""),
            ),
            _new(
                "Better understand the cost of services so as to be able to demonstrate value "
                "for money.",
                "SFM",
                "Benchmarking of charges and costs of services under way as part of the fees and "
                "charges review.",
            ),
        ),
    ),
    ItemText(
        "1.2",
        "KLOE 1.2 - Understanding costs and achieving efficiencies",
        "Understanding costs and comparisons with others.",
        (
            ActionText(
                "Paper on benchmarking to SMT.",
                "HoF",
                (
                    "March 2010.",
                    "Benchmarking paper to SMT 3 March 2010, subject to further consideration.",
                    "Benchmarking discussed by March and April 2010 SMT; to be undertaken on an "
                    "appropriate basis.",
                ),
            ),
        ),
    ),
    ItemText(
        "1.2",
        "KLOE 1.2 - Understanding costs and achieving efficiencies",
        "Better demonstrate consideration of environmental and social aims in decision making.",
        (
            ActionText(
                "Executive reports to be clear about how the recommendations tie in to the "
                "Council's Corporate Strategy.",
                "SMT",
                (
                    "Ongoing.",
                    "Principles of strategic asset management (March 2010 Executive).",
                    "",
                ),
            ),
        ),
    ),
    ItemText(
        "1.2",
        "KLOE 1.2 - Understanding costs and achieving efficiencies",
        "Strengthen reporting around BIP to enable decision makers to better challenge the "
        "assumptions and progress.",
        (
            ActionText(
                "BIP reported quarterly to the Executive and Finance and Audit; supporting "
                "documents enhanced to meet member requests.",
                "BIPM/HoF",
                (
                    "Arrangements in place.",
                    "",
                    "New approach to reporting on corporate projects (formerly BIP) to SMT, with "
                    "outcome data, to start in September 2010.",
                ),
            ),
        ),
    ),
    ItemText(
        "1.2",
        "KLOE 1.2 - Understanding costs and achieving efficiencies",
        "Demonstrate positive outcomes from the lean systems thinking work.",
        (
            ActionText(
                "Evaluate outcomes and continue with the programme of interventions.",
                "IPM",
                (
                    "Expect outcomes for interventions 1 and 2 by Jan/Feb.",
                    "Significant improvements achieved for repairs turn round times and for "
                    "benefits new claims.",
                    "Programme of interventions being implemented.",
                ),
            ),
            _new(
                "Ensure, wherever possible, that CMT, S151, Scrutiny and the Executive have "
                "appropriate time to consider business cases.",
                "CMT",
                "Where this is not possible and the risk is unacceptable, the case will not be "
                "recommended to members.",
            ),
        ),
    ),
    ItemText(
        "1.3",
        "KLOE 1.3 - Financial reporting",
        "Ensure that the accounts are free of all but 'clearly trivial' errors.",
        (
            ActionText(
                "Training of accountants and other officers who input to the final accounts "
                "process; good planning of closure and monitoring thereof.",
                "SFM",
                (
                    "June 2010, ahead of 2009/10 closedown.",
                    "Training given to officers in departments on outstanding liabilities; "
                    "detailed final accounts instructions issued.",
                    "Awaiting the 2010 audit of accounts.",
                ),
            ),
            _new(
                "Ensure outcomes from financial consultation are reported to local residents.",
                "CMT/HoF/IPM",
                "Annual letter providing feedback to the Citizens Panel.",
            ),
        ),
    ),
    ItemText(
        "2.1",
        "KLOE 2.1 - Commissioning and procurement",
        "Consider revisiting the Procurement Strategy to be clearer how procurement could "
        "contribute to the equality and diversity, efficiency and sustainable community agendas.",
        (
            ActionText(
                "Update procurement documents for future tenders so that equality and diversity "
                "matters are addressed by contractors.",
                "SFM",
                (
                    "February 2010.",
                    "Procurement Strategy update to April 2010 Executive, strengthening equality "
                    "and diversity, sustainability and efficiency.",
                    "",
                ),
            ),
            _new(
                "Ensure procurement savings are monitored on an ongoing basis.",
                "HoF",
                "Procurement savings included within budget monitoring reports.",
            ),
        ),
    ),
    ItemText(
        "2.1",
        "KLOE 2.1 - Commissioning and procurement",
        "Strengthen the tendering process to reflect best practice and deliver improved VFM.",
        (
            ActionText(
                "The new procurement software will contain scoring matrices to help ensure the "
                "most economically advantageous tenders are analysed.",
                "SFM",
                (
                    "December 2009.",
                    "Improvements made with the system, and the updated code of contract practice.",
                    "Contracts register in place, with a plan of contracts to be tendered.",
                ),
            ),
        ),
    ),
    ItemText(
        "2.1",
        "KLOE 2.1 - Commissioning and procurement",
        "Better engage with communities with disabilities.",
        (
            ActionText(
                "Community Partnership Team to examine how links with representative groups can "
                "be developed.",
                "CMT",
                (
                    "March 2010 and ongoing.",
                    "",
                    "Training sessions with people with disabilities held in March and June 2010; "
                    "a disability network launches in the autumn.",
                ),
            ),
        ),
    ),
    ItemText(
        "2.1",
        "KLOE 2.1 - Commissioning and procurement",
        "Stronger examples of developments arising through locality working.",
        (
            ActionText(
                "Community Partnership Team to continue to support and develop community forums.",
                "CMT",
                (
                    "March 2010 and ongoing.",
                    "",
                    "The seven forums continue to meet quarterly; newsletters highlight outcomes.",
                ),
            ),
        ),
    ),
    ItemText(
        "2.2",
        "KLOE 2.2 - Data quality and use of information",
        "Improved and extended testing of systems and processes for data quality.",
        (
            ActionText(
                "As set out in the Data Quality Action Plan, now integrated into the Internal "
                "Audit Plan.",
                "IPM",
                (
                    "Ongoing.",
                    "Improved and extended testing commenced in 2009 as part of the internal "
                    "audit of performance management.",
                    "Testing continuing; our approach to data quality needs a complete revision.",
                ),
            ),
        ),
    ),
    ItemText(
        "2.2",
        "KLOE 2.2 - Data quality and use of information",
        "Identify all partners with whom data is shared and ensure agreed standards are in place.",
        (
            ActionText(
                "Also set out in the Data Quality Action Plan: phase 1 with LSP partners through "
                "the county Performance Managers Group, phase 2 with other partners.",
                "IPM",
                (
                    "Phase 1 by Jan 2010.",
                    "A draft protocol for all organisations of the Public Service Board is due "
                    "to be agreed at the next PSB.",
                    "Now part of the Partnership Strategy, due to go to PSB on 20 September 2010.",
                ),
            ),
        ),
    ),
    ItemText(
        "2.2",
        "KLOE 2.2 - Data quality and use of information",
        "Include forecast outturn to enable Members to assess the sufficiency of mitigating "
        "actions where targets are likely to be missed.",
        (
            ActionText(
                "Propose no action: the role of targets is being reviewed.",
                "IPM",
                ("No action.", "Proposed no action; measures are being reviewed.", "No change."),
                no_action=True,
            ),
            _new(
                "Ensure the customer insight project identifies the needs of our residents and "
                "that the data informs service decisions.",
                "IPM",
                "Covered by the new approach to reporting on outcomes and priorities.",
            ),
        ),
    ),
    ItemText(
        "2.2",
        "KLOE 2.2 - Data quality and use of information",
        "More robust checking of the data supporting performance indicators before they are "
        "reported to Members.",
        (
            ActionText(
                "As set out in the Data Quality Action Plan, now integrated into the Internal "
                "Audit Plan.",
                "IPM",
                ("Ongoing.", "Ongoing.", "See above."),
            ),
        ),
    ),
    ItemText(
        "2.2",
        "KLOE 2.2 - Data quality and use of information",
        "Link performance reports and measures to Corporate priorities.",
        (
            ActionText(
                "Show how all existing measures link to the Corporate Strategy once the "
                "Corporate Business Plan is agreed.",
                "IPM",
                (
                    "Revisit in May 2010 as part of the service planning framework.",
                    "Measures and reporting under review as part of CBIP.",
                    "New approach to reporting on outcomes gives a regular timetable for "
                    "reviewing priorities.",
                ),
            ),
        ),
    ),
    ItemText(
        "2.3",
        "KLOE 2.3 - Good governance",
        "Ensure everyone at the Council is clear on the registers of interest and of gifts and "
        "hospitality and the requirements for completing them.",
        (
            ActionText(
                "Quarterly report to the Senior Management Team; Council members advised of "
                "their responsibilities at the same time.",
                "SMT",
                ("Achieved.", "Quarterly reports have been submitted to SMT.", "On-going."),
            ),
        ),
    ),
    ItemText(
        "2.3",
        "KLOE 2.3 - Good governance",
        "Strengthen arrangements for partnership governance.",
        (
            ActionText(
                "Review governance arrangements for partnerships by the end of the financial year.",
                "CMT",
                (
                    "March 2010.",
                    "All partnership arrangements reviewed; members agreed a revised partnership "
                    "policy.",
                    "",
                ),
            ),
            _new(
                "Demonstrate that partnership arrangements are leading to better outcomes.",
                "CMT",
                "Checklist agreed by the Executive to monitor partnership outcomes annually.",
            ),
        ),
    ),
    ItemText(
        "2.3",
        "KLOE 2.3 - Good governance",
        "Embed a code of conduct for senior officers.",
        (
            ActionText(
                "Discuss with the Audit Commission whether further issues belong in the code of "
                "conduct for employees; make sure all staff know the current code.",
                "CMT",
                ("", "Core brief item being drafted.", "Code to be reviewed and promoted."),
            ),
        ),
    ),
    ItemText(
        "2.3",
        "KLOE 2.3 - Good governance",
        "Ensure that relevant legislation is complied with.",
        (
            ActionText(
                "All reports to be considered by Legal Services before members consider them.",
                "SMT",
                ("On-going.", "Senior managers responsible for seeking legal advice.", ""),
            ),
        ),
    ),
    ItemText(
        "2.4",
        "KLOE 2.4 - Risk management and internal control",
        "Embed risk management in service planning and project management.",
        (
            ActionText(
                "Risk registers to be part of every service plan and every corporate project.",
                "IPM",
                ("Template updated.", "All 2010/11 service plans include a risk register.", ""),
            ),
            ActionText(
                "Audit and Standards Committee to review the corporate risk register quarterly.",
                "HoF",
                ("First review January 2010.", "Reviewed March 2010.", "Reviewed June 2010."),
            ),
        ),
    ),
    ItemText(
        "3.1",
        "KLOE 3.1 - Natural resources",
        "Set targets for reducing energy and water use across the Council's buildings.",
        (
            ActionText(
                "Carbon management plan with baseline and annual targets.",
                "SMT",
                ("Baseline being measured.", "Draft plan to SMT April 2010.", ""),
            ),
        ),
    ),
    ItemText(
        "3.2",
        "KLOE 3.2 - Strategic asset management",
        "Better link the asset management plan to corporate priorities.",
        (
            ActionText(
                "Revise the asset management plan alongside the Corporate Business Plan.",
                "HoF",
                ("", "Principles agreed by the Executive March 2010.", "Revised plan drafted."),
            ),
            ActionText(
                "Report asset performance measures to members annually.",
                "SFM",
                ("", "Measures identified.", ""),
            ),
        ),
    ),
    ItemText(
        "3.3",
        "KLOE 3.3 - Workforce",
        "Develop a workforce plan that supports the Corporate Business Plan.",
        (
            ActionText(
                "Workforce plan to be drafted with service heads and agreed by CMT.",
                "CMT",
                ("Scoping under way.", "First draft to CMT.", "Agreed by CMT June 2010."),
            ),
        ),
    ),
)

UPDATE_FILLERS = (
    "On track; reported to SMT.",
    "Progress reported to Finance and Audit.",
    "Slipped a month; revised date agreed with SMT.",
    "Under way as planned.",
)

REVIEW_OVERALL = (
    "A clear, well-owned plan that follows the auditor's areas for improvement closely. Updates "
    "are regular, but several say what was done rather than what changed as a result; the 2010 "
    "actions need target dates."
)
REVIEW_ITEM_COMMENTS = (
    "Good: consultation results are fed back. Say how they changed the budget.",
    "Consider peer challenge from a neighbouring council's finance sub-group.",
    "Benchmarking through the partnership's cost comparison club would help here.",
    "The no-action decision is reasoned; revisit it when the measures review ends.",
)
REVIEW_RESPONSE = (
    "Thank you. We have added target dates to the 2010 actions and will report outcomes, not "
    "only activity, from the next round."
)
