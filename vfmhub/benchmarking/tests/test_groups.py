"""Comparator groups: resolving a token for a body (and refusing one the user may not use), and
saving, importing, versioning and archiving groups."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from vfmhub.audit.models import AuditEvent
from vfmhub.benchmarking.models import ComparatorGroup, GroupKind
from vfmhub.benchmarking.selectors.groups import body_for, group_choices, resolve_group
from vfmhub.benchmarking.services.groups import (
    ARCHIVED,
    areas_from_text,
    comparator_group_archive,
    comparator_group_create,
    comparator_group_import,
    comparator_group_new_version,
)
from vfmhub.benchmarking.tests.pages_data import (
    ASHBY,
    make_group,
    make_model,
    make_neighbours,
    make_reference,
)
from vfmhub.core.concurrency import CHANGED_SINCE_OPENED
from vfmhub.core.exports import xlsx_bytes
from vfmhub.organisations.models import Partnership, PartnershipKind, PartnershipMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(personas):
    return make_reference()


def _resolve(personas, token, user="viewer"):
    return resolve_group(personas.user(user), body_for(personas.org_a), token)


def test_it_resolves_same_class_without_abolished_areas_or_the_body(personas, reference):
    group = _resolve(personas, "class")
    assert set(group.codes) == {"E07000911", "E07000912", "E07000913", "E07000914", "E07000915"}
    assert group.citation.startswith("Same class: shire districts: the 5 shire districts")


def test_all_england_takes_every_class_giving_the_same_services(personas, reference):
    group = _resolve(personas, "all")
    # districts, single-tier councils and London boroughs: Bexwell in, the county out.
    assert "E06000901" in group.codes and "E10000901" not in group.codes
    assert len(group.codes) == 6 and ASHBY not in group.codes


def test_same_region_keeps_the_region(personas, reference):
    group = _resolve(personas, "region")
    assert set(group.codes) == {"E07000911", "E07000912", "E07000913", "E06000901"}
    assert "in region E12000006" in group.citation


def test_neighbours_come_from_the_model_version_and_are_cited(personas, reference):
    model = make_model()
    make_neighbours(model, ASHBY, ["E07000913", "E07000911"])
    group = _resolve(personas, "neighbours:2026.1")
    assert group.codes == ("E07000913", "E07000911")
    assert group.citation == (
        "Nearest neighbours, Open nearest neighbours, version 2026.1 (computed 7 December 2026)"
    )


def test_a_partnership_is_usable_only_by_those_who_may_read_it(personas, reference):
    token = f"partnership:{personas.partnership.pk}"
    group = _resolve(personas, token, user="partnership_viewer")
    # The county is a member with a GSS code; the fire authority has none.
    assert group.codes == ("E10000901",)
    assert "Members of Improvement Northmoor" in group.citation
    other = Partnership.objects.create(name="Elsewhere", kind=PartnershipKind.RIEP)
    PartnershipMember.objects.create(
        partnership=other, organisation=personas.org_b, joined=datetime.date(2020, 4, 1)
    )
    with pytest.raises(Http404):
        _resolve(personas, f"partnership:{other.pk}", user="staff")  # A is not a member
    assert not any(
        c.token == token for c in group_choices(personas.outsider, body_for(personas.org_a))
    )


def test_a_list_token_names_only_the_organisations_own_groups(personas, reference):
    ours = make_group(personas.org_a, "Our group", ["E07000911", ASHBY])
    theirs = make_group(personas.org_b, "Theirs", ["E07000911"])
    group = _resolve(personas, f"list:{ours.pk}")
    assert group.codes == ("E07000911",)  # the body itself is not its own comparator
    assert "Our group, as saved by the system on" in group.citation
    assert "version 1" in group.citation
    with pytest.raises(Http404):
        _resolve(personas, f"list:{theirs.pk}")


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "list:",
        "list:abc",
        "list:99999999999999999999",
        "neighbours:9.9",
        "class:1",
        "partnership:-1",
        "all:x",
    ],
)
def test_a_bad_token_is_not_found(personas, reference, token):
    with pytest.raises(Http404):
        _resolve(personas, token)


def test_the_choices_list_what_the_user_may_use(personas, reference):
    make_model()
    group = make_group(personas.org_a, "Our group", ["E07000911"])
    tokens = [c.token for c in group_choices(personas.viewer, body_for(personas.org_a))]
    # A's viewer reads the partnership A belongs to through A.
    partnership = f"partnership:{personas.partnership.pk}"
    assert tokens == [
        "class",
        "all",
        "region",
        "neighbours:2026.1",
        partnership,
        f"list:{group.pk}",
    ]
    tokens = [c.token for c in group_choices(personas.outsider, body_for(personas.org_a))]
    assert partnership not in tokens


# -- services ---------------------------------------------------------------------------------


def test_it_saves_a_group_from_codes_and_names_and_records_it(personas, reference):
    areas = areas_from_text("E07000911\n\n  corley \nDENHAM\nE07000911\n")
    group = comparator_group_create(
        acting_user=personas.editor,
        owner=personas.org_a,
        kind=GroupKind.CUSTOM,
        name=" Near us ",
        areas=areas,
    )
    assert group.name == "Near us" and group.version == 1 and group.is_current
    assert list(group.members.values_list("gss_code", "position")) == [
        ("E07000911", 1),
        ("E07000912", 2),
        ("E07000913", 3),
    ]
    event = AuditEvent.objects.get(action="comparator_group.created")
    assert event.organisation_id == personas.org_a.pk and event.actor == personas.editor
    assert "E07000912" in event.note


def test_unknown_names_are_refused_with_their_lines(personas, reference):
    with pytest.raises(ValidationError) as caught:
        areas_from_text("Barford\nAtlantis\nE07000000")
    messages = caught.value.message_dict["members"]
    assert messages[0].startswith("Line 2: “Atlantis” is not an area")
    assert messages[1].startswith("Line 3: “E07000000” is not an area")


def test_an_abolished_area_of_the_same_name_does_not_make_a_name_ambiguous(personas, reference):
    from vfmhub.benchmarking.models import ReferenceArea

    ReferenceArea.objects.create(
        gss_code="E07000998", name="Barford", area_class="district", active_to="2019-03-31"
    )
    assert [a.gss_code for a in areas_from_text("barford")] == ["E07000911"]


def test_a_new_version_keeps_the_old_one(personas, reference):
    first = comparator_group_create(
        acting_user=personas.editor,
        owner=personas.org_a,
        kind=GroupKind.CUSTOM,
        name="Near us",
        areas=areas_from_text("Barford"),
    )
    second = comparator_group_new_version(
        acting_user=personas.editor,
        group=first,
        name="Nearer us",
        areas=areas_from_text("Corley\nDenham"),
        expected_version=1,
    )
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert (second.series, second.version) == (first.series, 2)
    assert list(first.members.values_list("gss_code", flat=True)) == ["E07000911"]
    event = AuditEvent.objects.get(action="comparator_group.new_version")
    assert event.changes["members"] == [["E07000911"], ["E07000912", "E07000913"]]
    assert event.changes["name"] == ["Near us", "Nearer us"]


def test_a_stale_version_is_refused(personas, reference):
    first = make_group(personas.org_a, "Near us", ["E07000911"])
    kwargs = {"acting_user": personas.editor, "name": "X", "areas": areas_from_text("Corley")}
    comparator_group_new_version(group=first, expected_version=1, **kwargs)
    with pytest.raises(ValidationError) as caught:
        comparator_group_new_version(group=first, expected_version=1, **kwargs)
    assert caught.value.messages == [CHANGED_SINCE_OPENED]
    assert ComparatorGroup.objects.filter(series=first.series).count() == 2


def test_archiving_leaves_no_current_version_and_keeps_every_one(personas, reference):
    group = make_group(personas.org_a, "Near us", ["E07000911"])
    comparator_group_archive(acting_user=personas.editor, group=group, expected_version=1)
    group.refresh_from_db()
    assert not group.is_current and group.members.count() == 1
    assert AuditEvent.objects.filter(action="comparator_group.archived").count() == 1
    with pytest.raises(ValidationError) as caught:
        comparator_group_archive(acting_user=personas.editor, group=group, expected_version=1)
    assert caught.value.messages == [ARCHIVED]


def _import(personas, data, filename="cipfa.csv"):
    return comparator_group_import(
        acting_user=personas.editor,
        owner=personas.org_a,
        data=data,
        filename=filename,
        name="CIPFA nearest neighbours",
        publisher="CIPFA",
        source="Committee report, March 2024",
        body_code=ASHBY,
    )


def test_it_imports_a_published_list_from_csv(personas, reference):
    data = "CIPFA nearest neighbours\n\nRank,Authority\n1,Barford\n2,corley\n3,Denham\n"
    group = _import(personas, data.encode())
    assert group.kind == GroupKind.PUBLISHED and group.body_code == ASHBY
    assert list(group.members.values_list("gss_code", flat=True)) == [
        "E07000911",
        "E07000912",
        "E07000913",
    ]


def test_it_imports_a_published_list_from_xlsx_by_code(personas, reference):
    data = xlsx_bytes(["GSS code", "Name"], [["E07000915", "Farley DC"], ["E07000914", ""]])
    group = _import(personas, data, filename="list.xlsx")
    assert list(group.members.values_list("gss_code", flat=True)) == ["E07000915", "E07000914"]


def test_an_import_with_an_unknown_area_is_refused_whole_with_row_and_column(personas, reference):
    data = b"Authority,Population\nBarford,1\nAtlantis,2\n"
    with pytest.raises(ValidationError) as caught:
        _import(personas, data)
    assert caught.value.message_dict["file"] == [
        "Row 3, column A: “Atlantis” is not an area in the reference data: give its GSS code "
        "or exact name."
    ]
    assert not ComparatorGroup.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Rank,Score\n1,2\n", "No column of area names or GSS codes"),
        (b"Name\n\n", "The file has no areas under its headings."),
        (b"\x00\x01\x02PK garbage", "The file"),
    ],
)
def test_a_file_that_is_not_a_list_is_refused_plainly(personas, reference, data, message):
    with pytest.raises(ValidationError) as caught:
        _import(personas, data)
    assert message in caught.value.message_dict["file"][0]
