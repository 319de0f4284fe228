"""Comparing a returns file with the programme: which body each row is, whether it takes part,
whether the years fit, and what each row would change (a new return, a new version, nothing)."""

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from vfmhub.efficiency.importing.types import DraftReturn, ReturnsDraft
from vfmhub.efficiency.models import (
    BodyAlias,
    EfficiencyProgramme,
    EfficiencyReturn,
    Participant,
    ReturnRating,
    ReturnStatus,
    body_name_key,
)
from vfmhub.lib.years import financial_year_label
from vfmhub.organisations.models import Organisation

UNKNOWN_BODY = "No body in this programme has the name, GSS code or alias {text!r}."
CLOSEST = " Was it {names}?"
ADD_ALIAS = " Add the name as an alias of the right body, or correct the file."
HAS_RETURNED = "The row says {name} sent no return, but its {kind} {year} is already submitted."
SUGGESTIONS = 3
NOT_PARTICIPANT = "{name} does not take part in this programme."
YEAR_OUTSIDE = "{year} is not a year of this programme ({first} to {last})."
RATING_YEAR_OUTSIDE = "A rating for {year} cannot be given in a return for {return_year}."
DUPLICATE_ROW = "{name} already has a row for {kind} {year} (row {row})."

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


class CurrentReturn(NamedTuple):
    """A body's current return for a year and kind, as much as a comparison needs (a national
    file's 100,000 would not fit in memory as model instances)."""

    pk: int
    version: int
    status: str
    reported_value: Decimal | None
    narrative: str
    ratings: dict[int, str]


@dataclass
class ReturnChange:
    draft: DraftReturn
    organisation_id: int
    name: str
    existing: CurrentReturn | None
    action: str

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.organisation_id, self.draft.year or 0, self.draft.kind)


@dataclass
class BodyNames:
    """The programme's bodies by every name a file may give them: GSS code, name, short name
    and the partnership's aliases (as `body_name_key` folds them), and each body's name."""

    keys: dict[str, int]
    names: dict[int, str]
    shown: dict[str, str]  # each name a file could use, folded -> as written

    def find(self, text: str) -> int | None:
        return self.keys.get(body_name_key(text))

    def closest(self, text: str) -> list[str]:
        """The bodies whose names `text` is part of or most resembles, best first."""
        key, words = body_name_key(text), _words(text)
        every_word = [k for k, shown in self.shown.items() if words <= _words(shown)]
        containing = [k for k in self.shown if key and (key in k or k in key)]
        close = (
            every_word
            or containing
            or difflib.get_close_matches(key, list(self.shown), n=SUGGESTIONS, cutoff=0.5)
        )
        found = [self.names[self.keys[k]] for k in close]
        return list(dict.fromkeys(found))[:SUGGESTIONS]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def body_names(programme: EfficiencyProgramme) -> BodyNames:
    """The programme's participants by their GSS code, name, short name and aliases (two
    queries)."""
    keys: dict[str, int] = {}
    names: dict[int, str] = {}
    shown: dict[str, str] = {}
    rows = Participant.objects.filter(programme=programme).values_list(
        "organisation_id",
        "organisation__name",
        "organisation__short_name",
        "organisation__gss_code",
    )
    for pk, name, short_name, code in rows:
        names[pk] = name
        for text in (code, short_name, name):
            if text and body_name_key(text):
                keys.setdefault(body_name_key(text), pk)
                shown.setdefault(body_name_key(text), text)
    if programme.partnership_id is not None:
        aliases = BodyAlias.objects.filter(
            partnership_id=programme.partnership_id, organisation_id__in=list(names)
        ).values_list("key", "name", "organisation_id")
        for key, text, pk in aliases:
            keys.setdefault(key, pk)
            shown.setdefault(key, text)
    return BodyNames(keys, names, shown)


def _outsiders(texts: set[str]) -> dict[str, str]:
    """Bodies that exist but do not take part, by the text that named them (one query)."""
    if not texts:
        return {}
    found = Organisation.objects.filter(
        Q(gss_code__in={t.upper() for t in texts}) | Q(name__in=texts) | Q(short_name__in=texts)
    ).values_list("name", "short_name", "gss_code")
    outsiders = {}
    for name, short_name, code in found:
        for key in (code, short_name, name):
            if key:
                outsiders[body_name_key(key)] = name
    return outsiders


def unknown_body_message(text: str, bodies: BodyNames) -> str:
    closest = bodies.closest(text)
    names = ", ".join(closest[:-1]) + " or " + closest[-1] if len(closest) > 1 else "".join(closest)
    hint = CLOSEST.format(names=names) if closest else ""
    return UNKNOWN_BODY.format(text=text) + hint + ADD_ALIAS


def _current_returns(programme, organisation_ids: set[int]) -> dict[tuple, CurrentReturn]:
    """The programme's current returns for these bodies, by (body, year, kind), in two queries
    (of the whole programme: a list of ids as long as a national file's would not fit one)."""
    ratings: dict[int, dict[int, str]] = {}
    rated = ReturnRating.objects.filter(
        efficiency_return__programme=programme, efficiency_return__is_current=True
    ).order_by("efficiency_return_id", "year")
    for return_id, year, rating in rated.values_list(
        "efficiency_return_id", "year", "rating"
    ).iterator():
        ratings.setdefault(return_id, {})[year] = rating
    current = EfficiencyReturn.objects.filter(programme=programme, is_current=True)
    fields = ("pk", "organisation_id", "year", "kind", "version", "status")
    found = {}
    for pk, organisation_id, year, kind, version, status, value, narrative in current.values_list(
        *fields, "reported_value", "narrative"
    ).iterator():
        if organisation_id in organisation_ids:
            found[(organisation_id, year, kind)] = CurrentReturn(
                pk, version, status, value, narrative, ratings.get(pk, {})
            )
    return found


def _same(existing: CurrentReturn, draft: DraftReturn) -> bool:
    return (
        existing.status == ReturnStatus.SUBMITTED
        and existing.reported_value == draft.value
        and existing.narrative == draft.narrative.strip()
        and existing.ratings == draft.ratings
    )


def _check_years(programme: EfficiencyProgramme, row: DraftReturn, draft: ReturnsDraft) -> None:
    """The return's year is one of the programme's; each rating is for that year or later."""
    if row.year is None:
        return
    if row.year not in programme.years:
        draft.error(
            row.year_location,
            YEAR_OUTSIDE.format(
                year=financial_year_label(row.year),
                first=financial_year_label(programme.first_year),
                last=financial_year_label(programme.last_year),
            ),
        )
        return
    for rated_year, location in row.rating_locations.items():
        if not row.year <= rated_year <= programme.last_year:
            draft.error(
                location,
                RATING_YEAR_OUTSIDE.format(
                    year=financial_year_label(rated_year),
                    return_year=financial_year_label(row.year),
                ),
            )


def changes_for(
    programme: EfficiencyProgramme, draft: ReturnsDraft
) -> tuple[list[ReturnChange], list[ReturnChange]]:
    """What each row would do, and the rows of bodies the file says sent no return; every
    problem becomes an error on the draft."""
    bodies = body_names(programme)
    unknown = {r.body_text for r in draft.rows if r.body_text and bodies.find(r.body_text) is None}
    outsiders = _outsiders(unknown)
    matched: list[tuple[DraftReturn, int]] = []
    for row in draft.rows:
        if not row.body_text:
            continue
        organisation_id = bodies.find(row.body_text)
        if organisation_id is None:
            outsider = outsiders.get(body_name_key(row.body_text))
            message = (
                NOT_PARTICIPANT.format(name=outsider)
                if outsider
                else unknown_body_message(row.body_text, bodies)
            )
            draft.error(row.body_location, message)
            continue
        _check_years(programme, row, draft)
        matched.append((row, organisation_id))
    existing = _current_returns(programme, {pk for _, pk in matched})
    changes = _changes(matched, bodies.names, existing, draft)
    missing = [c for c in changes if not c.draft.returned]
    for change in missing:
        _check_missing(change, draft)
    return [c for c in changes if c.draft.returned], missing


def _check_missing(change: ReturnChange, draft: ReturnsDraft) -> None:
    """A body the file says sent no return must not have one submitted already."""
    existing = change.existing
    if existing is not None and existing.status == ReturnStatus.SUBMITTED:
        draft.error(
            change.draft.body_location,
            HAS_RETURNED.format(
                name=change.name,
                kind=change.draft.kind.replace("_", "-"),
                year=financial_year_label(change.draft.year or 0),
            ),
        )


def _changes(matched, names, existing, draft: ReturnsDraft) -> list[ReturnChange]:
    changes: list[ReturnChange] = []
    seen: dict[tuple, DraftReturn] = {}
    for row, organisation_id in matched:
        key = (organisation_id, row.year, row.kind)
        if row.year is not None and key in seen:
            draft.error(
                row.body_location,
                DUPLICATE_ROW.format(
                    name=names[organisation_id],
                    kind=row.kind.replace("_", "-"),
                    year=financial_year_label(row.year),
                    row=seen[key].location.row,
                ),
            )
            continue
        seen[key] = row
        current = existing.get(key)
        if current is None or current.status != ReturnStatus.SUBMITTED:
            action = CREATE
        else:
            action = UNCHANGED if _same(current, row) else UPDATE
        changes.append(ReturnChange(row, organisation_id, names[organisation_id], current, action))
    return changes


def value_text(value: Decimal | None) -> str:
    return "" if value is None else f"£{value:,.2f}"
