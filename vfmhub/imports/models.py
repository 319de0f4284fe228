"""What a body or partnership said about its files' columns, remembered for its next import."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ColumnMapping(models.Model):
    """The columns to leave out, and the headings to read as known columns, for one kind of
    import ("plan", "risks" …) into one organisation's or partnership's records, under a name
    ("default" is the one the preview page starts from)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="column_mappings",
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="column_mappings",
    )
    kind = models.CharField(max_length=40)
    name = models.CharField(max_length=60, default="default")
    ignore = models.JSONField(default=list, blank=True, help_text="Columns left out.")
    use_as = models.JSONField(default=dict, blank=True, help_text="{heading: column read as}.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, partnership__isnull=True)
                | Q(organisation__isnull=True, partnership__isnull=False),
                name="column_mapping_has_one_owner",
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "name"],
                condition=Q(organisation__isnull=False),
                name="one_column_mapping_per_body_kind_name",
            ),
            models.UniqueConstraint(
                fields=["partnership", "kind", "name"],
                condition=Q(partnership__isnull=False),
                name="one_column_mapping_per_partnership_kind_name",
            ),
        ]

    def __str__(self) -> str:
        return f"Column choices ‘{self.name}’ for {self.kind} imports"
