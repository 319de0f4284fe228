import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from vfmhub.audit.models import AuditEvent
from vfmhub.frameworks import rollup
from vfmhub.frameworks.loader import DEFINITIONS_DIRECTORY, FrameworkLoadError, load_frameworks
from vfmhub.frameworks.models import (
    Applicability,
    Criterion,
    FindingType,
    Framework,
    FrameworkVersion,
    RollupRule,
    ScaleLabel,
    Theme,
    VersionStatus,
)
from vfmhub.organisations.models import BodyType

pytestmark = pytest.mark.django_db

DRAFT = """
framework:
  code: test-framework
  name: Test framework
  publisher: Tests
  source: {text: Written for the tests.}
versions:
  - code: v1
    name: Test v1
    status: draft
    first_year: 2024
    source: {text: Written for the tests.}
    scale:
      name: Levels
      kind: scored
      levels: [{value: 1, code: low}, {value: 2, code: high}]
      label_sets: [{code: plain, name: Plain, labels: {1: Low, 2: High}}]
    themes:
      - code: A
        title: Theme A
        criteria:
          - code: A1
            title: TITLE
            focus_areas: [One, Two]
            level_descriptors: {2: Does it well}
    rollup:
      overall: {method: capped_minimum, cap_above_minimum: 1}
"""


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Framework, FrameworkVersion, Theme, Criterion, Applicability, AuditEvent)
    }


def test_it_loads_the_shipped_frameworks(loaded):
    assert loaded.frameworks_created == 4
    assert loaded.versions_created == 6
    assert set(Framework.objects.values_list("code", flat=True)) == {
        "use-of-resources",
        "use-of-resources-2005",
        "nao-value-for-money",
        "best-value",
    }
    assert not FrameworkVersion.objects.exclude(status=VersionStatus.PUBLISHED).exists()
    assert not FrameworkVersion.objects.filter(source_text="").exists()


def test_it_loads_uor_2008_09_with_ten_kloes_in_three_themes(uor_2008):
    themes = list(uor_2008.themes.order_by("order").values_list("title", flat=True))
    assert themes == ["Managing finances", "Governing the business", "Managing resources"]
    codes = list(uor_2008.criteria.order_by("theme__order", "order").values_list("code", flat=True))
    assert codes == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"]
    assert uor_2008.criterion_noun_plural == "KLOEs"
    kloe = uor_2008.criteria.get(code="3.1")
    assert kloe.question == "Is the organisation making effective use of natural resources?"
    assert list(uor_2008.criteria.get(code="2.2").focus_areas.values_list("text", flat=True)) == [
        "Data quality",
        "Use of information",
    ]


def test_it_loads_both_uor_label_sets(uor_2008):
    labels = dict(
        ScaleLabel.objects.filter(label_set__scale__version=uor_2008).values_list(
            "label", "level__value"
        )
    )
    assert labels["Below minimum requirements – inadequate performance"] == 1
    assert labels["Well above minimum requirements – performing strongly"] == 4
    assert labels["Performs poorly"] == 1
    assert labels["Performs excellently"] == 4
    assert uor_2008.scale.label_sets.get(is_default=True).name == "Audit Commission"


def test_it_writes_a_default_applicability_row_for_every_criterion_and_body_type(uor_2008):
    rows = Applicability.objects.filter(criterion__version=uor_2008, partnership=None)
    assert rows.count() == 10 * len(BodyType.values)
    excluded = set(rows.filter(applies=False).values_list("body_type", "criterion__code"))
    assert excluded == {
        (body_type, code)
        for body_type in ("district", "fire", "police", "pct")
        for code in ("3.2", "3.3")
    }


def test_it_loads_the_2005_08_rule_table(uor_2005):
    assert uor_2005.themes.count() == 5
    rule = RollupRule.objects.prefetch_related("rows").get(version=uor_2005, scope="overall")
    spec = rule.as_spec()
    assert spec.method == rollup.RULE_TABLE
    assert [row.result for row in spec.rows] == [4, 3, 2, 1]
    assert rollup.roll_up([4, 4, 3, 3, 3], spec).value == 4
    assert rollup.roll_up([4, 4, 4, 4, 2], spec).value == 3
    assert rollup.roll_up([3, 3, 2, 2, 2], spec).value == 2
    assert rollup.roll_up([4, 4, 1, 1, 1], spec).value == 1


def test_it_loads_nao_and_best_value(loaded):
    nao = FrameworkVersion.objects.get(framework__code="nao-value-for-money", code="2024")
    assert nao.criteria.count() == 3
    assert nao.scale.kind == "ordered"
    assert not nao.rollup_rules.exists()
    assert set(FindingType.objects.filter(version=nao).values_list("code", flat=True)) == {
        "significant-weakness",
        "statutory-recommendation",
        "key-recommendation",
        "improvement-recommendation",
    }
    best_value = FrameworkVersion.objects.get(framework__code="best-value")
    assert best_value.themes.count() == 7
    colours = list(best_value.scale.levels.order_by("value").values_list("code", flat=True))
    assert colours == ["amber", "yellow", "light-green", "dark-green"]
    assert not best_value.criteria.filter(
        applicability__body_type="pct", applicability__applies=True
    ).exists()


def test_it_changes_nothing_the_second_time(loaded):
    before = _counts()
    hashes = dict(FrameworkVersion.objects.values_list("pk", "content_hash"))
    report = load_frameworks()
    assert not report.changed
    assert report.versions_unchanged == 6
    assert "Nothing changed" in report.summary()
    assert _counts() == before
    assert dict(FrameworkVersion.objects.values_list("pk", "content_hash")) == hashes


def test_it_records_each_loaded_version(loaded):
    events = AuditEvent.objects.filter(action="frameworks.version_load")
    assert events.count() == 6
    assert [e.actor_label for e in events] == ["system"] * 6


def test_it_marks_published_versions_in_use(uor_2008):
    assert uor_2008.is_in_use()
    uor_2008.status = VersionStatus.DRAFT
    assert not uor_2008.is_in_use()


def _copy_definitions(tmp_path):
    for path in DEFINITIONS_DIRECTORY.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_it_refuses_to_change_a_published_version(loaded, tmp_path):
    directory = _copy_definitions(tmp_path)
    path = directory / "use-of-resources-2005.yaml"
    path.write_text(path.read_text().replace("title: Internal control", "title: Controls"))
    (directory / "test.yaml").write_text(DRAFT)
    before = _counts()
    with pytest.raises(FrameworkLoadError) as caught:
        load_frameworks(directory)
    message = str(caught.value)
    assert "Use of Resources 2005–08 is in use (published)" in message
    assert "never changed in place" in message
    assert "add a new version" in message
    assert _counts() == before  # nothing written, not even the new framework
    stored = Criterion.objects.get(version__code="2005-08", code="4")
    assert stored.title == "Internal control"


def test_it_adds_a_new_version_beside_a_published_one(loaded, tmp_path):
    directory = _copy_definitions(tmp_path)
    path = directory / "nao-value-for-money.yaml"
    text = path.read_text()
    extra = text[text.index('  - code: "2024"') :].replace('"2024"', '"2024-r2"', 1)
    path.write_text(text + extra.replace("status: published", "status: draft"))
    report = load_frameworks(directory)
    assert report.versions_created == 1
    assert report.versions_unchanged == 6
    assert FrameworkVersion.objects.get(code="2024-r2").status == VersionStatus.DRAFT


def test_it_rebuilds_a_draft_in_place(db, tmp_path):
    (tmp_path / "test.yaml").write_text(DRAFT.replace("TITLE", "First"))
    assert load_frameworks(tmp_path).versions_created == 1
    (tmp_path / "test.yaml").write_text(DRAFT.replace("TITLE", "Second"))
    report = load_frameworks(tmp_path)
    assert report.versions_replaced == 1
    criterion = Criterion.objects.get(code="A1")
    assert criterion.title == "Second"
    assert list(criterion.focus_areas.values_list("text", flat=True)) == ["One", "Two"]
    assert criterion.level_descriptors.get().text == "Does it well"
    assert Criterion.objects.count() == 1
    assert RollupRule.objects.get().cap_above_minimum == 1


def test_it_changes_nothing_on_a_dry_run(db):
    report = load_frameworks(dry_run=True)
    assert report.versions_created == 6
    assert "would be created" in report.summary()
    assert not Framework.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("first_year: 2024", "first_year: 2024\n    colour: red"), "unknown key 'colour'"),
        (("{2: Does it well}", "{5: Does it well}"), "level 5, which is not on the scale"),
        (("{1: Low, 2: High}", "{1: Low}"), "one label for each level value [1, 2]"),
        (("cap_above_minimum: 1", "cap_above_minimum: -1"), "whole number of at least 0"),
        (("capped_minimum, cap_above_minimum: 1", "manual"), "a manual rule needs one"),
        (("status: draft", "status: final"), "must be one of draft, published"),
        (("code: high}", "code: high, colour: green}"), "a colour such as #00703c"),
        (("code: test-framework", "code: test framework"), "letters, numbers, hyphens"),
        (
            ("- code: A1\n", "- code: A1\n            title: Twin\n          - code: A1\n"),
            "criterion code 'A1' appears twice",
        ),
    ],
)
def test_it_explains_what_is_wrong_with_a_definition(db, tmp_path, change, message):
    (tmp_path / "test.yaml").write_text(DRAFT.replace(*change))
    with pytest.raises(FrameworkLoadError, match=r"test\.yaml") as caught:
        load_frameworks(tmp_path)
    assert message in str(caught.value)
    assert not Framework.objects.exists()


def test_it_rejects_applicability_for_an_unknown_criterion(db, tmp_path):
    text = DRAFT.replace(
        "    rollup:", "    applicability: {not_applicable: {district: [Z9]}}\n    rollup:"
    )
    (tmp_path / "test.yaml").write_text(text)
    with pytest.raises(FrameworkLoadError, match="unknown criterion 'Z9'"):
        load_frameworks(tmp_path)


def test_it_runs_as_a_command_and_prints_a_summary(db):
    out = StringIO()
    call_command("load-frameworks", stdout=out)
    assert "Use of Resources (CAA) – Use of Resources 2008/09: created." in out.getvalue()
    assert "6 version(s) created" in out.getvalue()
    out = StringIO()
    call_command("load-frameworks", stdout=out)
    assert "Nothing changed" in out.getvalue()


def test_it_reports_a_refusal_as_a_command_error(loaded, tmp_path):
    directory = _copy_definitions(tmp_path)
    path = directory / "best-value.yaml"
    path.write_text(path.read_text().replace("Meets its statutory duties", "Meets duties"))
    with pytest.raises(CommandError, match="never changed in place"):
        call_command("load-frameworks", directory=directory, stdout=StringIO())
