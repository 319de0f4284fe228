"""Partnership programme: funding streams, the allocation tree, commitments and spend.

Money is held in pounds (Decimal); pages show it in £k. A parent node's `stated_total` is what a
plan or spreadsheet said the block came to; it is kept as stated and checked against the sum of its
children, never replaced by it.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import Partnership

__all__ = [
    "AllocationNode",
    "AllocationPlan",
    "Commitment",
    "FundingStream",
    "FundingStreamKind",
    "FundingStreamStatus",
    "NodeLevel",
    "PlanStatus",
    "Spend",
]

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


class FundingStreamKind(models.TextChoices):
    GRANT = "grant", "Grant"
    CARRY_FORWARD = "carry_forward", "Carry forward"
    UNCOMMITTED = "uncommitted", "Uncommitted from last year"
    CAPITAL = "capital", "Capital fund"
    RING_FENCED = "ring_fenced", "Ring-fenced"


class FundingStreamStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    EXPECTED = "expected", "Expected"


class FundingStream(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="funding_streams"
    )
    year = models.PositiveSmallIntegerField(
        validators=[validate_year], help_text="Financial year, by its starting year."
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=FundingStreamKind.choices)
    funder = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(**MONEY)
    status = models.CharField(
        max_length=10, choices=FundingStreamStatus.choices, default=FundingStreamStatus.RECEIVED
    )
    description = models.TextField(blank=True)
    carried_from_year = models.PositiveSmallIntegerField(
        validators=[validate_year], null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership", "year", "pk"]
        indexes = [models.Index(fields=["partnership", "year"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def clean(self) -> None:
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": "A funding stream cannot be negative."})
        if self.kind == FundingStreamKind.RING_FENCED and not (self.funder and self.purpose):
            raise ValidationError(
                {"purpose": "A ring-fenced stream needs its funder and its purpose."}
            )


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class AllocationPlan(models.Model):
    """The allocation tree's status for one partnership and year."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="allocation_plans"
    )
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stated_grand_total = models.DecimalField(
        **MONEY, null=True, blank=True, help_text="A GRAND TOTAL as stated, kept for the checks."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="programme_plan_unique")
        ]

    def __str__(self) -> str:
        return f"Allocation {self.year} ({self.get_status_display()})"


class NodeLevel(models.TextChoices):
    OUTCOME = "outcome", "Outcome"
    WORKSTREAM = "workstream", "Workstream"
    PROGRAMME = "programme", "Programme"


class AllocationNode(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="allocation_nodes"
    )
    year = models.PositiveSmallIntegerField(validators=[validate_year])
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(max_length=300)
    level = models.CharField(max_length=20, choices=NodeLevel.choices, blank=True)
    amount = models.DecimalField(
        **MONEY, null=True, blank=True, help_text="The amount allocated to a leaf, in pounds."
    )
    stated_total = models.DecimalField(
        **MONEY, null=True, blank=True, help_text="A parent's total as stated, kept as stated."
    )
    order = models.PositiveIntegerField(default=0)
    ring_fence = models.ForeignKey(
        FundingStream,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocations",
        limit_choices_to={"kind": FundingStreamKind.RING_FENCED},
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership", "year", "order", "pk"]
        indexes = [models.Index(fields=["partnership", "year"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        for name in ("amount", "stated_total"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValidationError({name: "Amounts cannot be negative."})
        if self.parent_id and self.parent is not None:
            if (self.parent.partnership_id, self.parent.year) != (self.partnership_id, self.year):
                raise ValidationError({"parent": "The parent belongs to another allocation."})
            ancestor: AllocationNode | None = self.parent
            while ancestor is not None:
                if self.pk and ancestor.pk == self.pk:
                    raise ValidationError({"parent": "A node cannot sit under itself."})
                ancestor = ancestor.parent
        if (
            self.ring_fence_id
            and self.ring_fence is not None
            and self.ring_fence.partnership_id != self.partnership_id
        ):
            raise ValidationError({"ring_fence": "That stream belongs to another partnership."})


class Movement(models.Model):
    """Money committed against, or spent from, an allocation line (`node`, in each kind)."""

    node: "models.ForeignKey[AllocationNode]"
    date = models.DateField()
    amount = models.DecimalField(**MONEY)
    description = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    not_positive = "The amount must be more than zero."

    class Meta:
        abstract = True
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.node} {self.amount}"

    @property
    def partnership_id(self) -> int:
        return self.node.partnership_id

    def clean(self) -> None:
        if self.amount is not None and self.amount <= Decimal(0):
            raise ValidationError({"amount": self.not_positive})


class Commitment(Movement):
    node = models.ForeignKey(AllocationNode, on_delete=models.CASCADE, related_name="commitments")
    not_positive = "A commitment must be more than zero."


class Spend(Movement):
    node = models.ForeignKey(AllocationNode, on_delete=models.CASCADE, related_name="spends")
    not_positive = "Spend must be more than zero."
