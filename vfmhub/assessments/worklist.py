"""Assessment work that is due, for the home page: what a manager must submit, what an auditor
must score. Registered with `vfmhub.core.worklist` in `AssessmentsConfig.ready()`.

Each line links to the organisation's assessments list filtered (`?awaiting=…`) by the same
filter that counted it, so the list shows exactly what the line counts.
"""

import datetime
from collections.abc import Iterator

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from vfmhub.accounts.models import User
from vfmhub.assessments.access import appointed_years_filter, years_filter
from vfmhub.assessments.models import Assessment, AssessmentKind, AssessmentStatus
from vfmhub.core.worklist import DueWork
from vfmhub.organisations.access import OrganisationAccess
from vfmhub.organisations.models import AuditorAssignment, OrganisationRole

GROUP = "Assessments"
AWAITING_SUBMISSION = "submission"
AWAITING_AUDITOR = "auditor"
AWAITING_TITLES = {
    AWAITING_SUBMISSION: "Self-assessments in draft, waiting to be submitted",
    AWAITING_AUDITOR: "Submitted self-assessments waiting for the auditor's scores",
}


def awaiting_submission() -> Q:
    return Q(kind=AssessmentKind.SELF, status=AssessmentStatus.DRAFT)


def awaiting_auditor() -> Q:
    """Submitted self-assessments with no final auditor scores for the body, version and year.

    The auditor records provisional scores, then final ones: until those are final, the
    self-assessment waits for them.
    """
    final = Assessment.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        version_id=OuterRef("version_id"),
        year=OuterRef("year"),
        kind=AssessmentKind.AUDITOR,
        status__in=[AssessmentStatus.FINAL, AssessmentStatus.PUBLISHED],
    )
    return Q(kind=AssessmentKind.SELF, status=AssessmentStatus.SUBMITTED) & ~Q(Exists(final))


def awaiting_filter(awaiting: str, access: OrganisationAccess) -> Q | None:
    """The list filter for `?awaiting=`; an auditor's list keeps to the years they audit."""
    if awaiting == AWAITING_SUBMISSION:
        return awaiting_submission()
    if awaiting == AWAITING_AUDITOR:
        appointed = appointed_years_filter(access) if access.auditor_years else Q()
        return awaiting_auditor() & appointed
    return None


def _list_url(organisation_id: int, awaiting: str) -> str:
    url = reverse("assessments:organisation_list", args=[organisation_id])
    return f"{url}?awaiting={awaiting}"


def _drafts_to_submit(user: User) -> Iterator[DueWork]:
    managed = Q(
        organisation__memberships__user=user,
        organisation__memberships__role=OrganisationRole.MANAGER,
    )
    rows = (
        Assessment.objects.filter(managed & awaiting_submission())
        .values("organisation_id", "organisation__name")
        .annotate(count=Count("pk", distinct=True))
        .order_by("organisation__name")
    )
    for row in rows:
        yield DueWork(
            group=GROUP,
            label=f"{_self_assessments(row['count'])} to submit at {row['organisation__name']}",
            count=row["count"],
            url=_list_url(row["organisation_id"], AWAITING_SUBMISSION),
        )


def _self_assessments(count: int) -> str:
    return "self-assessment" if count == 1 else "self-assessments"


def _awaiting_my_scores(user: User) -> Iterator[DueWork]:
    assignments = list(
        AuditorAssignment.objects.filter(user=user).values_list(
            "organisation_id", "first_year", "last_year"
        )
    )
    if not assignments:
        return
    appointed = Q(pk__in=[])
    for organisation_id, first, last in assignments:
        appointed |= Q(organisation_id=organisation_id) & years_filter(first, last)
    rows = (
        Assessment.objects.filter(appointed & awaiting_auditor())
        .values("organisation_id", "organisation__name")
        .annotate(count=Count("pk"))
        .order_by("organisation__name")
    )
    for row in rows:
        yield DueWork(
            group=GROUP,
            label=(
                f"{_self_assessments(row['count'])} awaiting your scores at "
                f"{row['organisation__name']}"
            ),
            count=row["count"],
            url=_list_url(row["organisation_id"], AWAITING_AUDITOR),
        )


def assessments_due_work(user: object, today: datetime.date) -> Iterator[DueWork]:
    """Per body: drafts a manager has to submit; submitted self-assessments awaiting an
    auditor's provisional or final scores (three queries whatever the number of bodies)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return
    yield from _drafts_to_submit(user)
    yield from _awaiting_my_scores(user)
