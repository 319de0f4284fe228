"""Comparator groups of one body, resolved from the token a page carries in its URL, each with the
citation shown wherever the group is used.

Tokens: `all` (all England), `class` (same class), `region` (same region), `neighbours:<model
version>`, `partnership:<pk>` (a partnership the body belongs to and the user may read) and
`list:<pk>` (a published list or saved group of the body's organisation, any version, so an
earlier version stays citable). A token the user may not use, or that names nothing, is 404.

"All England" is every English area, still in existence, of the classes that deliver the same
tier of services as the body (a district is compared with districts, single-tier councils and
London boroughs; a county with counties, single-tier councils and London boroughs; a single-tier
council or London borough with all of them); a measure's values then keep only the areas that have
one. "Same class" is the body's own class (unitary and metropolitan pooled as single-tier);
"same region" is the all-England set within the body's region."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from vfmhub.accounts.models import User
from vfmhub.benchmarking.models import (
    AreaClass,
    ComparatorGroup,
    NeighbourModel,
    ReferenceArea,
    area_class_of,
)
from vfmhub.benchmarking.selectors.neighbours import neighbour_codes
from vfmhub.organisations.access import NOT_FOUND, readable_partnerships_filter
from vfmhub.organisations.models import Organisation, Partnership

COMPARABLE: dict[str, tuple[str, ...]] = {
    AreaClass.DISTRICT: (AreaClass.DISTRICT, AreaClass.SINGLE_TIER, AreaClass.LONDON),
    AreaClass.COUNTY: (AreaClass.COUNTY, AreaClass.SINGLE_TIER, AreaClass.LONDON),
    AreaClass.SINGLE_TIER: (
        AreaClass.SINGLE_TIER,
        AreaClass.LONDON,
        AreaClass.COUNTY,
        AreaClass.DISTRICT,
    ),
    AreaClass.LONDON: (
        AreaClass.SINGLE_TIER,
        AreaClass.LONDON,
        AreaClass.COUNTY,
        AreaClass.DISTRICT,
    ),
    AreaClass.FIRE: (AreaClass.FIRE,),
}
CLASS_PLURALS: dict[str, str] = {
    AreaClass.DISTRICT: "shire districts",
    AreaClass.SINGLE_TIER: "single-tier councils (unitary and metropolitan)",
    AreaClass.LONDON: "London boroughs",
    AreaClass.COUNTY: "county councils",
    AreaClass.FIRE: "fire and rescue authorities",
    AreaClass.OTHER: "other areas",
}
DEFAULT_TOKEN = "class"


@dataclass(frozen=True)
class Body:
    """The organisation benchmarked, with its area in the reference data (None when it has no GSS
    code or the area register has not been loaded for it)."""

    organisation: Organisation
    area: ReferenceArea | None

    @property
    def code(self) -> str:
        return self.organisation.gss_code or ""

    @property
    def area_class(self) -> str:
        if self.area is not None:
            return self.area.area_class
        return area_class_of(self.code) if self.code else AreaClass.OTHER

    @property
    def region_code(self) -> str:
        if self.area is not None and self.area.region_code:
            return self.area.region_code
        region = self.organisation.region
        return region.code if region is not None else ""

    @property
    def name(self) -> str:
        return self.area.name if self.area is not None else self.organisation.name


@dataclass(frozen=True)
class GroupChoice:
    token: str
    label: str


@dataclass(frozen=True)
class ResolvedGroup:
    token: str
    label: str
    citation: str
    codes: tuple[str, ...]
    """The members' GSS codes, without the body itself, in the group's own order."""


def body_for(organisation: Organisation) -> Body:
    area = None
    if organisation.gss_code:
        area = ReferenceArea.objects.filter(gss_code=organisation.gss_code).first()
    return Body(organisation=organisation, area=area)


def _readable_partnerships(user: User, organisation: Organisation) -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(readable_partnerships_filter(user))
        .filter(members__organisation=organisation)
        .distinct()
        .order_by("name")
    )


def group_choices(user: User, body: Body) -> list[GroupChoice]:
    """Every group `user` may compare `body` with (three queries: neighbour model versions,
    partnerships, the organisation's current groups)."""
    choices = [
        GroupChoice("class", f"Same class: {CLASS_PLURALS[body.area_class]}"),
        GroupChoice("all", "All England"),
    ]
    if body.region_code:
        choices.append(GroupChoice("region", "Same region"))
    for model in NeighbourModel.objects.filter(computed_at__isnull=False).order_by("-computed_at"):
        choices.append(
            GroupChoice(f"neighbours:{model.version}", f"Nearest neighbours, {model.version}")
        )
    for partnership in _readable_partnerships(user, body.organisation):
        choices.append(GroupChoice(f"partnership:{partnership.pk}", f"{partnership.name} members"))
    for group in current_groups(body.organisation):
        choices.append(GroupChoice(f"list:{group.pk}", f"{group.name} (version {group.version})"))
    return choices


def current_groups(organisation: Organisation) -> list[ComparatorGroup]:
    return list(
        ComparatorGroup.objects.filter(owner=organisation, is_current=True)
        .select_related("created_by")
        .order_by("name")
    )


def _active_english(classes: tuple[str, ...]) -> Q:
    return Q(area_class__in=classes, gss_code__startswith="E", active_to__isnull=True)


def _area_group(body: Body, token: str) -> ResolvedGroup:
    if token == "class":
        classes: tuple[str, ...] = (body.area_class,)
        label = f"Same class: {CLASS_PLURALS[body.area_class]}"
    else:
        classes = COMPARABLE.get(body.area_class, (body.area_class,))
        label = "All England"
    areas = ReferenceArea.objects.filter(_active_english(classes))
    if token == "region":
        if not body.region_code:
            raise Http404(NOT_FOUND)
        areas = areas.filter(region_code=body.region_code)
        label = "Same region"
    codes = tuple(
        areas.exclude(gss_code=body.code).order_by("name").values_list("gss_code", flat=True)
    )
    kinds = ", ".join(CLASS_PLURALS[c] for c in classes)
    where = f" in region {body.region_code}" if token == "region" else ""
    citation = (
        f"{label}: the {len(codes)} {kinds}{where} in the area register, "
        "not counting abolished councils"
    )
    return ResolvedGroup(token=token, label=label, citation=citation, codes=codes)


def neighbour_model_computed(version: str) -> NeighbourModel:
    """A computed neighbour model version (reference data: every signed-in user may use it)."""
    model = NeighbourModel.objects.filter(version=version, computed_at__isnull=False).first()
    if model is None:
        raise Http404(NOT_FOUND)
    return model


def neighbours_citation(model: NeighbourModel) -> str:
    computed = f"computed {model.computed_at:%-d %B %Y}" if model.computed_at else "not computed"
    return f"Nearest neighbours, {model.title}, version {model.version} ({computed})"


def group_citation(group: ComparatorGroup) -> str:
    """ "CIPFA nearest neighbours, as imported by a@b.org on 7 December 2026, version 2" """
    verb = "imported" if group.kind == "published" else "saved"
    who = group.created_by.email if group.created_by else "the system"
    text = (
        f"{group.name}, as {verb} by {who} on {group.created_at:%-d %B %Y}, version {group.version}"
    )
    if group.publisher:
        text += f"; published by {group.publisher}"
    if group.source:
        text += f" ({group.source})"
    return text


def _int(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise Http404(NOT_FOUND) from None
    if not 0 < number < 2**31:
        raise Http404(NOT_FOUND)
    return number


def resolve_group(user: User, body: Body, token: str) -> ResolvedGroup:
    """The group `token` names for `body`; 404 when the user may not use it or it names nothing."""
    kind, _, rest = (token or DEFAULT_TOKEN).partition(":")
    if kind in ("all", "class", "region") and not rest:
        return _area_group(body, kind)
    if kind == "neighbours" and rest:
        model = neighbour_model_computed(rest)
        codes = tuple(neighbour_codes(model, body.code)) if body.code else ()
        return ResolvedGroup(token, "Nearest neighbours", neighbours_citation(model), codes)
    if kind == "partnership" and rest:
        partnership = _readable_partnerships(user, body.organisation).filter(pk=_int(rest)).first()
        if partnership is None:
            raise Http404(NOT_FOUND)
        codes = tuple(
            code
            for code in partnership.members.exclude(organisation=body.organisation)
            .order_by("organisation__name")
            .values_list("organisation__gss_code", flat=True)
            if code
        )
        citation = (
            f"Members of {partnership.name} with a GSS code, from the partnership's register "
            f"({len(codes)} besides this body)"
        )
        return ResolvedGroup(token, f"{partnership.name} members", citation, codes)
    if kind == "list" and rest:
        group = (
            ComparatorGroup.objects.filter(owner=body.organisation, pk=_int(rest))
            .select_related("created_by")
            .first()
        )
        if group is None:
            raise Http404(NOT_FOUND)
        codes = tuple(
            code
            for code in group.members.order_by("position").values_list("gss_code", flat=True)
            if code != body.code
        )
        return ResolvedGroup(token, group.name, group_citation(group), codes)
    raise Http404(NOT_FOUND)
