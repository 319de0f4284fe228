"""Reference data as published: the areas, the lineage of reorganised councils, and every value
read from a public file, each with the file it came from."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from vfmhub.lib.years import validate_year

__all__ = [
    "AREA_CLASS_BY_PREFIX",
    "Aggregation",
    "AreaClass",
    "ReferenceArea",
    "ReferenceMeasure",
    "ReferenceSource",
    "ReferenceValue",
    "Reorganisation",
    "SourceKind",
    "area_class_of",
]


class AreaClass(models.TextChoices):
    """The classes a comparison is made within (CIPFA's): unitary and metropolitan pooled."""

    DISTRICT = "district", "Shire district"
    SINGLE_TIER = "single_tier", "Single-tier (unitary and metropolitan)"
    LONDON = "london", "London borough"
    COUNTY = "county", "County council"
    FIRE = "fire", "Fire and rescue authority"
    OTHER = "other", "Other area"


AREA_CLASS_BY_PREFIX: dict[str, str] = {
    "E06": AreaClass.SINGLE_TIER,
    "E07": AreaClass.DISTRICT,
    "E08": AreaClass.SINGLE_TIER,
    "E09": AreaClass.LONDON,
    "E10": AreaClass.COUNTY,
    "E31": AreaClass.FIRE,
}


def area_class_of(gss_code: str) -> str:
    """The comparison class of an English council's GSS code (OTHER for anything else)."""
    return AREA_CLASS_BY_PREFIX.get(gss_code[:3].upper(), AreaClass.OTHER)


class SourceKind(models.TextChoices):
    CENSUS_GROWTH = "census_growth", "Census 2011 and 2021 population and growth (ONS)"
    CENSUS_RANK = "census_rank", "Census 2011 and 2021 population ranks (ONS)"
    LAD_AREAS = "lad_areas", "Local authority districts: area and centroids (ONS)"
    IMD = "imd", "English Indices of Deprivation (MHCLG)"
    OUTTURN = "outturn", "Revenue outturn summary (MHCLG)"
    LINEAGE = "lineage", "Reorganisations of councils (shipped with VFM Hub)"
    DEMO = "demo", "Invented figures for the demonstration"


class ReferenceSource(models.Model):
    """One loaded file: what it was, its fingerprint, and what was read from it."""

    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[validate_year],
        help_text="The year the file is about, where it is about one.",
    )
    summary = models.JSONField(default=dict, help_text="What was read: areas, measures, years.")
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-year", "file_name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "sha256"], name="reference_source_once"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.file_name})"


class ReferenceArea(models.Model):
    """An area a council serves, by its GSS code: present, past (abolished) or invented (demo)."""

    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=200)
    area_class = models.CharField(max_length=12, choices=AreaClass.choices)
    region_code = models.CharField(max_length=9, blank=True)
    county_code = models.CharField(
        max_length=9, blank=True, help_text="For a shire district, the county it sits in."
    )
    hectares = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=5, null=True, blank=True)
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True, help_text="The last day it existed.")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["area_class", "name"])]

    def __str__(self) -> str:
        return self.name


class Reorganisation(models.Model):
    """One line of the lineage: a predecessor's area (or `share` of it) went to a successor."""

    predecessor_code = models.CharField(max_length=9)
    successor_code = models.CharField(max_length=9)
    effective = models.DateField(help_text="The first day of the successor.")
    share = models.DecimalField(
        max_digits=6,
        decimal_places=4,
        default=1,
        help_text="The part of the predecessor's population that went to the successor.",
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["effective", "successor_code", "predecessor_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor_code", "successor_code"], name="reorganisation_once"
            ),
            models.CheckConstraint(
                condition=models.Q(share__gt=0) & models.Q(share__lte=1),
                name="reorganisation_share_fraction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_code} → {self.successor_code} ({self.effective})"


class Aggregation(models.TextChoices):
    """How predecessors' values join into a successor's."""

    SUM = "sum", "Add up (counts and money)"
    POPULATION_MEAN = "population_mean", "Average weighted by population (rates and scores)"
    NONE = "none", "Not joined (ranks)"


class ReferenceMeasure(models.Model):
    """What a reference value measures: population, an IMD domain's score, an outturn line."""

    code = models.CharField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    group = models.CharField(
        max_length=60, help_text="Such as Population, Deprivation, Revenue outturn."
    )
    unit = models.CharField(max_length=40, blank=True)
    aggregation = models.CharField(
        max_length=20, choices=Aggregation.choices, default=Aggregation.SUM
    )
    is_spend = models.BooleanField(
        default=False, help_text="Net current expenditure (£ thousand): has a cost per head."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["group", "title"]

    def __str__(self) -> str:
        return self.title


class ReferenceValue(models.Model):
    """One figure for one area and year, exactly as its source gave it."""

    measure = models.ForeignKey(ReferenceMeasure, on_delete=models.CASCADE, related_name="values")
    gss_code = models.CharField(max_length=9)
    year = models.PositiveSmallIntegerField(
        validators=[validate_year],
        help_text="Calendar year (census, deprivation) or a financial year's first (outturn).",
    )
    value = models.DecimalField(max_digits=20, decimal_places=6)
    source = models.ForeignKey(ReferenceSource, on_delete=models.PROTECT, related_name="values")

    class Meta:
        ordering = ["measure", "gss_code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "gss_code", "year"], name="reference_value_once"
            ),
        ]
        indexes = [models.Index(fields=["gss_code", "measure"])]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.gss_code} {self.year}: {self.value}"
