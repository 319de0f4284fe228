"""Staff views of partnership programmes: funding and allocations, projects, risk registers and
improvement programmes. Changes go through the pages (and their services) so that each is
audited; the admin is for looking things up.

Each model's list shows the columns named below and is filtered by those after them; columns
that are other records are read with the list, and its text columns are searched."""

from django.contrib import admin
from django.db.models import CharField, ForeignKey, Model

from vfmhub.core.admin import ReadOnlyAdmin
from vfmhub.programme import models

LISTS: list[tuple[type[Model], str, str]] = [
    # Funding and allocations
    (models.FundingStream, "name partnership year kind amount status", "kind status"),
    (models.AllocationPlan, "partnership year status approved_on stated_grand_total", "status"),
    (models.AllocationNode, "name partnership year level amount stated_total", "level"),
    (models.Commitment, "node date amount description", ""),
    (models.Spend, "node date amount description", ""),
    # Projects
    (models.Project, "name partnership kind stage lead_organisation", "kind stage"),
    (models.ProjectStageChange, "project from_stage to_stage changed_on changed_by", ""),
    (models.ProjectFunding, "project source allocation amount", ""),
    (models.ProjectMilestone, "title project due_on status completed_on", "status"),
    (models.ProjectUpdate, "project date rag author", "rag"),
    # Risk registers
    (models.RiskMatrix, "name key size is_locked replaces", ""),
    (models.RiskRegister, "name partnership organisation project matrix", ""),
    (models.Risk, "title register current_score status review_date", "status"),
    (models.RiskRating, "risk kind likelihood impact rated_by rated_at", "kind"),
    # Improvement programmes
    (models.ImprovementProgramme, "name partnership year", ""),
    (models.Event, "title programme kind date end_date venue", "kind"),
    (models.Attendance, "person_name event organisation organisation_name attended", "attended"),
    (models.Feedback, "event rating organisation", "rating"),
]


def read_only_admin(model: type[Model], columns: str, filters: str) -> type[ReadOnlyAdmin]:
    """A read-only admin listing `columns` of `model` and filtered by `filters`."""
    shown = columns.split()
    kinds = {name: model._meta.get_field(name) for name in shown}
    return type(
        f"{model.__name__}Admin",
        (ReadOnlyAdmin,),
        {
            "list_display": shown,
            "list_filter": filters.split(),
            "list_select_related": [n for n, f in kinds.items() if isinstance(f, ForeignKey)],
            "search_fields": [
                n for n, f in kinds.items() if isinstance(f, CharField) and not f.choices
            ],
        },
    )


for model, columns, filters in LISTS:
    admin.site.register(model, read_only_admin(model, columns, filters))
