"""Assessment frameworks as versioned data: themes, criteria, scales, applicability, roll-up rules.

Nothing here hard-codes a framework. Definitions are shipped as YAML (`definitions/`) and loaded by
`vfmhub load-frameworks`; staff may also edit drafts through the admin.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from vfmhub.frameworks import rollup
from vfmhub.lib.years import validate_year
from vfmhub.organisations.models import BodyType

NOT_EMPTY = ~Q(source_text="")


class Framework(models.Model):
    """A family of assessments, such as Use of Resources or NAO value-for-money arrangements."""

    code = models.SlugField(max_length=60, unique=True, help_text="Stable key used by the loader.")
    name = models.CharField(max_length=200, unique=True)
    publisher = models.CharField(max_length=200, help_text="Such as Audit Commission.")
    description = models.TextField(blank=True)
    source_text = models.TextField(help_text="Where the framework is published.")
    source_url = models.URLField(max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.CheckConstraint(condition=NOT_EMPTY, name="framework_cites_source")]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class FrameworkVersion(models.Model):
    """One edition of a framework. A published version is never changed in place."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    code = models.SlugField(max_length=40, help_text="Such as 2008-09.")
    name = models.CharField(max_length=200, help_text="Such as Use of Resources 2008/09.")
    status = models.CharField(
        max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    first_year = models.PositiveSmallIntegerField(
        validators=[validate_year],
        help_text="First financial year it applies to, such as 2008 for 2008/09.",
    )
    last_year = models.PositiveSmallIntegerField(
        validators=[validate_year],
        null=True,
        blank=True,
        help_text="Last financial year; empty while current.",
    )
    criterion_noun = models.CharField(
        max_length=40, default="criterion", help_text="What a criterion is called, such as KLOE."
    )
    criterion_noun_plural = models.CharField(max_length=40, default="criteria")
    description = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="What is and is not shipped, and why.")
    source_text = models.TextField()
    source_url = models.URLField(max_length=500, blank=True)
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the definition it was loaded from."
    )
    loaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["framework__order", "framework__name", "first_year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="version_code_unique"),
            models.CheckConstraint(condition=NOT_EMPTY, name="version_cites_source"),
            models.CheckConstraint(
                condition=Q(status__in=VersionStatus.values), name="version_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="version_years_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_in_use(self) -> bool:
        """True when changing the version in place could alter recorded judgements.

        For now a published version counts as in use; modules that record assessments against a
        version extend this so that a draft with assessments is protected too.
        """
        return self.status == VersionStatus.PUBLISHED


class Theme(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="theme_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Criterion(models.Model):
    """What is assessed and scored: a KLOE, a criterion or a characteristic."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="criteria")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    question = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "theme__order", "order", "code"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="criterion_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.theme_id and self.version_id and self.theme.version_id != self.version_id:
            raise ValidationError({"theme": "The theme must belong to the same version."})


class FocusArea(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="focus_areas")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["criterion", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "order"], name="focus_area_order_unique")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ScaleKind(models.TextChoices):
    SCORED = "scored", "Scored (numbers)"
    ORDERED = "ordered", "Ordered categories (no numeric score)"


class Scale(models.Model):
    version = models.OneToOneField(FrameworkVersion, on_delete=models.CASCADE, related_name="scale")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ScaleKind.choices)
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ScaleKind.values), name="scale_kind_valid")
        ]

    def __str__(self) -> str:
        return self.name


class ScaleLevel(models.Model):
    """One point on a scale. `value` orders the levels (higher is better) and is the score."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=40)
    colour = models.CharField(
        max_length=7, blank=True, help_text="A hex colour such as #00703c, for colour scales."
    )

    class Meta:
        ordering = ["scale", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="scale_level_value_unique"),
            models.UniqueConstraint(fields=["scale", "code"], name="scale_level_code_unique"),
            models.CheckConstraint(
                condition=Q(colour="") | Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="scale_level_colour_hex",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scale}: {self.code}"


class ScaleLabelSet(models.Model):
    """A set of words for the levels; a scale may carry several (official and plain English)."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="label_sets")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=100)
    is_default = models.BooleanField(default=False)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["scale", "-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="label_set_code_unique"),
            models.UniqueConstraint(
                fields=["scale"], condition=Q(is_default=True), name="one_default_label_set"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ScaleLabel(models.Model):
    label_set = models.ForeignKey(ScaleLabelSet, on_delete=models.CASCADE, related_name="labels")
    level = models.ForeignKey(ScaleLevel, on_delete=models.CASCADE, related_name="labels")
    label = models.CharField(max_length=300)

    class Meta:
        ordering = ["label_set", "level__value"]
        constraints = [
            models.UniqueConstraint(fields=["label_set", "level"], name="one_label_per_level")
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.label_set_id and self.level_id and self.label_set.scale_id != self.level.scale_id:
            raise ValidationError({"level": "The level must be on the label set's scale."})


class LevelDescriptor(models.Model):
    """What a level looks like for one criterion (what level 3 means for KLOE 1.1)."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="level_descriptors"
    )
    level = models.ForeignKey(ScaleLevel, on_delete=models.CASCADE, related_name="descriptors")
    text = models.TextField()

    class Meta:
        ordering = ["criterion", "level__value"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="one_descriptor_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} level {self.level.code}"


class Applicability(models.Model):
    """Whether a criterion applies to a body type: shipped default rows (no partnership) and a
    partnership's own override rows, which win over the defaults for that partnership."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="applicability")
    body_type = models.CharField(max_length=20, choices=BodyType.choices)
    partnership = models.ForeignKey(
        "organisations.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="framework_applicability",
    )
    applies = models.BooleanField()
    note = models.TextField(blank=True, help_text="Why, for an override.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion", "body_type", "partnership"]
        verbose_name_plural = "applicability"
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "body_type"],
                condition=Q(partnership__isnull=True),
                name="one_default_applicability",
            ),
            models.UniqueConstraint(
                fields=["criterion", "body_type", "partnership"],
                condition=Q(partnership__isnull=False),
                name="one_override_applicability",
            ),
            models.CheckConstraint(
                condition=Q(body_type__in=BodyType.values), name="applicability_body_type_valid"
            ),
        ]

    def __str__(self) -> str:
        verb = "applies" if self.applies else "does not apply"
        return f"{self.criterion.code} {verb} to {self.get_body_type_display()}"


class RollupScope(models.TextChoices):
    THEME = "theme", "Theme score from criteria scores"
    OVERALL = "overall", "Overall score from theme scores"


METHOD_CHOICES = [(m, label) for m, label in rollup.METHOD_LABELS.items()]
ADVISORY_CHOICES = [(m, label) for m, label in METHOD_CHOICES if m != rollup.MANUAL]
EVEN_CHOICES = [(m, label) for m, label in rollup.EVEN_COUNT_LABELS.items()]


class RollupRule(models.Model):
    """How scores combine at one scope of a version. The calculation is in `rollup.py`."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="rollup_rules"
    )
    scope = models.CharField(max_length=10, choices=RollupScope.choices)
    method = models.CharField(max_length=20, choices=METHOD_CHOICES)
    advisory_method = models.CharField(
        max_length=20,
        choices=ADVISORY_CHOICES,
        blank=True,
        help_text="For a manual rule: the calculation shown to the assessor as advice.",
    )
    median_even_count = models.CharField(
        max_length=20,
        choices=EVEN_CHOICES,
        default=rollup.EVEN_LOWER,
        help_text="How a median of an even number of scores is resolved.",
    )
    cap_above_minimum = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a capped minimum: at most this far above the lowest."
    )
    description = models.TextField(blank=True, help_text="Where the rule comes from.")

    class Meta:
        ordering = ["version", "-scope"]
        constraints = [
            models.UniqueConstraint(fields=["version", "scope"], name="one_rule_per_scope"),
            models.CheckConstraint(
                condition=Q(method__in=rollup.METHODS), name="rollup_method_valid"
            ),
            models.CheckConstraint(
                condition=(Q(method=rollup.MANUAL) & Q(advisory_method__in=rollup.ADVISORY_METHODS))
                | (~Q(method=rollup.MANUAL) & Q(advisory_method="")),
                name="rollup_manual_has_advisory",
            ),
            models.CheckConstraint(
                condition=Q(cap_above_minimum__isnull=False)
                | ~(Q(method=rollup.CAPPED_MINIMUM) | Q(advisory_method=rollup.CAPPED_MINIMUM)),
                name="rollup_capped_minimum_has_cap",
            ),
            models.CheckConstraint(
                condition=Q(median_even_count__in=rollup.EVEN_COUNT_LABELS),
                name="rollup_even_count_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.get_scope_display()}"

    def as_spec(self) -> rollup.RuleSpec:
        """The rule as the pure roll-up engine takes it (rows must be prefetched for one query)."""
        return rollup.RuleSpec(
            method=self.method,
            rows=tuple(row.as_row() for row in self.rows.all()),
            median_even_count=self.median_even_count,
            cap_above_minimum=self.cap_above_minimum,
            advisory_method=self.advisory_method or None,
        )


class RollupRuleRow(models.Model):
    """One row of a rule table: the result when all its conditions hold; first match wins."""

    rule = models.ForeignKey(RollupRule, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField()
    result = models.PositiveSmallIntegerField()
    conditions = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            'Such as [{"at_least": 2, "scoring": 4}, {"none_below": 3}]; empty always matches.'
        ),
    )

    class Meta:
        ordering = ["rule", "order"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "order"], name="rule_row_order_unique")
        ]

    def __str__(self) -> str:
        return f"Row {self.order}: {self.result}"

    def clean(self) -> None:
        try:
            rollup.parse_conditions(self.conditions)
        except ValueError as exc:
            raise ValidationError({"conditions": str(exc)}) from None

    def as_row(self) -> rollup.TableRow:
        return rollup.TableRow(
            result=self.result, conditions=rollup.parse_conditions(self.conditions)
        )


class FindingKind(models.TextChoices):
    FINDING = "finding", "Finding"
    RECOMMENDATION = "recommendation", "Recommendation"


class FindingType(models.Model):
    """A kind of finding or recommendation an assessment may record under this version."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="finding_types"
    )
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="finding_type_code_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=FindingKind.values), name="finding_type_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name
