"""The assessment steps when no framework is loaded: a note, and nothing else."""

import pytest

from vfmhub.assessments.demo.steps import NO_FRAMEWORKS
from vfmhub.assessments.models import Assessment, ScoreTarget
from vfmhub.demo.generator import generate


@pytest.mark.django_db
def test_it_skips_assessments_when_no_framework_is_loaded(capsys):
    generate(scale="demo")

    assert NO_FRAMEWORKS in capsys.readouterr().out
    assert not Assessment.objects.exists()
    assert not ScoreTarget.objects.exists()
