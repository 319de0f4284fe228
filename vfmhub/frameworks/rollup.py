"""The roll-up engine: pure functions that combine scores under a rule held as data.

No Django here, so every rule can be checked with worked examples. A score of None means "not
scored" (not applicable, or not yet assessed) and is left out; with no scores left, no result.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.text import capfirst

RULE_TABLE = "rule_table"
ROUNDED_MEAN = "rounded_mean"
MEDIAN = "median"
CAPPED_MINIMUM = "capped_minimum"
MANUAL = "manual"

METHOD_LABELS = {
    RULE_TABLE: "Rule table",
    ROUNDED_MEAN: "Rounded mean",
    MEDIAN: "Median",
    CAPPED_MINIMUM: "Capped minimum",
    MANUAL: "Assessor's judgement, with an advisory calculation",
}
METHODS = tuple(METHOD_LABELS)
ADVISORY_METHODS = tuple(m for m in METHODS if m != MANUAL)

EVEN_LOWER = "lower"
EVEN_UPPER = "upper"
EVEN_MEAN = "mean_rounded"
EVEN_COUNT_LABELS = {
    EVEN_LOWER: "The lower of the two middle scores",
    EVEN_UPPER: "The higher of the two middle scores",
    EVEN_MEAN: "The mean of the two middle scores, a half rounding up",
}

AT_LEAST = "at_least"
NONE_BELOW = "none_below"

BAD_CONDITION = (
    'Each condition must be {{"at_least": N, "scoring": L}} or {{"none_below": M}} '
    "with whole numbers (N at least 1); got {condition!r}."
)
NEEDS_ADVISORY = "A manual rule needs an advisory method other than manual."
NEEDS_CAP = "A capped minimum needs cap_above_minimum."
UNKNOWN_METHOD = "Unknown roll-up method {method!r}."

_NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@dataclass(frozen=True)
class Condition:
    """`at_least`: at least `count` scores are `level` or more; `none_below`: none below `level`."""

    kind: str
    level: int
    count: int = 0

    def holds(self, scores: Sequence[int]) -> bool:
        if self.kind == AT_LEAST:
            return sum(1 for s in scores if s >= self.level) >= self.count
        return all(s >= self.level for s in scores)


@dataclass(frozen=True)
class TableRow:
    result: int
    conditions: tuple[Condition, ...] = ()

    def matches(self, scores: Sequence[int]) -> bool:
        return all(c.holds(scores) for c in self.conditions)


@dataclass(frozen=True)
class RuleSpec:
    method: str
    rows: tuple[TableRow, ...] = ()
    median_even_count: str = EVEN_LOWER
    cap_above_minimum: int | None = None
    advisory_method: str | None = None


@dataclass(frozen=True)
class RollupResult:
    """`value` is the rolled-up score (None for a manual rule or no scores); `advisory` the advice
    a manual rule offers; `counted` how many scores were used."""

    value: int | None
    method: str
    counted: int
    advisory: int | None = None
    advisory_method: str | None = None


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_condition(raw) -> Condition:
    keys = set(raw) if isinstance(raw, dict) else set()
    if keys == {AT_LEAST, "scoring"}:
        count, level = raw[AT_LEAST], raw["scoring"]
        if _whole(count) and _whole(level) and count >= 1 and level >= 0:
            return Condition(kind=AT_LEAST, level=level, count=count)
    if keys == {NONE_BELOW} and _whole(raw[NONE_BELOW]) and raw[NONE_BELOW] >= 0:
        return Condition(kind=NONE_BELOW, level=raw[NONE_BELOW])
    raise ValueError(BAD_CONDITION.format(condition=raw))


def parse_conditions(raw) -> tuple[Condition, ...]:
    if raw in (None, ""):
        return ()
    if not isinstance(raw, list):
        raise ValueError(f"Conditions must be a list; got {raw!r}.")
    return tuple(parse_condition(item) for item in raw)


def _round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rule_table(scores: Sequence[int], rows: Sequence[TableRow]) -> int | None:
    """The result of the first row whose conditions all hold; None if no row matches."""
    if not scores:
        return None
    return next((row.result for row in rows if row.matches(scores)), None)


def rounded_mean(scores: Sequence[int]) -> int | None:
    """The mean rounded to a whole level, a half rounding up (2.5 -> 3), never banker's rounding."""
    if not scores:
        return None
    return _round_half_up(Decimal(sum(scores)) / Decimal(len(scores)))


def median(scores: Sequence[int], even_count: str = EVEN_LOWER) -> int | None:
    """The middle score; an even count is resolved by `even_count` (lower, upper, rounded mean)."""
    if not scores:
        return None
    ordered = sorted(scores)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    low, high = ordered[middle - 1], ordered[middle]
    if even_count == EVEN_LOWER:
        return low
    if even_count == EVEN_UPPER:
        return high
    if even_count == EVEN_MEAN:
        return _round_half_up(Decimal(low + high) / 2)
    raise ValueError(f"Unknown way to resolve an even count: {even_count!r}.")


def capped_minimum(scores: Sequence[int], cap_above_minimum: int) -> int | None:
    """The rounded mean, but at most `cap_above_minimum` levels above the lowest score, so one
    weak area cannot be averaged away."""
    if not scores:
        return None
    mean = _round_half_up(Decimal(sum(scores)) / Decimal(len(scores)))
    return min(mean, min(scores) + cap_above_minimum)


def calculate(method: str, scores: Sequence[int], rule: RuleSpec) -> int | None:
    """One method applied to scores already stripped of the unscored."""
    if method == RULE_TABLE:
        return rule_table(scores, rule.rows)
    if method == ROUNDED_MEAN:
        return rounded_mean(scores)
    if method == MEDIAN:
        return median(scores, rule.median_even_count)
    if method == CAPPED_MINIMUM:
        if rule.cap_above_minimum is None:
            raise ValueError(NEEDS_CAP)
        return capped_minimum(scores, rule.cap_above_minimum)
    raise ValueError(UNKNOWN_METHOD.format(method=method))


def roll_up(scores: Iterable[int | None], rule: RuleSpec) -> RollupResult:
    """Combine `scores` under `rule`. Unscored (None) items are left out."""
    counted = [s for s in scores if s is not None]
    if rule.method == MANUAL:
        if rule.advisory_method not in ADVISORY_METHODS:
            raise ValueError(NEEDS_ADVISORY)
        return RollupResult(
            value=None,
            method=MANUAL,
            counted=len(counted),
            advisory=calculate(rule.advisory_method, counted, rule),
            advisory_method=rule.advisory_method,
        )
    return RollupResult(
        value=calculate(rule.method, counted, rule), method=rule.method, counted=len(counted)
    )


def _count_words(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def describe_condition(condition: Condition, item_plural: str) -> str:
    if condition.kind == AT_LEAST:
        count = _count_words(condition.count)
        return f"at least {count} {item_plural} score {condition.level} or more"
    return f"none scores below {condition.level}"


def describe_row(row: TableRow, item_plural: str, *, first: bool) -> str:
    if not row.conditions:
        return f"otherwise {row.result}" if not first else f"always {row.result}"
    parts = [describe_condition(c, item_plural) for c in row.conditions]
    return f"{row.result} if " + " and ".join(parts)


def describe_method(method: str, rule: RuleSpec, item_plural: str) -> str:
    """One sentence, in plain English, saying how `method` combines the scores."""
    if method == RULE_TABLE:
        rows = [describe_row(r, item_plural, first=i == 0) for i, r in enumerate(rule.rows)]
        return "The first of these that is true gives the score: " + "; ".join(rows) + "."
    if method == ROUNDED_MEAN:
        return (
            f"The mean of the {item_plural}' scores, rounded to a whole level (a half rounds up)."
        )
    if method == MEDIAN:
        even = EVEN_COUNT_LABELS.get(rule.median_even_count, rule.median_even_count)
        return (
            f"The middle of the {item_plural}' scores. With an even number of scores: "
            f"{even[0].lower()}{even[1:]}."
        )
    if method == CAPPED_MINIMUM:
        cap = rule.cap_above_minimum
        levels = "level" if cap == 1 else "levels"
        return (
            f"The mean of the {item_plural}' scores, rounded (a half rounds up), but no more than "
            f"{cap} {levels} above the lowest score."
        )
    if method == MANUAL:
        advice = describe_method(rule.advisory_method or "", rule, item_plural)
        return f"The assessor decides the score. As advice, VFM Hub calculates: {advice}"
    raise ValueError(UNKNOWN_METHOD.format(method=method))


def describe_rule(rule: RuleSpec, item_plural: str) -> str:
    """The whole rule in words, including how unscored items are treated."""
    return (
        f"{describe_method(rule.method, rule, item_plural)} {capfirst(item_plural)} not scored "
        "are left out; if none is scored there is no result."
    )
