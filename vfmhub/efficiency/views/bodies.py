"""A body's efficiency page: baselines, trajectory against target (chart and table), council tax
bill figures, a summary of its gains register and its returns; and its set-up by the programme's
manager (baselines, carry-forward, tax base)."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from vfmhub.core.charts import Series, bar_chart, money
from vfmhub.core.form_pages import save_form_page
from vfmhub.efficiency import forms, services
from vfmhub.efficiency.access import (
    BodyAccess,
    ProgrammeNeed,
    body_efficiency_for_user,
    participant_for_programme,
    programme_for_user,
)
from vfmhub.efficiency.exporting.lists import trajectory_export
from vfmhub.efficiency.models import Participant
from vfmhub.efficiency.selectors.bodies import TrajectoryRow, body_page, body_setup_values
from vfmhub.efficiency.views.common import programme_url
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label

BODY_SAVED = "The baselines, carry-forward and tax base for {organisation} have been saved."


def _pounds(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _chart(access: BodyAccess, rows: Sequence[TrajectoryRow]) -> SafeString:
    return bar_chart(
        title=f"Cumulative efficiency gains against target: {access.organisation.name}",
        description="Target, achieved (outturn) and forecast cumulative value for each year, "
        "in pounds. The table beside the chart gives the same figures.",
        categories=[financial_year_label(r.year) for r in rows],
        series=[
            Series("Target", [_pounds(r.target_amount) for r in rows]),
            Series("Achieved", [_pounds(r.achieved) for r in rows]),
            Series("Forecast", [_pounds(r.forecast) for r in rows]),
        ],
        number_format=money,
    )


def body_efficiency_page(request, pk: int, org_pk: int) -> HttpResponse:
    access = body_efficiency_for_user(request.user, pk, org_pk)
    shown = body_page(access, clock.today())
    if request.GET.get("export"):
        return trajectory_export(
            request.GET["export"],
            f"{access.organisation.display_name}-efficiency-trajectory",
            shown["rows"],
            with_register=access.sees_gains,
        )
    context = {
        "access": access,
        "programme": access.programme,
        "organisation": access.organisation,
        "participant": access.participant,
        "chart": _chart(access, shown["rows"]),
        **shown,
    }
    return render(request, "efficiency/body.html", context)


def body_setup(request, pk: int, org_pk: int) -> HttpResponse:
    programme, _ = programme_for_user(request.user, pk, need=ProgrammeNeed.MANAGE)
    participant = participant_for_programme(programme, org_pk)
    form = forms.BodySetupForm(
        request.POST or None, initial=body_setup_values(programme, participant)
    )

    def save(data: dict[str, Any]) -> Participant:
        return services.body_setup_save(
            acting_user=request.user, programme=programme, participant=participant, **data
        )

    name = participant.organisation.name
    return save_form_page(
        request,
        form,
        save,
        done=BODY_SAVED.format(organisation=name),
        back_url=programme_url(programme),
        title="Baselines, carry-forward and tax base",
        caption=f"{name}: {programme.name}",
    )
