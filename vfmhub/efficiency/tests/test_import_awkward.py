"""Files as partnerships and councils keep them (issue 13): each refused whole with every error
by sheet, row and column and nothing saved, or imported once a column the import does not know
is left out; a legacy .xls; the sheet chosen or named; the same file twice changes nothing."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
import xlwt
from django.core.management import CommandError, call_command

from vfmhub.audit.models import AuditEvent
from vfmhub.efficiency.importing import gains_import, returns_import
from vfmhub.efficiency.models import EfficiencyReturn, Gain, GainCategory, ReturnRating
from vfmhub.efficiency.tests.review003 import make_review_programme
from vfmhub.efficiency.tests.seed003 import MISSING, submitted_return
from vfmhub.imports.services import column_choices_remember
from vfmhub.lib.headings import ColumnChoices

FIXTURES = Path(__file__).parent / "fixtures"
NOT_USED = "is not used. Mark it as ignored to import the file without it."


@pytest.fixture
def seed(personas):
    return make_review_programme(personas)


def _returns(seed, name: str, content: bytes | None = None, **kwargs):
    return returns_import(
        acting_user=None,
        programme=seed.programme,
        content=(FIXTURES / name).read_bytes() if content is None else content,
        filename=name,
        **kwargs,
    )


def _gains(seed, name: str, **kwargs):
    return gains_import(
        acting_user=None,
        programme=seed.programme,
        organisation=seed.bodies["Melton Borough Council"],
        content=(FIXTURES / name).read_bytes(),
        filename=name,
        **kwargs,
    )


def _command(name: str, *args: str, **options) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err, **options)
    except SystemExit as exc:
        return out.getvalue(), err.getvalue(), int(exc.code or 0)
    return out.getvalue(), err.getvalue(), 0


def test_it_refuses_a_returns_file_with_every_error(seed):
    result = _returns(seed, "returns_awkward.csv")

    assert [str(e) for e in result.errors] == [
        f"Row 2, column E (Owner??): Column E 'Owner??' {NOT_USED}",
        "Row 3, column D (RAG 2010/11): 'Purple' is not a rating: use G, A or R "
        "(Green, Amber, Red), or leave it blank.",
        "Row 4, column A (Body): No body in this programme has the name, GSS code or alias "
        "'Nowhere Borough Council'. Was it Melton Borough Council, Charnwood Borough "
        "Council or Harborough District Council? Add the name as an alias of the right body, "
        "or correct the file.",
        "Row 5, column A (Body): Enter the body's name or GSS code.",
        "Row 6, column B (Returned): Enter Y if the body sent a return, or N if it did not.",
    ]
    assert result.errors[0].ignorable == "E"
    assert not result.saved
    assert not EfficiencyReturn.objects.exists()
    assert not ReturnRating.objects.exists()


def test_it_refuses_an_unknown_column_until_it_is_left_out(seed):
    refused = _returns(seed, "returns_review_officer.csv")
    assert [str(e) for e in refused.errors] == [
        f"Row 2, column F (Lead officer): Column F 'Lead officer' {NOT_USED}"
    ]
    assert not EfficiencyReturn.objects.exists()

    result = _returns(seed, "returns_review_officer.csv", choices=ColumnChoices(frozenset({"F"})))

    assert (result.errors, result.created, result.missing) == ([], 7, sorted(MISSING))
    assert EfficiencyReturn.objects.count() == 7


def test_it_reads_an_unknown_column_as_a_known_one_when_told(seed):
    choices = ColumnChoices(use_as={"Lead officer": "narrative"})

    result = _returns(seed, "returns_review_officer.csv", choices=choices)

    assert result.errors == []
    city = EfficiencyReturn.objects.get(organisation__name="Leicester City Council")
    assert city.narrative == "Chris Tambini"


def test_the_returns_command_leaves_out_a_column_and_says_when_nothing_changed(seed):
    path = str(FIXTURES / "returns_review_officer.csv")
    out, err, code = _command("import-returns", path, programme=seed.programme.pk)
    assert code == 1
    assert "Column F 'Lead officer' is not used" in err
    assert "Nothing was imported: 1 errors." in err

    out, _, code = _command(
        "import-returns", path, "--ignore-column", "Lead officer", programme=seed.programme.pk
    )
    assert code == 0
    assert "Imported: 7 new, 0 changed, 0 unchanged returns." in out
    assert "Sent no return (left missing): Blaby District Council, " in out

    again, _, code = _command(
        "import-returns", path, "--ignore-column", "F", programme=seed.programme.pk
    )
    assert code == 0
    assert "Imported: 0 new, 0 changed, 7 unchanged returns." in again
    assert "nothing changed" in again.lower()
    assert EfficiencyReturn.objects.count() == 7


def _review_xls() -> bytes:
    book = xlwt.Workbook()
    book.add_sheet("Intro").write(0, 0, "Efficiency review 2008/09")
    review = book.add_sheet("Review")
    rows = [
        ["EFFICIENCY – 2008/9 REVIEW"],
        [],
        ["Organisation", "Returned?", "2009/10 rating", "2010/11 rating", "2011/12 rating"],
        ["City Council", "Yes", "A", "A", "A"],
        ["Police", "Yes", "A", "A", "A"],
        ["Hinckley and Bosworth", "Yes", "A", "A", "A"],
        ["North West Leicestershire", "Yes", "A", "A", "A"],
        ["Oadby and Wigston", "Yes", "A", "R", "R"],
        ["Melton", "Yes", "A", "R", ""],
        ["County Council", "Yes", "R", "A", ""],
        *([name, "No"] for name in ("Blaby", "Charnwood", "Harborough")),
        *([name, "No"] for name in ("Fire Authority", "County PCT", "City PCT")),
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            review.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_reads_a_legacy_xls_workbook_from_its_best_sheet(seed):
    result = _returns(seed, "review.xls", content=_review_xls())

    assert (result.errors, result.sheet, result.created) == ([], "Review", 7)
    assert result.missing == sorted(MISSING)


def test_it_reads_the_sheet_it_is_told_to(seed):
    result = _returns(seed, "review.xls", content=_review_xls(), sheet="Intro")

    assert [str(e) for e in result.errors] == [
        'The file: No header row was found: the file needs columns headed "Body".'
    ]
    assert result.errors[0].location.sheet == "Intro"
    assert not EfficiencyReturn.objects.exists()


def test_it_refuses_a_body_marked_as_not_returned_that_has_a_return(seed):
    blaby = seed.bodies["Blaby District Council"]
    submitted_return(seed.programme, blaby, None, {2009: "G"})  # type: ignore[arg-type]
    content = b"Body,Returned,RAG 2009/10\nBlaby,N,\nMelton,Y,Green\n"

    result = _returns(seed, "review.csv", content=content)

    assert [str(e) for e in result.errors] == [
        "Row 2, column A (Body): The row says Blaby District Council sent no return, but its "
        "forecast 2009/10 is already submitted."
    ]
    assert EfficiencyReturn.objects.count() == 1


def test_it_refuses_ratings_for_a_body_that_sent_no_return(seed):
    content = b"Body,Returned,RAG 2009/10,RAG 2010/11\nBlaby,N,,Red\nMelton,Y,,\n"

    result = _returns(seed, "review.csv", content=content)

    assert [str(e) for e in result.errors] == [
        "Row 2, column D (RAG 2010/11): The row says the body sent no return, so it cannot "
        "have a value or a rating.",
        "Row 3, column A (Body): Enter the cumulative value or at least one rating.",
    ]
    assert not EfficiencyReturn.objects.exists()


def test_it_refuses_a_gains_file_with_every_error(seed):
    result = _gains(seed, "gains_awkward.csv")

    assert [str(e) for e in result.errors] == [
        f"Row 2, column J (Owner??): Column J 'Owner??' {NOT_USED}",
        "Row 4, column A (Description): Enter a description of the gain.",
        "Row 5, column C (First year): 2019/20 is not a year of this programme "
        "(2009/10 to 2011/12).",
        "Row 6, column D (Gross value): 'lots' is not an amount of money.",
    ]
    assert not Gain.objects.exists()
    assert not GainCategory.objects.exists()


def test_the_gains_command_leaves_out_a_column_and_says_when_nothing_changed(seed):
    path = str(FIXTURES / "gains_melton_owner.csv")
    target = {"programme": seed.programme.pk, "organisation": "E07000133"}
    _, err, code = _command("import-gains", path, **target)
    assert code == 1
    assert "Column J 'Owner??' is not used" in err
    assert not Gain.objects.exists()

    out, _, code = _command("import-gains", path, "--ignore-column", "J", **target)
    assert code == 0
    assert "Imported: 3 new, 0 changed, 0 unchanged gains." in out
    assert Gain.objects.get(description="Shared revenues and benefits service").category

    events = AuditEvent.objects.count()
    again, _, code = _command("import-gains", path, "--ignore-column", "Owner??", **target)
    assert "Imported: 0 new, 0 changed, 3 unchanged gains." in again
    assert "nothing changed" in again.lower()
    assert (Gain.objects.count(), AuditEvent.objects.count()) == (3, events)


def test_the_command_starts_from_remembered_choices(personas, seed):
    column_choices_remember(
        acting_user=personas.partnership_manager,
        owner=personas.partnership,
        kind="efficiency-returns",
        choices=ColumnChoices(frozenset({"Lead officer"})),
        name="review",
    )
    path = str(FIXTURES / "returns_review_officer.csv")

    with pytest.raises(CommandError, match="There are no column choices called 'other'"):
        _command("import-returns", path, programme=seed.programme.pk, mapping="other")

    out, _, code = _command("import-returns", path, programme=seed.programme.pk, mapping="review")
    assert (code, EfficiencyReturn.objects.count()) == (0, 7)
    assert "Imported: 7 new" in out


def test_it_reads_amounts_in_thousands_when_the_heading_says_so(seed):
    content = (
        b"Description,First year,Gross value \xa3k,Investment (\xa3000),Ongoing \xa3\n"
        b"Shared revenues and benefits service,2009/10,150,20,1.5\n"
    )

    result = gains_import(
        acting_user=None,
        programme=seed.programme,
        organisation=seed.bodies["Melton Borough Council"],
        content=content,
        filename="gains.csv",
    )

    assert result.errors == []
    gain = Gain.objects.get()
    assert (gain.gross_annual_value, gain.investment_cost, gain.ongoing_cost) == (
        150000,
        20000,
        Decimal("1.50"),
    )
