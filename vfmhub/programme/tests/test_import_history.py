"""The risk, project and allocation imports record each row they create or change with its old
and new values (the file named in the note), record nothing when the same file comes again, and
write in bulk: the number of queries does not grow with the number of rows."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from vfmhub.audit.models import AuditEvent
from vfmhub.lib import clock
from vfmhub.programme.importing.funding import allocation_import
from vfmhub.programme.importing.registers import projects_import, risks_import
from vfmhub.programme.models import (
    AllocationNode,
    AllocationPlan,
    Project,
    Risk,
    RiskRating,
    RiskRegister,
)

pytestmark = pytest.mark.django_db
RISKS = ["Risk", "Owner", "Likelihood", "Impact", "Status"]
PROJECTS = ["Project", "Kind", "Lead body", "Partners", "Stage", "Expected annual savings"]


def csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode()


def xlsx(projects: list[list], milestones: list[list] | None = None) -> bytes:
    book = Workbook()
    for row in projects:
        book.active.append(row)
    if milestones is not None:
        sheet = book.create_sheet("Milestones")
        for row in milestones:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def events(**filters) -> list[tuple[str, str, dict]]:
    found = AuditEvent.objects.filter(**filters).order_by("pk")
    return [(e.action, e.object_repr, e.changes) for e in found]


def last_event_pk() -> int:
    """The newest audit event's id (0 before any): what an import records comes after it."""
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _risks(personas, register, rows: list[list[str]], filename: str):
    return risks_import(
        acting_user=personas.partnership_manager,
        register=register,
        content=csv([RISKS, *rows]),
        filename=filename,
    )


MARCH = [
    ["Staff leave", "Head of HR", "Medium", "High", ""],
    ["Grant cut", "Treasurer", "Low", "High", ""],
    ["Data lost", "CIO", "Low", "Low", ""],
]
JUNE = [
    ["Staff leave", "Head of HR", "High", "High", ""],  # re-rated
    ["Grant cut", "Chief Executive", "Low", "High", "Closed"],  # new owner, closed
    ["Data lost", "CIO", "Low", "Low", ""],  # as it was
    ["Supplier fails", "Procurement", "Medium", "Medium", ""],  # new
]


def test_each_new_risk_is_recorded_with_its_values(personas, register):
    _risks(personas, register, MARCH, "march.csv")

    created = events(action="risk.create")
    assert [
        (repr_, changes["owner"], changes["current_likelihood"]) for _, repr_, changes in created
    ] == [
        ("Staff leave", [None, "Head of HR"], [None, 2]),
        ("Grant cut", [None, "Treasurer"], [None, 1]),
        ("Data lost", [None, "CIO"], [None, 1]),
    ]
    assert {e.note for e in AuditEvent.objects.filter(action="risk.create")} == {
        "Imported from march.csv."
    }


def test_each_risk_is_recorded_with_its_old_and_new_values(personas, register):
    _risks(personas, register, MARCH, "march.csv")
    seen = last_event_pk()

    _risks(personas, register, JUNE, "june.csv")

    today = clock.today().isoformat()
    assert events(pk__gt=seen, action__startswith="risk.") == [
        (
            "risk.create",
            "Supplier fails",
            {
                "title": [None, "Supplier fails"],
                "owner": [None, "Procurement"],
                "current_likelihood": [None, 2],
                "current_impact": [None, 2],
                "status": [None, "open"],
            },
        ),
        ("risk.rerate", "Staff leave", {"current_likelihood": [2, 3]}),
        ("risk.update", "Grant cut", {"owner": ["Treasurer", "Chief Executive"]}),
        ("risk.close", "Grant cut", {"status": ["open", "closed"], "closed_on": [None, today]}),
    ]
    later = AuditEvent.objects.filter(pk__gt=seen, action__startswith="risk.")
    assert {(e.note, e.partnership_id) for e in later} == {
        ("Imported from june.csv.", personas.partnership.pk)
    }
    staff_leave = Risk.objects.get(title="Staff leave")
    assert list(
        staff_leave.ratings.order_by("rated_at", "pk").values_list("likelihood", "note")
    ) == [
        (2, "First rating."),
        (3, "Imported from june.csv."),
    ]


def test_the_same_risks_again_record_nothing(personas, register):
    _risks(personas, register, MARCH, "march.csv")
    _risks(personas, register, JUNE, "june.csv")
    ratings, recorded = RiskRating.objects.count(), AuditEvent.objects.count()

    again = _risks(personas, register, JUNE, "june.csv")

    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert (RiskRating.objects.count(), AuditEvent.objects.count()) == (ratings, recorded)


def _projects(personas, rows: list[list], milestones=None, filename="projects.xlsx"):
    return projects_import(
        acting_user=personas.partnership_manager,
        partnership=personas.partnership,
        content=xlsx([PROJECTS, *rows], milestones),
        filename=filename,
    )


APRIL = [
    ["Legal", "Shared service", "Ashby District Council", "", "Feasibility", "120000"],
    ["Fleet", "Efficiency", "Ashby District Council", "Carrow Fire Authority", "Idea", ""],
]
MAY = [
    ["Legal", "Shared service", "Ashby District Council", "", "Business case", "£150,000"],
    ["Fleet", "Efficiency", "Ashby District Council", "", "Idea", ""],
]
MAY_MILESTONES = [
    ["Project", "Milestone", "Due date", "Status"],
    ["Legal", "Go live", "31/03/2011", ""],
]


def test_each_new_project_is_recorded_with_its_values(personas):
    ashby, carrow = personas.org_a, personas.org_c

    _projects(personas, APRIL, filename="april.xlsx")

    assert events(action="project.create")[0] == (
        "project.create",
        "Legal",
        {
            "name": [None, "Legal"],
            "kind": [None, "shared_service"],
            "lead_organisation_id": [None, ashby.pk],
            "stage": [None, "feasibility"],
            "expected_annual_savings": [None, "120000.00"],
        },
    )
    assert events(action="project.create")[1][2]["partners"] == [None, [carrow.pk]]


def test_each_project_is_recorded_with_its_old_and_new_values(personas):
    _projects(personas, APRIL, filename="april.xlsx")
    legal = Project.objects.get(name="Legal")
    seen = last_event_pk()

    _projects(personas, MAY, MAY_MILESTONES, filename="may.xlsx")

    assert events(pk__gt=seen, action__in=["project.create", "project.edit"]) == [
        (
            "project.edit",
            "Legal",
            {
                "stage": ["feasibility", "business_case"],
                "expected_annual_savings": ["120000.00", "150000.00"],
            },
        ),
        ("project.edit", "Fleet", {"partners": [[personas.org_c.pk], []]}),
    ]
    assert events(pk__gt=seen, action="project_milestone.add") == [
        (
            "project_milestone.add",
            "Go live",
            {
                "title": [None, "Go live"],
                "due_on": [None, "2011-03-31"],
                "status": [None, "not_started"],
            },
        )
    ]
    later = AuditEvent.objects.filter(pk__gt=seen).exclude(action="project.import")
    assert {(e.note, e.partnership_id) for e in later} == {
        ("Imported from may.xlsx.", personas.partnership.pk)
    }
    assert legal.stage_changes.count() == 2


def test_the_same_projects_again_record_nothing(personas):
    _projects(personas, APRIL, filename="april.xlsx")
    _projects(personas, MAY, MAY_MILESTONES, filename="may.xlsx")
    recorded = AuditEvent.objects.count()

    again = _projects(personas, MAY, MAY_MILESTONES, filename="may.xlsx")

    assert (again.updated, again.unchanged, again.changed) == (0, 2, False)
    assert AuditEvent.objects.count() == recorded


def _queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(personas, register):
    """Each import writes in bulk: 4 rows or 40 take the same queries (new rows, then the same
    rows changed)."""

    def risk_rows(n: int, rating: str) -> list[list[str]]:
        return [[f"Risk {i} of {n}", "Owner", rating, "High", ""] for i in range(n)]

    def project_rows(n: int, stage: str) -> list[list]:
        partners = "Carrow Fire Authority"
        return [[f"Project {i} of {n}", "", "Ashby", partners, stage, "100"] for i in range(n)]

    def allocation(n: int, amount: int) -> bytes:
        lines = [f"Block {n}", *(f"  Line {i},{amount}" for i in range(n))]
        return "\n".join(["Item,£k", *lines]).encode()

    # The history's content types are looked up once and kept: look them up before counting.
    ContentType.objects.get_for_models(AllocationNode, AllocationPlan, Project, Risk, RiskRegister)
    counts = {}
    for n in (4, 40):
        counts[n] = [
            _queries(lambda n=n: _risks(personas, register, risk_rows(n, "Low"), "a.csv")),
            _queries(lambda n=n: _risks(personas, register, risk_rows(n, "High"), "b.csv")),
            _queries(lambda n=n: _projects(personas, project_rows(n, "Idea"))),
            _queries(lambda n=n: _projects(personas, project_rows(n, "Live"))),
            *(
                _queries(
                    lambda n=n, amount=amount: allocation_import(
                        allocation(n, amount),
                        "a.csv",
                        partnership=personas.partnership,
                        year=2010 + n,
                        acting_user=personas.partnership_manager,
                    )
                )
                for amount in (1, 2)
            ),
        ]
    assert counts[4] == counts[40]
    assert Risk.objects.filter(current_likelihood=3).count() == 44
    assert Project.objects.filter(stage="live").count() == 44
    # each line created (with its block), then each changed: 5 + 4 lines, then 41 + 40
    assert AuditEvent.objects.filter(action="allocation.import_line").count() == 9 + 81
