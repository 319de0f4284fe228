"""Reading and checking the national indicator definition files before anything is written.

Each file has an optional `source` (publisher, name, url) and `defaults` (any indicator key),
and a list of `indicators`. Every problem raises `DefinitionError` naming the file and indicator.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from vfmhub.lib.years import parse_financial_year
from vfmhub.organisations.models import BodyType
from vfmhub.performance.calculations import Band, Frequency, Polarity, RagRule, RollUp, Tolerance
from vfmhub.performance.models import DataType

DEFINITIONS_DIRECTORY = Path(__file__).resolve().parent
REQUIRED = ("code", "title", "polarity", "frequency")
TEXT_KEYS = ("code", "title", "definition", "unit")
DECIMAL_KEYS = ("ratio_scale", "change_band")
ENUMS: dict[str, tuple[str, ...]] = {
    "data_type": tuple(DataType.values),
    "polarity": tuple(p.value for p in Polarity),
    "frequency": tuple(f.value for f in Frequency),
    "rollup": tuple(r.value for r in RollUp),
    "change_band_method": tuple(t.value for t in Tolerance),
}
KNOWN = {*TEXT_KEYS, *DECIMAL_KEYS, *ENUMS, "decimal_places", "body_types", "valid_from"}
KNOWN |= {"valid_to", "rag", "source", "other_titles"}
DEFAULT_RAG = {
    "method": "percent",
    "bands": [
        {"key": "green", "name": "Green", "colour": "#00703c", "limit": "0"},
        {"key": "amber", "name": "Amber", "colour": "#f47738", "limit": "5"},
        {"key": "red", "name": "Red", "colour": "#d4351c"},
    ],
}


class DefinitionError(ValueError):
    """A definition file is not valid; the message says which file, which indicator and why."""


@dataclass(frozen=True)
class IndicatorDef:
    path: Path
    fields: dict[str, Any]
    rule: RagRule

    @property
    def code(self) -> str:
        return str(self.fields["code"])


def read_file(path: Path) -> list[IndicatorDef]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DefinitionError(f"{path.name}: not valid YAML ({_first_line(exc)})") from None
    if not isinstance(document, dict) or not isinstance(document.get("indicators"), list):
        raise DefinitionError(f"{path.name}: needs a list of `indicators`")
    defaults = document.get("defaults") or {}
    source = _source_text(document.get("source"), path.name)
    defined = []
    for position, raw in enumerate(document["indicators"], start=1):
        if not isinstance(raw, dict):
            raise DefinitionError(f"{path.name}, indicator {position}: is not a mapping")
        where = f"{path.name}, indicator {raw.get('code') or position}"
        try:
            defined.append(_indicator(path, {**defaults, **raw}, source))
        except (ValueError, TypeError) as exc:
            raise DefinitionError(f"{where}: {exc}") from None
    return defined


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


def _source_text(source: Any, file_name: str) -> str:
    if source is None:
        return ""
    if isinstance(source, str):
        return source
    if not isinstance(source, dict):
        raise DefinitionError(f"{file_name}: `source` needs a publisher, name and url")
    parts = [str(source.get(k) or "").strip() for k in ("publisher", "name", "url")]
    return ", ".join(" ".join(p.split()) for p in parts if p)[:300]


def _indicator(path: Path, raw: dict[str, Any], source: str) -> IndicatorDef:
    unknown = sorted(set(raw) - KNOWN)
    if unknown:
        raise ValueError(f"unknown key(s): {', '.join(unknown)}")
    missing = [k for k in REQUIRED if not raw.get(k)]
    if missing:
        raise ValueError(f"needs {', '.join(missing)}")
    fields: dict[str, Any] = {k: " ".join(str(raw.get(k) or "").split()) for k in TEXT_KEYS}
    for key, allowed in ENUMS.items():
        if key in raw:
            if raw[key] not in allowed:
                raise ValueError(f"{key} {raw[key]!r} is not one of {', '.join(allowed)}")
            fields[key] = raw[key]
    for key in DECIMAL_KEYS:
        if key in raw:
            fields[key] = _decimal(raw[key], key)
    if "decimal_places" in raw:
        fields["decimal_places"] = _places(raw["decimal_places"])
    fields["body_types"] = _body_types(raw.get("body_types") or [])
    fields["other_titles"] = _titles(raw.get("other_titles") or [])
    for key in ("valid_from", "valid_to"):
        fields[key] = parse_financial_year(raw[key]) if raw.get(key) is not None else None
    fields["source"] = _source_text(raw["source"], path.name) if "source" in raw else source
    return IndicatorDef(path, fields, rule_from_data(raw.get("rag") or DEFAULT_RAG))


def _decimal(value: Any, key: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{key} {value!r} is not a number") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"{key} {value!r} must be a number of 0 or more")
    return number


def _places(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 6:
        raise ValueError(f"decimal_places {value!r} must be a whole number from 0 to 6")
    return value


def _titles(values: Any) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ValueError("other_titles must be a list of titles")
    return [" ".join(v.split()) for v in values]


def _body_types(values: Any) -> list[str]:
    if not isinstance(values, list):
        raise ValueError("body_types must be a list")
    wrong = [v for v in values if v not in BodyType.values]
    if wrong:
        raise ValueError(f"unknown body type(s) {wrong}: use {', '.join(BodyType.values)}")
    return list(values)


def rule_from_data(data: Any) -> RagRule:
    """A RagRule from `{"method", "bands": [{"key", "name", "colour", "limit"}]}`."""
    if not isinstance(data, dict) or not isinstance(data.get("bands"), list):
        raise ValueError("rag needs a method and a list of bands")
    method = data.get("method")
    if method not in ENUMS["change_band_method"]:
        raise ValueError(f"rag method {method!r} is not one of absolute, percent")
    bands = []
    for band in data["bands"]:
        if not isinstance(band, dict) or not band.get("key"):
            raise ValueError("each RAG band needs a key, name, colour and limit")
        limit = band.get("limit")
        bands.append(
            Band(
                key=str(band["key"]),
                name=str(band.get("name") or band["key"]),
                colour=str(band.get("colour") or ""),
                limit=None if limit is None else _decimal(limit, "limit"),
            )
        )
    return RagRule(method=Tolerance(method), bands=tuple(bands))
