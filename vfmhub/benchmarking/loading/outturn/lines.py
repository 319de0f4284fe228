"""The lines of MHCLG's revenue outturn summary: each line's fixed measure code, its title and
the headings it has had over the years, and the headings known and deliberately not read."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One line of the summary: its fixed measure code, and the headings it has had."""

    code: str
    title: str
    headings: tuple[str, ...] = ()
    is_spend: bool = False
    description: str = ""


def _line(code: str, title: str, *more: str, spend: bool = False, note: str = "") -> Line:
    return Line(f"outturn.{code}", title, (title, *more), spend, note)


SERVICE_NOTE = "Net current expenditure on the service (after sales, fees, charges and grants)."
# The service lines: net current expenditure by service, each with a cost per head.
SERVICE_LINES: tuple[Line, ...] = tuple(
    _line(code, title, *more, spend=True, note=SERVICE_NOTE)
    for code, title, *more in (
        ("education", "Education services", "Education", "Total education services"),
        (
            "highways_transport",
            "Highways and transport services",
            "Highways, roads and transport services",
        ),
        (
            "childrens_social_care",
            "Children's social care",
            "Children Social Care",
            "Childrens social care services",
        ),
        ("adult_social_care", "Adult social care", "Adult social care services"),
        ("public_health", "Public health", "Public health services"),
        (
            "housing",
            "Housing services (GFRA only)",
            "Housing services",
            "Housing services (General Fund Revenue Account only)",
        ),
        ("cultural", "Cultural and related services", "Cultural services"),
        ("environmental_regulatory", "Environmental and regulatory services"),
        ("planning_development", "Planning and development services"),
        ("police", "Police services"),
        ("fire", "Fire and rescue services", "Fire services"),
        ("court", "Court services"),  # until 2011-12: coroners' and magistrates' courts
        ("central", "Central services"),
        ("other", "Other services"),
        ("total_service", "Total service expenditure"),
    )
)
SPEND_NOTE = "Spending across services, in £ thousand."
OTHER_LINES: tuple[Line, ...] = (
    _line("net_current", "Net current expenditure", spend=True, note=SPEND_NOTE),
    _line("revenue_expenditure", "Revenue expenditure", spend=True, note=SPEND_NOTE),
    _line("net_revenue", "Net revenue expenditure", spend=True, note=SPEND_NOTE),
    _line("council_tax_requirement", "Council tax requirement"),
    _line("revenue_support_grant", "Revenue Support Grant"),
    _line(
        "retained_business_rates",
        "Retained income from Rate Retention Scheme",
        "Retained income from the Rate Retention Scheme",
        "Retained business rates",
    ),
    _line(
        "redistributed_business_rates",
        "Redistributed non-domestic rates",
        "Redistributed business rates",
    ),
    _line("area_based_grant", "Area Based Grant"),
    _line("police_grant", "Police grant"),
    _line(
        "local_services_support_grant",
        "Local Services Support Grant (LSSG)",
        "Local Services Support Grant",
    ),
    _line("specific_grants_inside_aef", "Specific and special grants inside AEF"),
    _line("specific_grants_outside_aef", "Specific and special grants outside AEF"),
    _line("hb_rent_allowances", "Housing benefits: rent allowances - mandatory payments"),
    _line("hb_non_hra_rent_rebates", "Housing benefits: non-HRA rent rebates - mandatory payments"),
    _line(
        "hb_hra_rent_rebates", "Housing benefits: rent rebates to HRA tenants - mandatory payments"
    ),
    _line("hb_subsidy_limitation", "Housing benefits: subsidy limitation transfers from HRA"),
    _line("hra_whole_community", "Contribution to the HRA re items shared by the whole community"),
    _line("parish_precepts", "Parish precepts"),
    _line("levy_integrated_transport", "Integrated Transport Authority levy"),
    _line("levy_waste_disposal", "Waste Disposal Authority levy"),
    _line("levy_london_pensions", "London Pensions Fund Authority levy"),
    _line("levy_other", "Other levies"),
    _line("levy_environment_agency", "Levy: Environment Agency flood defence"),
    _line("trading_external", "External Trading Accounts net surplus(-)/ deficit(+)"),
    _line("trading_internal", "Internal Trading Accounts net surplus(-)/ deficit(+)"),
    _line("trading_capital_external", "Capital items accounted for in External Trading Accounts"),
    _line("trading_capital_internal", "Capital items accounted for in Internal Trading Accounts"),
    _line("accumulated_absences", "Appropriations to(+) / from(-) Accumulated Absences Account"),
    _line("nce_adjustments", "Adjustments to net current expenditure"),
    _line(
        "cera",
        "Capital expenditure charged to the GF Revenue Account (CERA) (exclude Public Health)",
        "Capital expenditure charged to the GF Revenue Account (CERA)",
    ),
    _line(
        "cera_public_health",
        "Capital expenditure charged to the GF Revenue Account (CERA) (Public Health)",
    ),
    _line("flexible_capital_receipts", "Flexible use of Capital Receipts"),
    _line("bad_debts", "Provision for bad debts (+/-)"),
    _line("repayment_of_principal", "Provision for repayment of principal"),
    _line("leasing", "Leasing payments"),
    _line("interest_payments", "Interest: external payments"),
    _line("interest_hra_item_8", "Interest: HRA item 8 payments and receipts"),
    _line(
        "interest_receipts", "Interest and investment income (-): external receipts and dividends"
    ),
    _line(
        "pfi_difference",
        "Private Finance Initiative (PFI) schemes - difference from service charge",
    ),
    _line(
        "financial_instruments",
        "Appropriations to(+)/ from(-) financial instruments adjustment account",
    ),
    _line("unequal_pay", "Appropriations to(+)/ from(-) unequal pay back pay account"),
    _line(
        "business_rates_supplement",
        "Business Rates Supplement (GLA only)",
        "Business Rates Supplement",
    ),
    _line("community_infrastructure_levy", "Community Infrastructure levy"),
    _line("crc_expenditure", "Carbon Reduction Commitment (CRC) transactions (expenditure) (+)"),
    _line("crc_income", "Carbon Reduction Commitment (CRC) transactions (income) (-)"),
    _line("reorganisation_transfers", "Inter-authority transfers in respect of reorganisation"),
    _line("reserves_schools_appropriations", "Appropriations to(+)/ from(-) schools' reserves"),
    _line(
        "reserves_public_health_appropriations",
        "Appropriations to(+)/ from(-) public health financial reserves",
    ),
    _line(
        "reserves_earmarked_appropriations",
        "Appropriations to(+)/ from(-) other earmarked financial reserves",
    ),
    _line(
        "reserves_unallocated_appropriations",
        "Appropriations to(+)/ from(-) unallocated financial reserves",
    ),
    _line("collection_fund_council_tax", "Collection fund surplus/deficits for council tax"),
    _line("other_items", "Other items"),
    *(
        _line(
            f"reserves_{kind}_{end}",
            f"Estimated {words} reserves level at {day}",
            f"Reserves at {day} {words} reserves",
        )
        for end, day in (("start", "1 April"), ("end", "31 March"))
        for kind, words in (
            ("schools", "schools"),
            ("public_health", "public health financial"),
            ("earmarked", "other earmarked financial"),
            ("unallocated", "unallocated financial"),
        )
    ),
    _line("prior_year_adjustments", "Prior year adjustments"),
    _line("depreciation", "Depreciation"),
    _line("impairment", "Loss on impairment of assets"),
    _line("revaluations", "Revaluations taken to surplus or deficit on the provision of services"),
    _line("capital_grants_credit", "Credit for capital grants"),
    _line("recs", "Revenue Expenditure funded from Capital by Statute (RECS)"),
    _line("capital_items_total", "Total capital items"),
    _line("lcts_pensioners", "Total council tax revenue foregone - pensioners"),
    _line("lcts_working_age", "Total council tax revenue foregone - working age people"),
    _line("lcts_total", "Total amount of council tax revenue foregone"),
    _line(
        "lcts_parishes",
        "The total amount paid to local parishes [by the billing authority] "
        "with respect to their council tax support allocation",
    ),
    _line("equal_pay_schools", "One off equal pay costs - falling on the schools budget"),
    _line("equal_pay_other", "One off equal pay costs - chargeable to any other revenue account"),
    _line(
        "icelandic_interest_payable",
        "Icelandic Bank Impairment: Interest payable and similar charges",
        "Interest payable and similar charges",
    ),
    _line(
        "icelandic_interest_receipts",
        "Icelandic Bank Impairment: Interest and investment income "
        "(-): external receipts and dividends",
    ),
    _line(
        "total_service_on_balance_sheet",
        'Total service expenditure on non-IAS19 and PFI "On Balance Sheet" basis',
    ),
    _line("hra_income", "Total Housing Revenue Account (HRA) income"),
    _line("hra_expenditure", "Total Housing Revenue Account (HRA) expenditure"),
    _line("hra_surplus_deficit", "Surplus or deficit for the year on HRA services"),
    _line("hra_reserves_start", "Housing Revenue Account (HRA) Reserves at 1 April"),
    _line("hra_reserves_end", "Housing Revenue Account (HRA) Reserves at 31 March"),
)
LINES: tuple[Line, ...] = SERVICE_LINES + OTHER_LINES

# Headings known and deliberately not read, with why.
IGNORED_HEADINGS = {
    "E-code": "MHCLG's own code for the body; bodies are kept by ONS code",
    "Ecode": "MHCLG's own code for the body; bodies are kept by ONS code",
    "Class": "the class is taken from the ONS code (a fire authority's E31 code, say)",
    "SUB-TOTAL": "a running subtotal (net current expenditure and lines 759 to 783) whose "
    "meaning depends on where it stands; revenue expenditure, the total it leads to, is kept",
    'Please confirm the form is completed on non-IAS19 and PFI "Off-Balance Sheet" basis': (
        "a yes (1) or no (0) confirmation of the accounting basis, not a figure"
    ),
}
