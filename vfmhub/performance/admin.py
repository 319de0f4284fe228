"""Staff views of performance records: the indicator library and its figures, the council plan,
the finance position and the quarterly reports. Changes go through the pages (and their
services) so that each is audited; the admin is for looking things up.

Each model's list shows the columns named below and is filtered by those after them."""

from django.contrib import admin

from vfmhub.performance import models
from vfmhub.programme.admin import read_only_admin

LISTS: list[tuple[type, str, str]] = [
    # Indicators and their figures
    (
        models.Indicator,
        "code title owner data_type polarity frequency rollup",
        "frequency polarity",
    ),
    (models.RagRuleVersion, "indicator version applies_from method created_at", "method"),
    (
        models.IndicatorValue,
        "indicator organisation area_code year frequency period_index value status version",
        "status frequency is_current",
    ),
    (models.Target, "indicator organisation year frequency period_index value source", "source"),
    (models.Commentary, "indicator organisation year frequency period_index written_at", ""),
    (models.EnteredForecast, "indicator organisation year value", ""),
    # The council plan and service ratings
    (models.CouncilPlan, "title organisation first_year last_year", ""),
    (models.Priority, "title plan position", ""),
    (models.Deliverable, "title priority position", ""),
    (models.OutcomeMeasure, "text deliverable indicator", ""),
    (models.PlanAction, "title deliverable completion_date lead_member status", "status"),
    (models.Service, "name organisation", ""),
    (models.ServiceRating, "service year score", "score"),
    (models.RatingTarget, "organisation year minimum_score share_percent", ""),
    # The finance position
    (models.RevenueLine, "service organisation year cost_centre budget", ""),
    (models.RevenueForecast, "line quarter actual_to_date forecast_outturn", "quarter"),
    (models.CapitalScheme, "name organisation year reference budget", ""),
    (models.CapitalForecast, "scheme quarter spend_to_date forecast", "quarter"),
    # Quarterly reports
    (models.QuarterlyReport, "title organisation partnership year quarter status", "status"),
    (models.SignOff, "report from_status to_status signed_by signed_at", "to_status"),
]

for model, columns, filters in LISTS:
    admin.site.register(model, read_only_admin(model, columns, filters))
