"""Comparator groups a council imports (its purchased CIPFA list, DfE statistical neighbours) or a
user saves. Each change is a new version; the version used is cited wherever it is used."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from vfmhub.organisations.models import Organisation

__all__ = ["ComparatorGroup", "ComparatorGroupMember", "GroupKind"]


class GroupKind(models.TextChoices):
    PUBLISHED = "published", "Published list (such as CIPFA nearest neighbours)"
    CUSTOM = "custom", "Saved group"


class ComparatorGroup(models.Model):
    """One version of a named group of areas, owned by an organisation."""

    owner = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="comparator_groups"
    )
    kind = models.CharField(max_length=10, choices=GroupKind.choices)
    name = models.CharField(max_length=200)
    publisher = models.CharField(
        max_length=200, blank=True, help_text="For a published list: CIPFA, DfE and so on."
    )
    source = models.CharField(
        max_length=500, blank=True, help_text="Where the list was published, and its model year."
    )
    body_code = models.CharField(
        max_length=9, blank=True, help_text="For a published list: the area whose list it is."
    )
    series = models.PositiveIntegerField(
        help_text="The same number for every version of one group."
    )
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["owner", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="group_version_once"),
            models.UniqueConstraint(
                fields=["series"], condition=models.Q(is_current=True), name="group_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class ComparatorGroupMember(models.Model):
    group = models.ForeignKey(ComparatorGroup, on_delete=models.CASCADE, related_name="members")
    gss_code = models.CharField(max_length=9)
    name = models.CharField(max_length=200, help_text="As the list gave it.")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["group", "position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "gss_code"], name="group_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.name}"
