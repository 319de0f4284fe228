"""The partnership programme's delivery-plan report as a PDF download (see
`exporting/report.py`).

Readers of the partnership's programme may download it; anyone else gets 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from vfmhub.lib import clock
from vfmhub.programme.access.funding import funding_year_for
from vfmhub.programme.exporting import report


@login_required
def overview_report(request, pk: int) -> HttpResponse:
    """?year= the financial year (its starting year); the latest with funding by default."""
    page = funding_year_for(request, pk)
    made = report.programme_report(page.partnership, page.year, clock.today())
    response = HttpResponse(report.report_pdf(made), content_type=report.PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}.pdf"'
    return response
