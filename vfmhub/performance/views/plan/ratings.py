"""The services' value-for-money ratings: the year's ratings with the target check, a service's
ratings and their history, and the pages that add a service, rate it and set the target."""

from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from vfmhub.core.exports import export_response
from vfmhub.core.form_pages import save_form_page
from vfmhub.lib import clock
from vfmhub.lib.years import financial_year_label, financial_year_of, year_or_none
from vfmhub.organisations.access import Need
from vfmhub.performance import access as perf
from vfmhub.performance.forms.plan import RatingForm, ServiceForm, TargetForm
from vfmhub.performance.selectors import ratings as selectors
from vfmhub.performance.services import ratings as services

HEADERS = ("Service", "Year", "Score", "Reason")


def _year(request) -> int:
    return year_or_none(request.GET.get("year")) or financial_year_of(clock.today())


def _ratings_url(org_pk: int, year: int | None = None) -> str:
    url = reverse("performance:ratings_list", args=[org_pk])
    return f"{url}?year={year}" if year else url


def ratings_list(request, org_pk: int) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk)
    year = _year(request)
    services_rated = list(selectors.services_rated(access, year))
    fmt = request.GET.get("export")
    if fmt:
        rows = [
            (s.name, financial_year_label(year), r.score, r.reason)
            for s in services_rated
            for r in s.year_ratings  # type: ignore[attr-defined]
        ]
        return export_response(fmt, filename=f"service-ratings-{year}", headers=HEADERS, rows=rows)
    context = {
        "access": access,
        "organisation": access.organisation,
        "year": year,
        "years": selectors.rating_years(access),
        "services": services_rated,
        "check": selectors.rating_target_check(access, year),
        "query": f"year={year}",
    }
    return render(request, "performance/plan/ratings.html", context)


def ratings_service(request, org_pk: int, pk: int) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk)
    service = perf.service_of(access, pk)
    context = {
        "access": access,
        "organisation": access.organisation,
        "service": service,
        "ratings": selectors.service_ratings(service),
        "history": selectors.rating_history(service),
    }
    return render(request, "performance/plan/rating_history.html", context)


def ratings_service_add(request, org_pk: int) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk, need=Need.EDIT)

    def save(data: dict[str, Any]) -> Any:
        return services.service_add(
            acting_user=request.user, organisation=access.organisation, name=data["name"]
        )

    return save_form_page(
        request,
        ServiceForm(request.POST or None),
        save,
        done="Service added.",
        back_url=_ratings_url(org_pk),
        title="Add a service to rate",
        caption=access.organisation.name,
    )


def ratings_rate(request, org_pk: int, pk: int) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk, need=Need.EDIT)
    service = perf.service_of(access, pk)
    year = _year(request)
    current = service.ratings.filter(year=year).first()
    initial: dict[str, Any] = {"year": year}
    if current is not None:
        initial |= {
            "score": current.score,
            "reason": current.reason,
            "version_stamp": current.updated_at.isoformat(),
        }
    form = RatingForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Any:
        expected = data.pop("version_stamp", None) or None
        return services.service_rating_set(
            acting_user=request.user, service=service, expected_updated_at=expected, **data
        )

    return save_form_page(
        request,
        form,
        save,
        done="Rating saved.",
        back_url=_ratings_url(org_pk, year),
        next_url=lambda rating: _ratings_url(org_pk, rating.year),
        title=f"Rate {service.name}",
        caption=access.organisation.name,
    )


def ratings_target(request, org_pk: int) -> HttpResponse:
    access = perf.performance_for_user(request.user, org_pk, need=Need.EDIT)
    year = _year(request)
    target = selectors.rating_target_of(access, year)
    initial: dict[str, Any] = {"year": year}
    if target is not None:
        initial |= {"minimum_score": target.minimum_score, "share_percent": target.share_percent}
    form = TargetForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Any:
        share: Decimal = data.pop("share_percent")
        return services.rating_target_set(
            acting_user=request.user,
            organisation=access.organisation,
            share_percent=share,
            **data,
        )

    return save_form_page(
        request,
        form,
        save,
        done="Target saved.",
        back_url=_ratings_url(org_pk, year),
        next_url=lambda target: _ratings_url(org_pk, target.year),
        title="Set the ratings target",
        caption=access.organisation.name,
    )
