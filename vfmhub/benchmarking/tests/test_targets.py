"""Targets from benchmarks: a rule worked by hand, its target written through the performance
app's service, recomputed when (and only when) the figures change, the pages' permissions,
query counts and hostile input."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from vfmhub.audit.models import AuditEvent
from vfmhub.benchmarking.models import BenchmarkTargetRule, Statistic
from vfmhub.benchmarking.selectors.targets import NO_BEST_QUARTILE, NOT_AN_INDICATOR, TOO_FEW
from vfmhub.benchmarking.services.targets import (
    benchmark_target_rule_remove,
    benchmark_target_set,
    benchmark_targets_recompute,
)
from vfmhub.benchmarking.tests.pages_data import ASHBY, make_reference
from vfmhub.organisations.access import organisation_for_user
from vfmhub.performance.models import Indicator, IndicatorValue, Target, TargetSource
from vfmhub.testing import assert_access, client_for

pytestmark = pytest.mark.django_db

DATA_YEAR, TARGET_YEAR = 2017, 2025
# The other districts of Ashby's class (pages_data): the "class" group, Ashby not in it.
OTHERS = {
    "E07000911": 12,
    "E07000912": 20,
    "E07000913": 31,
    "E07000914": 47,
    "E07000915": 50,
}
SLICE = Path(__file__).parent / "fixtures" / "outturn" / "rs_2017-18_slice.xlsx"


@pytest.fixture
def indicator(personas):
    make_reference()
    found = Indicator.objects.create(
        code="ASC1", title="Carer quality of life", polarity="higher", frequency="year"
    )
    # Ashby's own figure (99) is not counted: with it, the upper quartile would be 49.25.
    for code, value in {**OTHERS, ASHBY: 99}.items():
        IndicatorValue.objects.create(
            indicator=found,
            area_code=code,
            frequency="year",
            year=DATA_YEAR,
            value=value,
            status="final",
        )
    return found


def _access(personas, name="editor"):
    return organisation_for_user(personas.user(name), personas.org_a.pk)


def _set(personas, indicator, statistic=Statistic.UPPER_QUARTILE, group="class", **more):
    return benchmark_target_set(
        acting_user=personas.editor,
        access=_access(personas),
        measure_token=f"ind:{indicator.pk}",
        group_token=group,
        statistic=statistic,
        data_year=more.get("data_year", DATA_YEAR),
        target_year=more.get("target_year", TARGET_YEAR),
    )


def _target(personas, indicator):
    return Target.objects.get(indicator=indicator, organisation=personas.org_a, year=TARGET_YEAR)


def _set_value(indicator, code, value):
    IndicatorValue.objects.filter(indicator=indicator, area_code=code).update(value=value)


def test_it_sets_the_upper_quartile_of_five_values_as_worked_by_hand(personas, indicator):
    # Sorted 12 20 31 47 50: the upper quartile sits at (5 - 1) × 0.75 = 3, the fourth: 47.
    rule = _set(personas, indicator)
    target = _target(personas, indicator)
    assert target.value == Decimal(47) and rule.value == Decimal(47)
    assert rule.target == target and target.source == TargetSource.ENTERED
    assert rule.citation.startswith(
        "Upper quartile of Same class: shire districts: the 5 shire districts"
    )
    assert "2017/18 figures (5 values; Ashby's own not counted)" in rule.citation
    assert rule.citation in target.note
    assert AuditEvent.objects.filter(action="performance.target_set").count() == 1
    assert AuditEvent.objects.filter(action="benchmarking.target_rule_set").count() == 1


@pytest.mark.parametrize(
    ("polarity", "statistic", "expected", "words"),
    [
        ("higher", Statistic.BEST_QUARTILE, 47, "Best quartile (upper quartile: higher is better)"),
        ("lower", Statistic.BEST_QUARTILE, 20, "Best quartile (lower quartile: lower is better)"),
        ("lower", Statistic.MEDIAN, 31, "Median of"),
        ("higher", Statistic.LOWER_QUARTILE, 20, "Lower quartile of"),
    ],
)
def test_the_best_quartile_follows_the_polarity(
    personas, indicator, polarity, statistic, expected, words
):
    indicator.polarity = polarity
    indicator.save()
    rule = _set(personas, indicator, statistic=statistic)
    assert _target(personas, indicator).value == expected
    assert rule.citation.startswith(words)


def test_an_indicator_with_no_better_direction_has_no_best_quartile(personas, indicator):
    indicator.polarity = "neither"
    indicator.save()
    with pytest.raises(ValidationError) as caught:
        _set(personas, indicator, statistic=Statistic.BEST_QUARTILE)
    assert caught.value.message_dict["statistic"] == [NO_BEST_QUARTILE.format(code="ASC1")]
    assert not Target.objects.exists() and not BenchmarkTargetRule.objects.exists()


def test_too_few_figures_set_nothing(personas, indicator):
    with pytest.raises(ValidationError) as caught:
        _set(personas, indicator, data_year=2016)
    assert caught.value.message_dict["data_year"] == [TOO_FEW.format(n=0, year="2016/17", fewest=3)]
    assert not Target.objects.exists()


def test_setting_again_replaces_the_rule_and_changes_the_target(personas, indicator):
    _set(personas, indicator)
    rule = _set(personas, indicator, statistic=Statistic.MEDIAN)
    assert BenchmarkTargetRule.objects.count() == 1 and rule.value == 31
    assert _target(personas, indicator).value == 31
    changed = AuditEvent.objects.get(action="benchmarking.target_rule_changed")
    assert changed.changes["statistic"] == ["upper_quartile", "median"]


def test_recompute_changes_the_target_when_a_group_value_changes(personas, indicator):
    rule = _set(personas, indicator)
    _set_value(indicator, "E07000914", 60)  # sorted 12 20 31 50 60: the fourth is now 50
    counts = benchmark_targets_recompute(acting_user=None)
    assert (counts.rules, counts.changed, counts.unchanged, counts.failed) == (1, 1, 0, 0)
    assert _target(personas, indicator).value == 50
    event = AuditEvent.objects.get(action="performance.target_changed")
    assert [Decimal(v) for v in event.changes["value"]] == [47, 50]
    rule.refresh_from_db()
    assert rule.value == 50
    recomputed = AuditEvent.objects.get(action="benchmarking.target_rule_recomputed")
    assert [Decimal(v) for v in recomputed.changes["value"]] == [47, 50]


def test_recompute_leaves_an_unchanged_target_alone(personas, indicator):
    _set(personas, indicator)
    before = _target(personas, indicator).updated_at
    events = AuditEvent.objects.count()
    counts = benchmark_targets_recompute(acting_user=None, organisation=personas.org_a)
    assert (counts.rules, counts.changed, counts.unchanged) == (1, 0, 1)
    assert _target(personas, indicator).updated_at == before
    assert AuditEvent.objects.count() == events


def test_recompute_counts_a_rule_it_cannot_work_out_and_keeps_its_target(personas, indicator):
    _set(personas, indicator)
    IndicatorValue.objects.filter(area_code__in=["E07000911", "E07000912", "E07000913"]).delete()
    counts = benchmark_targets_recompute(acting_user=None)
    assert (counts.failed, counts.changed) == (1, 0)
    assert "a target needs at least 3" in counts.problems[0]
    assert _target(personas, indicator).value == 47


def test_removing_a_rule_keeps_the_target_marked_as_no_longer_kept(personas, indicator):
    rule = _set(personas, indicator)
    benchmark_target_rule_remove(acting_user=personas.editor, rule=rule)
    target = _target(personas, indicator)
    assert target.value == 47 and "no longer kept to it" in target.note
    assert not BenchmarkTargetRule.objects.exists()
    assert AuditEvent.objects.filter(action="benchmarking.target_rule_removed").count() == 1


def test_loading_outturn_recomputes_the_rules_and_says_so(personas, indicator, capsys):
    _set(personas, indicator)
    call_command("load-outturn", str(SLICE), "--dry-run")
    assert "Targets from benchmarks" not in capsys.readouterr().out
    call_command("load-outturn", str(SLICE))
    out = capsys.readouterr().out
    assert "Targets from benchmarks: 1 rule(s) recomputed, 0 target(s) changed, 1 unchanged." in out


def test_loading_reference_files_recomputes_the_rules_except_on_a_dry_run(personas, indicator):
    _set(personas, indicator)
    imd = Path(__file__).parent / "fixtures" / "reference" / "bucks_imd2019.csv"
    out = io.StringIO()
    call_command("load-reference", str(imd), "--dry-run", stdout=out, stderr=io.StringIO())
    assert "Targets from benchmarks" not in out.getvalue()
    out = io.StringIO()
    call_command("load-reference", str(imd), "--json", stdout=out, stderr=io.StringIO())
    report = json.loads(out.getvalue())
    assert report["benchmark_targets"]["rules"] == 1
    assert report["benchmark_targets"]["unchanged"] == 1


def test_computing_neighbours_recomputes_the_rules(db, tmp_path):
    from vfmhub.benchmarking.services.neighbours import neighbour_model_install
    from vfmhub.benchmarking.tests.test_neighbours_service import World, model_file

    World()
    neighbour_model_install(acting_user=None, path=model_file(tmp_path))
    out = io.StringIO()
    call_command("neighbours", "compute", "--model", "t1", stdout=out)
    assert "Targets from benchmarks: no rules to recompute." in out.getvalue()


# -- pages ------------------------------------------------------------------------------------


def _url(name, personas, *args):
    return reverse(f"benchmarking:{name}", args=[personas.org_a.pk, *args])


def _form(indicator, **more):
    return {
        "measure": f"ind:{indicator.pk}",
        "group": "class",
        "statistic": "upper_quartile",
        "data_year": DATA_YEAR,
        "target_year": TARGET_YEAR,
        **more,
    }


def test_the_compare_page_offers_to_set_a_target_for_an_indicator(personas, indicator):
    address = _url("compare", personas) + f"?measure=ind:{indicator.pk}&group=class"
    text = client_for(personas.viewer).get(address).text
    assert 'data-testid="set-target"' in text
    assert _url("target_from_benchmark", personas) in text


def test_setting_a_target_needs_edit(personas, indicator):
    address = _url("target_from_benchmark", personas)
    assert_access(
        personas,
        address,
        method="post",
        data=_form(indicator),
        hidden=["outsider"],
        forbidden=["viewer", "auditor"],
        allowed=["editor"],
        ok=(302,),
    )
    assert _target(personas, indicator).value == 47


def test_the_form_page_is_filled_in_from_the_compare_page(personas, indicator):
    query = f"?measure=ind:{indicator.pk}&group=class&year={DATA_YEAR}"
    response = client_for(personas.editor).get(_url("target_from_benchmark", personas) + query)
    assert response.status_code == 200
    assert f'value="ind:{indicator.pk}"' in response.text and 'value="2017"' in response.text


def test_a_reference_measure_is_refused_plainly(personas, indicator):
    response = client_for(personas.editor).post(
        _url("target_from_benchmark", personas), _form(indicator, measure="ref:population")
    )
    assert response.status_code == 200 and NOT_AN_INDICATOR in response.text


def test_the_form_page_shows_service_errors_beside_their_fields(personas, indicator):
    response = client_for(personas.editor).post(
        _url("target_from_benchmark", personas), _form(indicator, data_year=2016)
    )
    assert response.status_code == 200 and "a target needs at least 3" in response.text
    assert "govuk-error-message" in response.text


@pytest.mark.parametrize(
    "change",
    [
        {"measure": "ind:99999999999999999999"},
        {"measure": "ref:population"},
        {"measure": "ind:abc"},
        {"group": "list:999"},
        {"group": "partnership:x"},
        {"statistic": "best"},
        {"data_year": "99999"},
        {"target_year": "abc"},
        {"measure": "x" * 5000},
    ],
)
def test_hostile_input_is_refused_without_a_crash(personas, indicator, change):
    response = client_for(personas.editor).post(
        _url("target_from_benchmark", personas), _form(indicator, **change)
    )
    assert response.status_code in (200, 404)
    assert not Target.objects.exists()


def test_hostile_queries_on_the_form_page_do_not_crash(personas, indicator):
    address = _url("target_from_benchmark", personas) + "?measure=%00&group=&year=99999999"
    assert client_for(personas.editor).get(address).status_code == 200


def test_the_list_shows_each_rule_with_its_target_and_a_pinned_query_count(
    personas, indicator, django_assert_num_queries
):
    _set(personas, indicator)
    _set(personas, indicator, target_year=2026)
    client = client_for(personas.editor)
    # session, user, organisation with the user's access, the user's auditor years, rules with
    # targets and creators, their indicators
    with django_assert_num_queries(6):
        text = client.get(_url("targets", personas)).text
    assert text.count("data-rule=") == 2 and "2025/26" in text and "2026/27" in text
    assert "Upper quartile of Same class" in text and ">47<" in text
    assert _url("targets_recompute", personas) in text
    viewer_text = client_for(personas.viewer).get(_url("targets", personas)).text
    assert _url("targets_recompute", personas) not in viewer_text
    assert "/remove/" not in viewer_text


def test_the_list_needs_read(personas, indicator):
    assert_access(
        personas,
        _url("targets", personas),
        hidden=["outsider"],
        allowed=["viewer", "editor", "auditor"],
        ok=(200,),
    )


def test_recompute_now_needs_edit_and_reports_the_counts(personas, indicator):
    _set(personas, indicator)
    _set_value(indicator, "E07000914", 60)
    assert_access(
        personas,
        _url("targets_recompute", personas),
        method="post",
        hidden=["outsider"],
        forbidden=["viewer"],
    )
    assert _target(personas, indicator).value == 47
    response = client_for(personas.editor).post(_url("targets_recompute", personas), follow=True)
    assert "1 rule(s) recomputed, 1 target(s) changed" in response.text
    assert _target(personas, indicator).value == 50


def test_remove_needs_edit_and_another_bodys_rule_is_not_found(personas, indicator):
    rule = _set(personas, indicator)
    address = _url("target_rule_remove", personas, rule.pk)
    assert_access(personas, address, method="post", hidden=["outsider"], forbidden=["viewer"])
    other = reverse("benchmarking:target_rule_remove", args=[personas.org_b.pk, rule.pk])
    assert client_for(personas.outsider).post(other).status_code == 404
    response = client_for(personas.editor).post(address)
    assert response.status_code == 302 and not BenchmarkTargetRule.objects.exists()
    assert _target(personas, indicator).value == 47
