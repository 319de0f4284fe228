"""The columns of each framework list, shared by its page export (CSV/XLSX)."""

from collections.abc import Iterable, Iterator

from vfmhub.frameworks.selectors import ApplicabilityMatrix

FRAMEWORK_HEADERS = ["Framework", "Publisher", "Versions", "Latest version", "Source", "Source URL"]
VERSION_HEADERS = [
    "Version",
    "Code",
    "Status",
    "First year",
    "Last year",
    "Themes",
    "Criteria",
    "Source",
    "Source URL",
]
CRITERION_HEADERS = ["Theme", "Code", "Title", "Question", "Focus areas"]
DESCRIPTOR_HEADERS = ["Level", "Label", "Descriptor"]


def framework_rows(frameworks: Iterable) -> Iterator[list]:
    for f in frameworks:
        yield [f.name, f.publisher, f.version_count, f.latest_version, f.source_text, f.source_url]


def version_rows(versions: Iterable) -> Iterator[list]:
    for v in versions:
        yield [
            v.name,
            v.code,
            v.get_status_display(),
            v.first_year,
            v.last_year,
            v.theme_count,
            v.criterion_count,
            v.source_text,
            v.source_url,
        ]


def criterion_rows(criteria: Iterable) -> Iterator[list]:
    for c in criteria:
        focus = "; ".join(a.text for a in c.focus_areas.all())
        yield [f"{c.theme.code} {c.theme.title}", c.code, c.title, c.question, focus]


def descriptor_rows(descriptors: Iterable, labels: dict[int, str]) -> Iterator[list]:
    for d in descriptors:
        yield [d.level.code, labels.get(d.level_id, ""), d.text]


def matrix_headers(matrix: ApplicabilityMatrix) -> list[str]:
    return ["Code", "Criterion", *(label for _, label in matrix.body_types)]


def matrix_rows(matrix: ApplicabilityMatrix) -> Iterator[list]:
    for criterion, cells in matrix.rows:
        marks = [
            ("Applies" if c.applies else "Does not apply") + (" (override)" if c.overridden else "")
            for c in cells
        ]
        yield [criterion.code, criterion.title, *marks]
