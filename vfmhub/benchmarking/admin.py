"""Staff views of benchmarking records: reference data and its sources, the lineage, the neighbour
model versions and their results, comparator groups. Changes go through the commands and pages
(and their services) so that each is audited; the admin is for looking things up.

Each model's list shows the columns named below and is filtered by those after them."""

from django.contrib import admin

from vfmhub.benchmarking import models
from vfmhub.programme.admin import read_only_admin

LISTS: list[tuple[type, str, str]] = [
    # Reference data
    (models.ReferenceSource, "title file_name kind year loaded_at", "kind"),
    (
        models.ReferenceArea,
        "gss_code name area_class region_code active_from active_to",
        "area_class",
    ),
    (models.Reorganisation, "predecessor_code successor_code effective share", ""),
    (models.ReferenceMeasure, "code title group unit aggregation is_spend", "group is_spend"),
    (models.ReferenceValue, "measure gss_code year value source", "year"),
    # The neighbour model
    (models.NeighbourModel, "version title is_default computed_at created_at", "is_default"),
    (models.Neighbour, "model body_code rank neighbour_code distance rebased", ""),
    # Comparator groups
    (models.ComparatorGroup, "name owner kind publisher version is_current created_at", "kind"),
    (models.ComparatorGroupMember, "group position gss_code name", ""),
    # Benchmarking clubs
    (models.Club, "name partnership created_at", ""),
    (models.ClubMember, "club organisation joined left", ""),
    (models.ClubMeasure, "club code title unit polarity", "polarity"),
    (models.ClubWindow, "club year quarter opens closes", "quarter"),
    (models.ClubValue, "measure window organisation value status", "status"),
    # What benchmarks are used for
    (models.BenchmarkTargetRule, "organisation measure_token statistic target_year value", ""),
    (models.VfmReview, "organisation finding plan_item plan_action created_at", ""),
]

for model, columns, filters in LISTS:
    admin.site.register(model, read_only_admin(model, columns, filters))
