"""What is due on the home page for assessments: drafts to submit, self-assessments to score."""

import datetime

import pytest
from django.urls import reverse

from vfmhub.assessments import services
from vfmhub.assessments.models import AssessmentKind
from vfmhub.assessments.tests.conftest import enter_rolled_up
from vfmhub.assessments.worklist import assessments_due_work
from vfmhub.core import worklist
from vfmhub.organisations.models import (
    AuditorAssignment,
    BodyType,
    Organisation,
    OrganisationMembership,
    OrganisationRole,
)
from vfmhub.testing import assert_access

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2010, 6, 1)


def lines(user) -> list[tuple[str, int, str]]:
    return [(w.label, w.count, w.url) for w in assessments_due_work(user, TODAY)]


def list_url(organisation, awaiting: str) -> str:
    return reverse("assessments:organisation_list", args=[organisation.pk]) + (
        f"?awaiting={awaiting}"
    )


def start(personas, version, year, kind=AssessmentKind.SELF, organisation=None):
    return services.assessment_start(
        acting_user=personas.auditor if kind == AssessmentKind.AUDITOR else personas.editor,
        organisation=organisation or personas.org_a,
        version=version,
        year=year,
        kind=kind,
    )


def submit(personas, assessment):
    return services.assessment_submit(
        acting_user=personas.manager, assessment=assessment, confirm_incomplete=True
    )


def test_it_is_registered_with_the_home_page():
    assert assessments_due_work in worklist._due_work_providers


def test_it_counts_drafts_a_manager_must_submit(personas, uor_2008, uor_2005):
    start(personas, uor_2008, 2008)
    start(personas, uor_2005, 2007)
    submit(personas, start(personas, uor_2008, 2008, organisation=personas.org_c))
    assert lines(personas.manager) == [
        (
            "self-assessments to submit at Ashby District Council",
            2,
            list_url(personas.org_a, "submission"),
        )
    ]
    # Editors and viewers cannot submit; the outsider manages another body.
    assert lines(personas.editor) == lines(personas.viewer) == lines(personas.outsider) == []


def test_it_lists_exactly_the_drafts_it_counts(personas, as_user, uor_2008, uor_2005):
    draft = start(personas, uor_2008, 2008)
    submit(personas, start(personas, uor_2005, 2007))
    start(personas, uor_2008, 2008, AssessmentKind.AUDITOR)
    (line,) = assessments_due_work(personas.manager, TODAY)
    listed = as_user(personas.manager).get(line.url).context["assessments"]
    assert [a.pk for a in listed] == [draft.pk]
    assert line.count == 1
    html = as_user(personas.manager).get(line.url).content.decode()
    assert "Self-assessments in draft, waiting to be submitted" in html


def test_it_counts_self_assessments_awaiting_the_auditor_until_final(personas, as_user, uor_2008):
    own = submit(personas, start(personas, uor_2008, 2008))
    expected = [
        (
            "self-assessment awaiting your scores at Ashby District Council",
            1,
            list_url(personas.org_a, "auditor"),
        )
    ]
    assert lines(personas.auditor) == expected
    # Provisional scores recorded: it still waits for the final ones.
    provisional = start(personas, uor_2008, 2008, AssessmentKind.AUDITOR)
    assert lines(personas.auditor) == expected
    listed = as_user(personas.auditor).get(expected[0][2]).context["assessments"]
    assert [a.pk for a in listed] == [own.pk]
    enter_rolled_up(provisional, personas.auditor)
    services.assessment_finalise(
        acting_user=personas.auditor, assessment=provisional, final_values={}
    )
    assert lines(personas.auditor) == []
    assert list(as_user(personas.auditor).get(expected[0][2]).context["assessments"]) == []


def test_it_counts_only_the_years_and_bodies_an_auditor_audits(
    personas, as_user, uor_2008, uor_2005
):
    submit(personas, start(personas, uor_2005, 2007))  # before the appointment (2008 on)
    other = Organisation.objects.create(name="Other District Council", body_type=BodyType.DISTRICT)
    OrganisationMembership.objects.create(
        user=personas.manager, organisation=other, role=OrganisationRole.MANAGER
    )
    submit(personas, start(personas, uor_2008, 2008, organisation=other))
    assert lines(personas.auditor) == []
    assert (
        list(
            as_user(personas.auditor)
            .get(list_url(personas.org_a, "auditor"))
            .context["assessments"]
        )
        == []
    )
    AuditorAssignment.objects.create(
        user=personas.auditor, organisation=other, first_year=2008, last_year=2008
    )
    assert [count for _, count, _ in lines(personas.auditor)] == [1]


def test_it_counts_in_a_fixed_number_of_queries(
    personas, uor_2008, frameworks, django_assert_num_queries
):
    for number in range(2):
        for kind in ("draft", "submitted"):
            body = Organisation.objects.create(
                name=f"{kind} {number} District Council", body_type=BodyType.DISTRICT
            )
            OrganisationMembership.objects.create(
                user=personas.manager, organisation=body, role=OrganisationRole.MANAGER
            )
            AuditorAssignment.objects.create(
                user=personas.manager, organisation=body, first_year=2008
            )
            assessment = start(personas, uor_2008, 2008, organisation=body)
            if kind == "submitted":
                submit(personas, assessment)
        # drafts by body; the user's auditor appointments; submitted ones awaiting by body
        with django_assert_num_queries(3):
            found = lines(personas.manager)
        assert len(found) == 2 * (number + 1)


def test_it_keeps_the_filtered_list_to_the_body_s_readers(personas, uor_2008):
    start(personas, uor_2008, 2008)
    assert_access(
        personas,
        list_url(personas.org_a, "submission"),
        allowed=["manager", "editor", "viewer", "auditor"],
        hidden=["outsider"],
    )
