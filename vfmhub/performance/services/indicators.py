"""Writes to the indicator library: definitions (national or an organisation's local set) and
their RAG rules, each rule change a new version. Every write is validated and audited."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from vfmhub.accounts.models import User
from vfmhub.audit.services import audit_record_created, save_changed, save_created, snapshot
from vfmhub.core.concurrency import lock_unchanged
from vfmhub.organisations.models import BodyType, Organisation
from vfmhub.performance.calculations import Band, RagRule, RollUp, Tolerance, default_rule
from vfmhub.performance.models import DataType, Indicator, RagRuleVersion
from vfmhub.performance.selectors.scorecard import version_for_year

EDITABLE_FIELDS = (
    "code",
    "title",
    "definition",
    "other_titles",
    "data_type",
    "unit",
    "polarity",
    "decimal_places",
    "frequency",
    "rollup",
    "ratio_scale",
    "change_band",
    "change_band_method",
    "source",
    "body_types",
    "valid_from",
    "valid_to",
)
DEFAULT_TOLERANCE = Decimal(5)
NATIONAL_STAFF_ONLY = "Only staff may define or change a national indicator."
DUPLICATE_CODE = "There is already an indicator with the code {code}."
UNKNOWN_FIELDS = "These are not indicator fields: {names}."
VALID_TO_BEFORE = "The last year must be the same as, or after, the first year."
RATIO_ROLLUP = "A ratio indicator rolls up by recomputing the ratio from its parts."
BAD_BODY_TYPES = "These are not body types: {names}."
NO_CODE = "Enter a code."


def default_rag_rule() -> RagRule:
    """Green on or better than target, amber within 5% of it, red beyond."""
    return default_rule(DEFAULT_TOLERANCE, Tolerance.PERCENT)


def rule_bands(rule: RagRule) -> list[dict[str, Any]]:
    """A rule's bands as stored: limits as plain decimal strings, so equal rules compare equal."""
    return [
        {
            "key": band.key,
            "name": band.name,
            "colour": band.colour,
            "limit": None if band.limit is None else format(band.limit.normalize(), "f"),
        }
        for band in rule.bands
    ]


def stored_rule(version: RagRuleVersion) -> RagRule:
    bands = tuple(
        Band(
            key=b["key"],
            name=b["name"],
            colour=b.get("colour", ""),
            limit=None if b.get("limit") is None else Decimal(b["limit"]),
        )
        for b in version.bands
    )
    return RagRule(method=Tolerance(version.method), bands=bands)


def _may_define(acting_user: User | None, owner: Organisation | None) -> None:
    """National definitions are staff's; the system (a loader, acting_user None) may load them."""
    if owner is None and acting_user is not None and not acting_user.is_superuser:
        raise PermissionDenied(NATIONAL_STAFF_ONLY)


def _apply(indicator: Indicator, fields: Mapping[str, Any]) -> None:
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(UNKNOWN_FIELDS.format(names=", ".join(unknown)))
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.code = " ".join(str(indicator.code or "").split())
    _check(indicator)


def _check(indicator: Indicator) -> None:
    errors: dict[str, str] = {}
    if not indicator.code:
        errors["code"] = NO_CODE
    elif (
        Indicator.objects.filter(owner=indicator.owner, code__iexact=indicator.code)
        .exclude(pk=indicator.pk)
        .exists()
    ):
        errors["code"] = DUPLICATE_CODE.format(code=indicator.code)
    first, last = indicator.valid_from, indicator.valid_to
    if first is not None and last is not None and last < first:
        errors["valid_to"] = VALID_TO_BEFORE
    if indicator.data_type == DataType.RATIO and indicator.rollup != RollUp.RATIO:
        errors["rollup"] = RATIO_ROLLUP
    wrong = [t for t in indicator.body_types or [] if t not in BodyType.values]
    if wrong:
        errors["body_types"] = BAD_BODY_TYPES.format(names=", ".join(map(str, wrong)))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_create(
    *,
    acting_user: User | None,
    owner: Organisation | None,
    fields: Mapping[str, Any],
    rag_rule: RagRule | None = None,
) -> Indicator:
    """A new indicator (national when `owner` is None) with RAG rule version 1 (by default
    green on target, amber within 5% of it, red beyond)."""
    _may_define(acting_user, owner)
    indicator = Indicator(owner=owner, created_by=acting_user)
    _apply(indicator, fields)
    save_created(
        indicator,
        acting_user=acting_user,
        action="performance.indicator_created",
        fields=list(EDITABLE_FIELDS),
        organisation_id=owner.pk if owner else None,
    )
    rag_rule_add_version(
        acting_user=acting_user, indicator=indicator, rule=rag_rule or default_rag_rule()
    )
    return indicator


@transaction.atomic
def indicator_update(
    *,
    acting_user: User | None,
    indicator: Indicator,
    fields: Mapping[str, Any],
    expected_updated_at: Any = None,
) -> Indicator:
    """Change an indicator's definition; refused if it changed since `expected_updated_at`."""
    _may_define(acting_user, indicator.owner if indicator.owner_id else None)
    indicator = lock_unchanged(indicator, expected_updated_at, "owner")
    before = snapshot(indicator, list(EDITABLE_FIELDS))
    _apply(indicator, fields)
    return save_changed(
        indicator,
        before,
        acting_user=acting_user,
        action="performance.indicator_changed",
        organisation_id=indicator.owner_id,
    )


def rag_rule_current(indicator: Indicator, year: int | None = None) -> RagRuleVersion | None:
    """The latest rule version applying in `year` (any year when None)."""
    return version_for_year(RagRuleVersion.objects.filter(indicator=indicator), year)


@transaction.atomic
def rag_rule_add_version(
    *,
    acting_user: User | None,
    indicator: Indicator,
    rule: RagRule,
    applies_from: int | None = None,
    source: str = "",
) -> RagRuleVersion:
    """A new version of `indicator`'s RAG rule (versions are never edited in place)."""
    _may_define(acting_user, indicator.owner if indicator.owner_id else None)
    if not isinstance(rule, RagRule):
        raise ValidationError("A RAG rule is needed.")
    Indicator.objects.select_for_update().filter(pk=indicator.pk).exists()
    latest = RagRuleVersion.objects.filter(indicator=indicator).aggregate(n=Max("version"))["n"]
    version = RagRuleVersion(
        indicator=indicator,
        version=(latest or 0) + 1,
        applies_from=applies_from,
        method=Tolerance(rule.method).value,
        bands=rule_bands(rule),
        source=source,
        created_by=acting_user,
    )
    version.full_clean()
    version.save()
    audit_record_created(
        acting_user=acting_user,
        action="performance.rag_rule_added",
        obj=version,
        fields=["version", "applies_from", "method", "bands"],
        organisation_id=indicator.owner_id,
    )
    return version
