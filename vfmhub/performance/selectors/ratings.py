"""What the service ratings pages and endpoints read: the services with a year's rating, the
target check, and a rating's history."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from vfmhub.audit.models import AuditEvent
from vfmhub.performance.access import PerformanceAccess
from vfmhub.performance.models import RatingTarget, Service, ServiceRating

DEFAULT_MINIMUM = 2
DEFAULT_SHARE = Decimal(75)


@dataclass(frozen=True)
class TargetCheck:
    """How many rated services score at least `minimum_score`, against the share wanted."""

    year: int
    minimum_score: int
    share_percent: Decimal
    rated: int
    at_or_above: int
    target_set: bool

    @property
    def share(self) -> Decimal | None:
        if not self.rated:
            return None
        exact = Decimal(self.at_or_above * 100) / Decimal(self.rated)
        return exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)

    @property
    def met(self) -> bool | None:
        """None when no service is rated that year: nothing to judge."""
        if not self.rated:
            return None
        return self.at_or_above * 100 >= self.share_percent * self.rated

    @property
    def sentence(self) -> str:
        """ "18 of 24 services (75%) score 2 or above: target met"."""
        if not self.rated:
            return "No service has been rated for this year."
        verdict = "target met" if self.met else "target not met"
        return (
            f"{self.at_or_above} of {self.rated} services ({self.share}%) score "
            f"{self.minimum_score} or above: {verdict} ({_percent(self.share_percent)}% wanted)"
        )


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}"


def rating_target_of(access: PerformanceAccess, year: int) -> RatingTarget | None:
    return RatingTarget.objects.filter(organisation=access.organisation, year=year).first()


def rating_target_check(access: PerformanceAccess, year: int) -> TargetCheck:
    """The year's target (75% scoring 2 or above when none is set) checked against the ratings
    given that year: two queries."""
    target = rating_target_of(access, year)
    minimum = target.minimum_score if target else DEFAULT_MINIMUM
    share = target.share_percent if target else DEFAULT_SHARE
    scores = list(
        ServiceRating.objects.filter(
            service__organisation=access.organisation, year=year
        ).values_list("score", flat=True)
    )
    return TargetCheck(
        year=year,
        minimum_score=minimum,
        share_percent=share,
        rated=len(scores),
        at_or_above=sum(1 for s in scores if s >= minimum),
        target_set=target is not None,
    )


def services_rated(access: PerformanceAccess, year: int) -> QuerySet[Service]:
    """The organisation's services, each with `year_ratings` (that year's, or none): two
    queries whatever the count."""
    this_year = ServiceRating.objects.filter(year=year).select_related("rated_by")
    return Service.objects.filter(organisation=access.organisation).prefetch_related(
        Prefetch("ratings", queryset=this_year, to_attr="year_ratings")
    )


def rating_years(access: PerformanceAccess) -> list[int]:
    rows = ServiceRating.objects.filter(service__organisation=access.organisation)
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


def service_ratings(service: Service) -> QuerySet[ServiceRating]:
    """Every year's rating of a service, newest year first."""
    return service.ratings.select_related("rated_by").order_by("-year")


def rating_history(service: Service) -> QuerySet[Any]:
    """Every score and reason the service was given, as recorded when set or changed."""
    kind = ContentType.objects.get_for_model(ServiceRating)
    ids = [str(pk) for pk in service.ratings.values_list("pk", flat=True)]
    return AuditEvent.objects.filter(content_type=kind, object_id__in=ids).order_by("-at", "-pk")
