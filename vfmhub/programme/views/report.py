"""The partnership programme's delivery-plan report as a PDF download (see report.py).

Readers of the partnership's programme may download it; anyone else gets 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from vfmhub.lib import clock
from vfmhub.programme.access import programme_partnership_for_user
from vfmhub.programme.exporting import report
from vfmhub.programme.views.funding import _year as year_asked_for


@login_required
def overview_report(request, pk: int) -> HttpResponse:
    """?year= the financial year (its starting year); the latest with funding by default."""
    access = programme_partnership_for_user(request.user, pk)
    year = year_asked_for(request, access.partnership)
    made = report.programme_report(access.partnership, year, clock.today())
    response = HttpResponse(report.report_pdf(made), content_type=report.PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}.pdf"'
    return response
