"""The open nearest-neighbour model: installing its versions (YAML) and computing every body's
neighbours under one. A version whose neighbours have been computed is in use and never changed in
place; a body missing a variable is left out of its class and listed with why (never imputed)."""

import datetime
import hashlib
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from vfmhub.accounts.models import User
from vfmhub.audit.services import acting, audit_record
from vfmhub.benchmarking.calculations.neighbours import TRANSFORMS, class_neighbours, transformed
from vfmhub.benchmarking.models import (
    AreaClass,
    Neighbour,
    NeighbourModel,
    ReferenceArea,
    ReferenceMeasure,
)
from vfmhub.benchmarking.selectors.values import Lineage, joined_values, lineage, population_for
from vfmhub.core.bulk import rows_insert
from vfmhub.lib import clock
from vfmhub.performance.models import IndicatorValue

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "neighbour_models"
CLASSES = (AreaClass.DISTRICT, AreaClass.SINGLE_TIER, AreaClass.LONDON, AreaClass.COUNTY)
DERIVED = ("density",)
DISTANCES = ("weighted_euclidean",)
VERSION_IN_USE = (
    "Version {version} is in use (its neighbours have been computed): a version in use is never "
    "changed in place. Give the changed model a new version."
)
NOT_A_MODEL = "{name} is not a neighbour model: {problem}"


def _refuse(name: str, problem: str) -> ValidationError:
    return ValidationError(NOT_A_MODEL.format(name=name, problem=problem))


def neighbour_spec_read(text: str, *, name: str = "the model") -> dict[str, Any]:
    """The version as data, checked: every field the computation needs, in the right form."""
    try:
        spec = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _refuse(name, f"the YAML could not be read ({exc})") from None
    if not isinstance(spec, dict):
        raise _refuse(name, "it is not a mapping of fields")
    for key in ("version", "title", "geography_date", "classes", "variables", "neighbours"):
        if key not in spec:
            raise _refuse(name, f"it has no {key}")
    day = spec["geography_date"]
    if not isinstance(day, datetime.date):
        raise _refuse(name, f"geography_date {day!r} is not a date (YYYY-MM-DD)")
    classes = spec["classes"]
    if not isinstance(classes, list) or not classes or set(classes) - set(CLASSES):
        raise _refuse(name, f"classes must be some of {', '.join(CLASSES)}")
    count = spec["neighbours"]
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 50:
        raise _refuse(name, "neighbours must be a whole number from 1 to 50")
    if spec.get("distance", DISTANCES[0]) not in DISTANCES:
        raise _refuse(name, f"the distance must be one of {', '.join(DISTANCES)}")
    exclusions = [_exclusion(x, name) for x in spec.get("exclusions") or []]
    variables = spec["variables"]
    if not isinstance(variables, list) or not variables:
        raise _refuse(name, "it has no variables")
    checked = [_variable(v, name) for v in variables]
    if len({v["code"] for v in checked}) != len(checked):
        raise _refuse(name, "two variables have the same code")
    return {
        **spec,
        "version": str(spec["version"]),
        "title": str(spec["title"]),
        "description": str(spec.get("description") or ""),
        "default": bool(spec.get("default", False)),
        "geography_date": day.isoformat(),
        "distance": spec.get("distance", DISTANCES[0]),
        "exclusions": exclusions,
        "variables": checked,
    }


def _exclusion(item: Any, name: str) -> dict[str, str]:
    entry = item if isinstance(item, dict) else {"code": item}
    if not isinstance(entry.get("code"), str):
        raise _refuse(name, f"exclusion {item!r} has no GSS code")
    return {k: str(v) for k, v in entry.items()}


def _variable(item: Any, name: str) -> dict[str, Any]:
    if not isinstance(item, dict) or not item.get("code") or not item.get("label"):
        raise _refuse(name, f"variable {item!r} needs a code and a label")
    where = f"variable {item['code']}"
    source = item.get("source")
    if not isinstance(source, dict):
        raise _refuse(name, f"{where}: it has no source")
    kinds = [k for k in ("reference", "derived", "indicator") if k in source]
    if len(kinds) != 1:
        raise _refuse(name, f"{where}: its source names one of reference, derived or indicator")
    if not isinstance(source.get("year"), int):
        raise _refuse(name, f"{where}: its source has no year")
    if kinds[0] == "derived" and source["derived"] not in DERIVED:
        raise _refuse(name, f"{where}: {source['derived']!r} cannot be derived")
    transforms = item.get("transforms", [])
    if not isinstance(transforms, list) or set(transforms) - set(TRANSFORMS):
        raise _refuse(name, f"{where}: transforms must be some of {', '.join(TRANSFORMS)}")
    weight = item.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        raise _refuse(name, f"{where}: its weight must be a number above 0")
    return {**item, "code": str(item["code"]), "label": str(item["label"]), "weight": float(weight)}


@transaction.atomic
def neighbour_model_install(*, acting_user: User | None, path: Path) -> NeighbourModel:
    """Add the version `path` holds. The same version with the same text again changes nothing;
    with different text it replaces a version not yet used, and is refused for one in use."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _refuse(path.name, f"it could not be read ({exc})") from None
    spec = neighbour_spec_read(text, name=path.name)
    held = NeighbourModel.objects.select_for_update().filter(version=spec["version"]).first()
    if held is not None and held.yaml_text == text:
        return held
    if held is not None and held.in_use:
        raise ValidationError(VERSION_IN_USE.format(version=held.version))
    fields = {
        "title": spec["title"][:200],
        "description": spec["description"],
        "spec": spec,
        "yaml_text": text,
        "is_default": spec["default"],
    }
    if spec["default"]:
        for other in NeighbourModel.objects.filter(is_default=True).exclude(
            version=spec["version"]
        ):
            other.is_default = False
            other.save(update_fields=["is_default"])
            audit_record(
                acting_user=acting_user,
                action="neighbour model default changed",
                obj=other,
                changes={"is_default": [True, False]},
                note=f"{spec['version']} is the default now",
            )
    if held is None:
        model = NeighbourModel(version=spec["version"], created_by=acting(acting_user), **fields)
        model.full_clean(exclude=["computed_summary"])
        model.save()
        changes = {"version": [None, model.version], "title": [None, model.title]}
        audit_record(
            acting_user=acting_user,
            action="neighbour model added",
            obj=model,
            changes=changes,
            note=path.name,
        )
        return model
    before = {"title": held.title, "yaml_text": held.yaml_text, "is_default": held.is_default}
    for key, value in fields.items():
        setattr(held, key, value)
    held.full_clean(exclude=["computed_summary"])
    held.save()
    audit_record(
        acting_user=acting_user,
        action="neighbour model changed",
        obj=held,
        changes={k: [v, getattr(held, k)] for k, v in before.items() if v != getattr(held, k)},
        note=path.name,
    )
    return held


def neighbour_models_install_shipped(*, acting_user: User | None) -> list[NeighbourModel]:
    """Every version shipped in `neighbour_models/`, oldest file name first."""
    return [
        neighbour_model_install(acting_user=acting_user, path=path)
        for path in sorted(SHIPPED_DIR.glob("*.yaml"))
    ]


@dataclass
class ComputeReport:
    """What a computation found: bodies per class, who was left out and why, rows stored."""

    version: str
    classes: dict[str, int] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    changed: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def summary(self) -> str:
        verb = "Stored" if self.changed else "Unchanged:"
        lines = [f"Neighbour model {self.version}: {verb} {self.rows:,} neighbours"]
        lines += [f"  {AreaClass(c).label}: {n:,} bodies" for c, n in self.classes.items()]
        if self.left_out:
            lines.append(f"  Left out ({len(self.left_out)}):")
            lines += [f"    {code}: {why}" for code, why in sorted(self.left_out.items())]
        lines.append(f"  Took {self.seconds:.2f} s")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Area:
    code: str
    name: str
    area_class: str
    county: str


def _universe(spec: dict[str, Any]) -> list[_Area]:
    day = datetime.date.fromisoformat(spec["geography_date"])
    excluded = [x["code"] for x in spec["exclusions"]]
    active = (Q(active_from__isnull=True) | Q(active_from__lte=day)) & (
        Q(active_to__isnull=True) | Q(active_to__gte=day)
    )
    rows = (
        ReferenceArea.objects.filter(active, area_class__in=spec["classes"])
        .exclude(gss_code__in=excluded)
        .order_by("gss_code")
        .values_list("gss_code", "name", "area_class", "county_code")
    )
    return [_Area(*row) for row in rows]


class _Figures:
    """Each variable's figures by GSS code: one query per variable (and per year's population
    for averages across a reorganisation), never one per area."""

    def __init__(self, spec: dict[str, Any]):
        self.chain: Lineage = lineage()
        codes = {"population", "hectares"}
        codes |= {v["source"]["reference"] for v in spec["variables"] if "reference" in v["source"]}
        self.measures = ReferenceMeasure.objects.in_bulk(list(codes), field_name="code")
        self.populations: dict[int, dict[str, Decimal]] = {}

    def population(self, year: int) -> dict[str, Decimal]:
        if year not in self.populations:
            self.populations[year] = population_for(year, chain=self.chain)
        return self.populations[year]

    def reference(self, code: str, year: int) -> dict[str, float]:
        measure = self.measures.get(code)
        if measure is None:
            return {}
        population = self.population(year) if measure.aggregation == "population_mean" else None
        values = joined_values(measure, year, chain=self.chain, population=population)
        return {k: float(v) for k, v in values.items()}

    def variable(self, variable: dict[str, Any]) -> dict[str, float]:
        source = variable["source"]
        year = source["year"]
        if "reference" in source:
            return self.reference(source["reference"], year)
        if "indicator" in source:
            return _indicator_values(source["indicator"], year)
        people, hectares = self.reference("population", year), self.reference("hectares", year)
        return {c: people[c] / hectares[c] for c in people.keys() & hectares.keys() if hectares[c]}


def _indicator_values(code: str, year: int) -> dict[str, float]:
    """A national indicator's current values for `year`, by the body's GSS code or the area's."""
    rows = IndicatorValue.objects.filter(
        indicator__code=code,
        indicator__owner__isnull=True,
        year=year,
        is_current=True,
        value__isnull=False,
    ).values_list("organisation__gss_code", "area_code", "value")
    found: dict[str, float] = {}
    for gss_code, area_code, value in rows:
        key = gss_code or area_code
        if key and value is not None:
            found.setdefault(key, float(value))
    return found


def _left_out_why(area: _Area, spec: dict[str, Any], figures: dict[str, dict[str, float]]) -> str:
    missing = [v for v in spec["variables"] if area.code not in figures[v["code"]]]
    if missing:
        return "no figure for " + ", ".join(
            f"{v['label']} ({v['source']['year']})" for v in missing
        )
    unloggable = [
        v["label"]
        for v in spec["variables"]
        if "log" in v.get("transforms", []) and figures[v["code"]][area.code] <= 0
    ]
    return f"{', '.join(unloggable)} is 0 or less (no logarithm)" if unloggable else ""


# One stored neighbour: body, neighbour, rank, distance, rebased distance, parts.
Row = tuple[str, str, int, float, float, dict[str, float]]
ROW_FIELDS = ("body_code", "neighbour_code", "rank", "distance", "rebased", "parts")


def _class_rows(
    spec: dict[str, Any], members: list[_Area], figures: dict[str, dict[str, float]]
) -> list[Row]:
    variables = spec["variables"]
    columns = [
        transformed([figures[v["code"]][a.code] for a in members], v.get("transforms", []))
        for v in variables
    ]
    matrix = np.column_stack(columns)
    weights = np.array([v["weight"] for v in variables], dtype=np.float64)
    codes = np.array([a.code for a in members])
    counties = np.array([a.county for a in members])
    # Classes already keep a county from its districts; bar them anyway, should a model mix them.
    barred = (codes[None, :] == counties[:, None]) | (counties[None, :] == codes[:, None])
    result = class_neighbours(matrix, weights, spec["neighbours"], barred=barred)
    found = codes[result.neighbours]
    own = (found == codes[:, None]) | (found == counties[:, None])
    own |= counties[result.neighbours] == codes[:, None]
    if own.any():
        raise AssertionError("a body was found its own neighbour, county or district")
    names = [v["code"] for v in variables]
    distances, rebased, parts = (
        result.distances.tolist(),
        result.rebased.tolist(),
        result.parts.tolist(),
    )
    return [
        (
            area.code,
            str(found[i, k]),
            k + 1,
            distances[i][k],
            rebased[i][k],
            dict(zip(names, parts[i][k], strict=True)),
        )
        for i, area in enumerate(members)
        for k in range(spec["neighbours"])
    ]


def _digest(rows: list[Row]) -> str:
    """A fingerprint of the rows (exact floats), to tell a recomputation that changes nothing."""
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@transaction.atomic
def neighbours_compute(*, acting_user: User | None, model: NeighbourModel) -> ComputeReport:
    """Every body's nearest neighbours within its class under `model`, stored in place of the
    version's earlier ones (all or nothing). The same figures again store and record nothing."""
    started = time.perf_counter()
    spec = model.spec
    report = ComputeReport(version=model.version)
    source = _Figures(spec)
    figures = {v["code"]: source.variable(v) for v in spec["variables"]}
    rows: list[Row] = []
    by_class: dict[str, list[_Area]] = {c: [] for c in spec["classes"]}
    for area in _universe(spec):
        why = _left_out_why(area, spec, figures)
        if why:
            report.left_out[area.code] = f"{area.name}: {why}"
        else:
            by_class[area.area_class].append(area)
    for area_class, members in by_class.items():
        if len(members) <= spec["neighbours"]:
            for area in members:
                report.left_out[area.code] = (
                    f"{area.name}: fewer than {spec['neighbours'] + 1} bodies of its class "
                    "have every figure"
                )
            continue
        report.classes[area_class] = len(members)
        rows += _class_rows(spec, members, figures)
    report.rows = len(rows)
    summary = {
        "bodies": report.classes,
        "variables": [v["code"] for v in spec["variables"]],
        "left_out": report.left_out,
        "rows": len(rows),
        "digest": _digest(rows),
    }
    stored = Neighbour.objects.filter(model=model)
    if model.computed_summary == summary and stored.count() == len(rows):
        report.seconds = time.perf_counter() - started
        return report
    old_count = stored.delete()[0]
    rows_insert(Neighbour, ("model_id", *ROW_FIELDS), ((model.pk, *row) for row in rows))
    model.computed_at = clock.now()
    model.computed_summary = summary
    model.save(update_fields=["computed_at", "computed_summary"])
    report.changed = True
    audit_record(
        acting_user=acting_user,
        action="neighbours computed",
        obj=model,
        changes={"neighbours": [old_count, len(rows)]},
        note=", ".join(f"{c}: {n} bodies" for c, n in report.classes.items())
        + f"; {len(report.left_out)} left out",
    )
    report.seconds = time.perf_counter() - started
    return report
