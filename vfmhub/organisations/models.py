import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from vfmhub.lib import clock
from vfmhub.lib.years import validate_year


class BodyType(models.TextChoices):
    COUNTY = "county", "County council"
    DISTRICT = "district", "Shire district"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN = "metropolitan", "Metropolitan borough"
    LONDON_BOROUGH = "london_borough", "London borough"
    FIRE = "fire", "Fire and rescue authority"
    POLICE = "police", "Police body"
    PCT = "pct", "Primary care trust"
    NATIONAL_PARK = "national_park", "National park authority"
    OTHER = "other", "Other body"


SINGLE_TIER = {BodyType.UNITARY, BodyType.METROPOLITAN, BodyType.LONDON_BOROUGH}


class Region(models.Model):
    """An English region (ONS RGN code), such as East of England."""

    code = models.CharField(max_length=9, unique=True, help_text="ONS code such as E12000006.")
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    body_type = models.CharField(max_length=20, choices=BodyType.choices)
    gss_code = models.CharField(
        "GSS code", max_length=9, unique=True, null=True, blank=True, help_text="Such as E07000143."
    )
    register_code = models.CharField(
        max_length=4,
        unique=True,
        null=True,
        blank=True,
        help_text="The local-authority register's three-letter code, such as NOR.",
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="For a district, the county it sits in.",
    )
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True, help_text="Empty while the body exists.")
    is_demo = models.BooleanField(default=False, help_text="Invented by the demo generator.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="organisation_active_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )

    @property
    def is_active(self) -> bool:
        return self.is_active_on(clock.today())


class OrganisationRole(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    EDITOR = "editor", "Editor"
    MANAGER = "manager", "Manager"


ORGANISATION_ROLE_RANK: dict[str, int] = {
    OrganisationRole.VIEWER: 1,
    OrganisationRole.EDITOR: 2,
    OrganisationRole.MANAGER: 3,
}


class OrganisationMembership(models.Model):
    """A person's role at an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=OrganisationRole.choices)
    officer_title = models.CharField(
        max_length=100, blank=True, help_text="Such as Head of Finance (HoF)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_role_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class AuditorAssignment(models.Model):
    """An external auditor appointed to a body for a run of financial years."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="auditor_assignments"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="auditor_assignments"
    )
    firm = models.CharField(max_length=200, blank=True)
    first_year = models.PositiveIntegerField(
        validators=[validate_year], help_text="Financial year, such as 2008 for 2008/09."
    )
    last_year = models.PositiveIntegerField(
        validators=[validate_year],
        null=True,
        blank=True,
        help_text="Empty while the appointment continues.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="auditor_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} audits {self.organisation} from {self.first_year}"

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


class PartnershipKind(models.TextChoices):
    RIEP = "riep", "Regional improvement and efficiency partnership"
    LAA = "laa", "Local area agreement"
    MAA = "maa", "Multi-area agreement"
    LSP = "lsp", "Local strategic partnership"
    SHARED_SERVICE = "shared_service", "Shared-service partnership"
    OFFICERS_GROUP = "officers_group", "Officers' group"


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=PartnershipKind.choices)
    lead_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_partnerships",
    )
    description = models.TextField(blank=True)
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class PartnershipMember(models.Model):
    """An organisation's membership of a partnership over a period."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnership_memberships"
    )
    joined = models.DateField()
    left = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "joined"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=models.F("joined")),
                name="membership_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["partnership", "organisation", "joined"], name="one_membership_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"

    def is_current_on(self, day: datetime.date) -> bool:
        return self.joined <= day and (self.left is None or day <= self.left)


class PartnershipRoleKind(models.TextChoices):
    VIEWER = "viewer", "Partnership viewer"
    MANAGER = "manager", "Partnership manager"
    PEER_REVIEWER = "peer_reviewer", "Peer reviewer"


class PartnershipRole(models.Model):
    """A person's role in a partnership; one person may hold several (manager and reviewer)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnership_roles"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=PartnershipRoleKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership__name", "user__email", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership", "role"], name="one_of_each_partnership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.partnership}"
