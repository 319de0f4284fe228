"""The columns an allocation workbook is read by: the allocation's lines, and the funding streams
a second sheet may hold. Headings are matched by `lib.headings` (case, spaces, years and money
units do not count, a one-letter typo is forgiven), so "Approved Programme 2009/2010 £k" is the
amount and "Indicative Financial Allocation Year Two" the line's name."""

from vfmhub.lib.headings import Expected
from vfmhub.programme.models import FundingStreamKind, FundingStreamStatus

ALLOCATION = Expected(
    headings={
        "name": (
            "Item",
            "Name",
            "Allocation",
            "Outcome",
            "Description",
            "Programme",
            "Heading",
            "Line",
            "Indicative financial allocation",
            "Indicative financial allocation year two",
            "Financial allocation",
        ),
        "amount": (
            "£k",
            "Amount",
            "Amount £k",
            "£000",
            "k",
            "Approved programme £k",
            "Approved programme",
            "Total",
            "Allocated",
            "Budget",
        ),
        "level": ("Level", "Depth"),
        "ring_fence": ("Ring-fenced stream", "Ring fence", "Ring-fenced", "Ring-fenced funding"),
    },
    labels={
        "name": "the line's name",
        "amount": "the amount in £k",
        "level": "the level (1 outcome, 2 workstream, 3 programme)",
        "ring_fence": "the ring-fenced funding stream of the line",
    },
    hints={"ring_fence": ("funder", "funded", "stream"), "amount": ("£", "cost")},
)
ALLOCATION_REQUIRED = ("name", "amount")

FUNDING = Expected(
    headings={
        "name": ("Funding stream", "Stream", "Funding source", "Source of funding", "Funding"),
        "amount": ("Amount", "£", "£k", "£m", "Value", "Funding amount"),
        "kind": ("Type", "Kind", "Type of funding"),
        "funder": ("Funder", "From", "Funded by"),
        "purpose": ("Purpose", "For", "Ring-fenced for"),
        "status": ("Status", "Received or expected"),
        "description": ("Description", "Notes", "Note"),
    },
    labels={
        "name": "the funding stream's name",
        "amount": "the stream's amount",
        "kind": "the type of funding",
        "funder": "the funder",
        "purpose": "what the funding is for",
        "status": "whether it is received or expected",
        "description": "a note on the stream",
    },
    hints={"status": ("received", "expected"), "funder": ("from",)},
)
FUNDING_REQUIRED = ("name", "amount")

# The words a file may use for each kind and status (matched as headings are).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    FundingStreamKind.GRANT: ("grant", "funding", "year funding"),
    FundingStreamKind.CARRY_FORWARD: ("carry forward", "carried forward"),
    FundingStreamKind.UNCOMMITTED: ("uncommitted from last year", "uncommitted"),
    FundingStreamKind.CAPITAL: ("capital fund", "capital"),
    FundingStreamKind.RING_FENCED: ("ring-fenced", "ring fenced", "ringfenced"),
}
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    FundingStreamStatus.RECEIVED: ("received", "already received", "yes"),
    FundingStreamStatus.EXPECTED: ("expected", "not yet received", "no"),
}
