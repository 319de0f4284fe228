"""What a council plan file is read into: a tree of drafts, with every problem at its place."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from vfmhub.core.importing import ImportIssue, Location

__all__ = ["ImportIssue", "Location"]


@dataclass
class MeasureDraft:
    text: str
    how_we_know: str
    row: int


@dataclass
class ActionDraft:
    title: str
    completion_text: str
    resource: str
    lead_member: str
    row: int
    completion_date: datetime.date | None = None
    resource_amount: Decimal | None = None
    resource_staff: Decimal | None = None

    def key(self) -> tuple:
        return (
            self.title,
            self.completion_date,
            self.completion_text,
            self.resource,
            self.resource_amount,
            self.resource_staff,
            self.lead_member,
        )


@dataclass
class DeliverableDraft:
    title: str
    row: int
    measures: list[MeasureDraft] = field(default_factory=list)
    actions: list[ActionDraft] = field(default_factory=list)


@dataclass
class PriorityDraft:
    title: str
    row: int
    deliverables: list[DeliverableDraft] = field(default_factory=list)


@dataclass
class PlanDraft:
    """The file's plan; `rows` is how many rows of the table were read (each is a priority,
    deliverable, measure, action, a wrapped part of the row above, or a repeated header)."""

    priorities: list[PriorityDraft] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    rows: int = 0
    joined_rows: int = 0
    repeated_headers: int = 0

    def error(self, where: Location, message: str) -> None:
        self.errors.append(ImportIssue(where, message))

    def tree(self) -> tuple:
        """The plan as compared with one already saved: titles and texts in order."""
        return tuple(
            (
                p.title,
                tuple(
                    (
                        d.title,
                        tuple((m.text, m.how_we_know) for m in d.measures),
                        tuple(a.key() for a in d.actions),
                    )
                    for d in p.deliverables
                ),
            )
            for p in self.priorities
        )

    def counts(self) -> dict[str, int]:
        deliverables = [d for p in self.priorities for d in p.deliverables]
        return {
            "priorities": len(self.priorities),
            "deliverables": len(deliverables),
            "measures": sum(len(d.measures) for d in deliverables),
            "actions": sum(len(d.actions) for d in deliverables),
        }
