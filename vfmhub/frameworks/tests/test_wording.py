"""Framework wording: what is shown cites publications, and a published version's wording can be
corrected in place by loading again, without touching anything scores were recorded against."""

import re
import shutil
from typing import Any

import pytest

from vfmhub.frameworks.loader import (
    DEFINITIONS_DIRECTORY,
    FrameworkLoadError,
    load_frameworks,
)
from vfmhub.frameworks.models import (
    Criterion,
    FindingType,
    Framework,
    FrameworkVersion,
    RollupRule,
    Scale,
    ScaleLabelSet,
    Theme,
)

SHOWN: list[tuple[type[Any], list[str]]] = [
    (Framework, ["name", "description", "source_text"]),
    (FrameworkVersion, ["name", "description", "notes", "source_text"]),
    (Theme, ["title", "description"]),
    (Criterion, ["title", "question", "notes"]),
    (Scale, ["name", "description"]),
    (ScaleLabelSet, ["name", "description"]),
    (RollupRule, ["description"]),
    (FindingType, ["name", "description"]),
]


def test_no_framework_text_shown_mentions_our_seed_documents(loaded):
    found = [
        (model.__name__, name, value)
        for model, names in SHOWN
        for row in model.objects.values(*names)
        for name, value in row.items()
        if re.search(r"\bseeds?\b", value or "", re.I)
    ]
    assert found == []
    sources = FrameworkVersion.objects.get(framework__code="use-of-resources", code="2008-09")
    assert "Improvement East, Use of Resources Improvement Programme 2009" in sources.source_text
    assert "LALAT, Efficiency 2008/9 review, 29 May 2009, Appendix A" in sources.source_text


def test_no_shown_text_in_the_definition_files_says_seed():
    for path in DEFINITIONS_DIRECTORY.glob("*.yaml"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if not line.lstrip().startswith("#"):
                assert not re.search(r"\bseeds?\b", line, re.I), f"{path.name}:{number}: {line}"


@pytest.fixture
def definitions(tmp_path):
    for path in DEFINITIONS_DIRECTORY.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _rewrite(directory, old: str, new: str) -> None:
    path = directory / "use-of-resources.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_it_corrects_a_published_versions_wording_in_place(loaded, definitions):
    version = FrameworkVersion.objects.get(framework__code="use-of-resources", code="2008-09")
    criterion_pk = Criterion.objects.get(version=version, code="1.2").pk
    _rewrite(definitions, "Results were published on 9 December 2009.", "Published 9/12/2009.")
    _rewrite(definitions, 'titles it "Service Cost', 'names it "Service Cost')

    report = load_frameworks(definitions)

    assert report.versions_replaced == 2  # both CAA versions share the criteria's notes
    assert "wording updated (notes, descriptions and sources only)" in report.summary()
    version.refresh_from_db()
    assert version.description.endswith("Published 9/12/2009.")
    criterion = Criterion.objects.get(version=version, code="1.2")
    assert criterion.pk == criterion_pk  # the same row: scores recorded against it stay put
    assert 'names it "Service Cost and Performance"' in criterion.notes
    again = load_frameworks(definitions)
    assert not again.changed  # idempotent


def test_it_still_refuses_a_change_of_substance_with_new_wording(loaded, definitions):
    _rewrite(definitions, "Results were published on 9 December 2009.", "Published 9/12/2009.")
    _rewrite(definitions, "title: Natural resources", "title: Natural assets")
    with pytest.raises(FrameworkLoadError, match="is in use"):
        load_frameworks(definitions)
    stored = FrameworkVersion.objects.get(framework__code="use-of-resources", code="2008-09")
    assert stored.description.endswith("Results were published on 9 December 2009.")
