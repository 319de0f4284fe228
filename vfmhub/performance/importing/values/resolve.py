"""Who and what each drafted value is for: its organisation or comparator area, its indicator.

Areas. A GSS code that an organisation in the register has is that organisation's value (a
county council's E10 code included). Any other GSS code (England E92…, a region E12…, a county
area, a district with no organisation here) is a comparator: a value with no organisation, kept
under its code and name. A code that is not a GSS code (ONS's ITL codes "TLG3", "na") cannot be
kept as a comparator: the row is skipped and reported. A file with no area column gives every
value to the organisation it is imported for; a file with only names matches organisations by
name. Given an organisation, a file naming areas imports that organisation's values and the
comparators, and counts the rows of other organisations as left out.

Indicators. By code: a national one, or the organisation's own local one; else by title (case
and spacing do not count). Unknown ones are errors (the first row and column of each, with how
many rows name it), or with `create` new local indicators of the organisation.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from vfmhub.core.importing import Location
from vfmhub.organisations.models import Organisation
from vfmhub.performance.importing.values.read import ValuesReader
from vfmhub.performance.importing.values.types import DraftValue, ValuesImportResult
from vfmhub.performance.models import Indicator
from vfmhub.performance.services.values import check_period

GSS_CODE = re.compile(r"^[EWSNK]\d{8}$")
NOT_GSS = "{code!r} is not a GSS area code, so the value cannot be kept as a comparator: skipped."
NO_AREA = "The row names no area: enter its GSS code."
UNKNOWN_AREA = "{name!r} is not an organisation in the register: give its GSS code."
UNKNOWN_INDICATOR = "There is no indicator {what} ({count} row{s} name it)."
UNKNOWN_HINT = " Add it, or import with --create-indicators to create it as a local indicator."
NEEDS_OWNER = (
    "--create-indicators needs --organisation: new indicators are local ones, owned by the "
    "organisation the file is imported for."
)


def title_key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class Resolved:
    """A draft with its organisation (None: a comparator) and indicator key (a pk, or the
    `NewIndicator` to create)."""

    draft: DraftValue
    organisation_id: int | None
    area_code: str
    indicator: Any


@dataclass
class NewIndicator:
    code: str
    title: str
    unit: str
    frequency: str
    rows: int = 0
    pk: int | None = None


@dataclass
class Lookups:
    """The register's organisations and the readable indicators, read once."""

    by_code: dict[str, tuple[int, str]]
    by_name: dict[str, int]
    codes: dict[str, int]
    titles: dict[str, int]
    indicators: dict[int, Indicator] = field(default_factory=dict)
    new: dict[str, NewIndicator] = field(default_factory=dict)


def lookups(organisation: Organisation | None) -> Lookups:
    by_code: dict[str, tuple[int, str]] = {}
    by_name: dict[str, int] = {}
    rows = Organisation.objects.values_list("pk", "gss_code", "name", "short_name")
    for pk, code, name, short_name in rows:
        if code:
            by_code[code.upper()] = (pk, name)
        for text in (name, short_name):
            if text:
                by_name.setdefault(title_key(text), pk)
    indicators = Indicator.objects.filter(owner__isnull=True)
    if organisation is not None:
        indicators = indicators | Indicator.objects.filter(owner=organisation)
    codes: dict[str, int] = {}
    titles: dict[str, int] = {}
    found: dict[int, Indicator] = {}
    # local ones last, so an organisation's own indicator wins over a national one of its code
    fields = ("code", "title", "other_titles", "frequency", "valid_from", "valid_to")
    for indicator in indicators.only(*fields).order_by("owner_id", "pk"):
        found[indicator.pk] = indicator
        codes[indicator.code.casefold()] = indicator.pk
        for text in (indicator.title, *(indicator.other_titles or [])):
            titles.setdefault(title_key(text), indicator.pk)
    return Lookups(by_code, by_name, codes, titles, found)


class Resolver:
    def __init__(
        self,
        reader: ValuesReader,
        organisation: Organisation | None,
        *,
        create: bool,
    ):
        self.reader, self.organisation, self.create = reader, organisation, create
        self.result: ValuesImportResult = reader.result
        self.found = lookups(organisation)
        self.unknown: dict[str, tuple[Location, int, str]] = {}
        self.has_areas = bool({"area_code", "area_name"} & set(reader.layout.header.columns))

    def area(self, draft: DraftValue) -> tuple[int | None, str] | None:
        """(organisation id, area code) of the draft; None when it is skipped or wrong."""
        own = self.organisation.pk if self.organisation is not None else None
        if not self.has_areas:
            return own, ""
        code = draft.area_code
        if code and GSS_CODE.match(code):
            found = self.found.by_code.get(code)
            org_id = found[0] if found else None
        elif draft.area_name and title_key(draft.area_name) in self.found.by_name:
            org_id, code = self.found.by_name[title_key(draft.area_name)], ""
        else:
            self._area_problem(draft)
            return None
        if own is not None and org_id is not None and org_id != own:
            self.result.other_organisations += 1
            return None
        return org_id, code if org_id is None else ""

    def _area_problem(self, draft: DraftValue) -> None:
        at = self.reader.at_name
        if draft.area_code:
            self.result.skip(at(draft.row, "area_code"), NOT_GSS.format(code=draft.area_code))
        elif draft.area_name:
            self.result.error(at(draft.row, "area_name"), UNKNOWN_AREA.format(name=draft.area_name))
        else:
            self.result.error(at(draft.row, "area_code"), NO_AREA)

    def indicator(self, draft: DraftValue) -> Any:
        """The draft's indicator pk (or NewIndicator); None when unknown."""
        code, title = draft.indicator_code.strip(), draft.indicator_title.strip()
        pk = self.found.codes.get(code.casefold()) if code else None
        if pk is None and title:
            pk = self.found.titles.get(title_key(title))
        if pk is not None:
            return pk
        key = code.casefold() or title_key(title)
        if key in self.found.new:
            self.found.new[key].rows += 1
            return self.found.new[key]
        if self.create and self.organisation is not None:
            new = NewIndicator(code or _code_from(title), title or code, draft.unit, "", rows=1)
            new.frequency = draft.period.frequency.value
            self.found.new[key] = new
            return new
        column = "indicator_code" if code else "indicator_title"
        where, count, text = self.unknown.get(
            key, (self.reader.at_name(draft.row, column), 0, code or title)
        )
        self.unknown[key] = (where, count + 1, text)
        return None

    def report_unknown(self) -> None:
        hint = UNKNOWN_HINT if self.organisation is not None else ""
        for where, count, text in self.unknown.values():
            plural = "" if count == 1 else "s"
            message = UNKNOWN_INDICATOR.format(what=repr(text), count=count, s=plural)
            self.result.error(where, message + hint)

    def resolved(self, draft: DraftValue) -> Resolved | None:
        indicator = self.indicator(draft)
        area = self.area(draft)
        if indicator is None or area is None:
            return None
        if isinstance(indicator, int) and not self._period_fits(draft, indicator, area[0]):
            return None
        return Resolved(draft, area[0], area[1], indicator)

    def _period_fits(self, draft: DraftValue, pk: int, organisation_id: int | None) -> bool:
        """The period suits the indicator as an entered value's must (`check_period`)."""
        try:
            check_period(
                self.found.indicators[pk], draft.period, comparator=organisation_id is None
            )
        except ValidationError as error:
            column = self.reader.layout.column("period")
            where = self.reader.at(draft.row, draft.column if column is None else column)
            self.result.error(where, " ".join(error.messages))
            return False
        return True


def _code_from(title: str) -> str:
    """A code for an indicator the file names only by its title: its initials, cut to fit."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    return ("".join(w[0] for w in words).upper() or "NEW")[:40]
