"""Every form in the project, rendered through the one GOV.UK renderer.

Finds each Form class in the modules named `forms` or `forms_*` under vfmhub, builds it against the
demo data (giving the keyword arguments forms commonly take), and checks what every form must do:
no select shows Django's "---------" empty choice, and every link in the error summary points at an
element that exists in the rendered form.
"""

import datetime
import importlib
import inspect
import pkgutil
import re
import types
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.template import engines

import vfmhub
from vfmhub.core.forms import DJANGO_EMPTY_LABEL
from vfmhub.demo.generator import generate
from vfmhub.frameworks.loader import load_frameworks

pytestmark = pytest.mark.django_db

# Keyword arguments by name: a queryset of this model, however the form uses it.
QUERYSETS = {
    "versions": "frameworks.FrameworkVersion",
    "criteria": "frameworks.Criterion",
    "finding_types": "frameworks.FindingType",
    "partnerships": "organisations.Partnership",
    "members": "organisations.Organisation",
    "organisations": "organisations.Organisation",
    "rounds": "plans.UpdateRound",
    "ratings": "plans.ReviewRating",
    "plans": "plans.Plan",
    "actions": "plans.Action",
    "projects": "programme.Project",
    "gains": "efficiency.Gain",
}
# Keyword arguments by name: one stored object of this model.
OBJECTS = {
    "programme": "efficiency.EfficiencyProgramme",
    "gain": "efficiency.Gain",
    "score": "assessments.Score",
    "version": "frameworks.FrameworkVersion",
    "matrix": "programme.RiskMatrix",
    "partnership": "organisations.Partnership",
}


def _plain_values() -> dict:
    return {
        "labels": {1: "Inadequate", 2: "Adequate", 3: "Good", 4: "Excellent"},
        "comments": {},
        "current": [],
        "levels": {},
        "latest_years": {},
        "kinds": ["self"],
        "noun": "KLOE",
        "year": 2009,
        "today": datetime.date(2010, 1, 15),
        "query": {},
    }


def _value(name: str):
    if name in QUERYSETS:
        return apps.get_model(QUERYSETS[name]).objects.all()
    if name in OBJECTS:
        return apps.get_model(OBJECTS[name]).objects.order_by("pk").first()
    if name == "items":
        return list(apps.get_model("plans.PlanItem").objects.order_by("pk")[:3])
    if name == "provisional":
        return list(apps.get_model("assessments.Score").objects.order_by("pk")[:3])
    if name in _plain_values():
        return _plain_values()[name]
    raise LookupError(name)


def form_modules() -> list[types.ModuleType]:
    found = []
    for info in pkgutil.walk_packages(vfmhub.__path__, prefix="vfmhub."):
        parts = info.name.split(".")
        if "forms" in parts or parts[-1].startswith("forms_"):  # a module, or a package's parts
            found.append(importlib.import_module(info.name))
    return found


def form_classes() -> list[Any]:
    classes = []
    for module in form_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                classes.append(cls)
    return classes


def _required_kwargs(form_cls) -> dict:
    kwargs = {}
    for name, param in inspect.signature(form_cls.__init__).parameters.items():
        if name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if param.default is param.empty:
            kwargs[name] = _value(name)
    return kwargs


def build(form_cls, *, bound: bool):
    """The form, unbound or bound to empty data; None when it cannot be built here."""
    try:
        kwargs = _required_kwargs(form_cls)
    except LookupError:
        return None
    if bound and "query" not in kwargs:
        kwargs["data"] = {}
    try:
        return form_cls(**kwargs)
    except Exception:  # arguments this generic set cannot stand in for (annotated querysets)
        return None


@pytest.fixture
def demo_data():
    load_frameworks()
    generate(scale="demo")


def test_it_finds_the_forms_of_every_module():
    modules = {m.__name__.split(".")[1] for m in form_modules()}
    assert {"accounts", "organisations", "frameworks", "plans", "assessments"} <= modules
    assert len(form_classes()) >= 40


def test_no_form_shows_the_dashed_empty_choice(demo_data):
    built, shown = [], []
    for form_cls in form_classes():
        form = build(form_cls, bound=False)
        if form is None:
            continue
        built.append(form_cls.__name__)
        html = str(form) + "".join(str(form[name]) for name in form.fields)
        if DJANGO_EMPTY_LABEL in html:
            shown.append(form_cls.__name__)
    assert shown == []
    missed = sorted({c.__name__ for c in form_classes()} - set(built))
    assert len(built) >= 0.9 * len(form_classes()), f"too few forms could be built: {missed}"


def test_every_error_summary_link_points_at_an_element_of_the_form(demo_data):
    template = engines["django"].from_string('{% include "core/includes/error_summary.html" %}')
    checked, broken = 0, []
    for form_cls in form_classes():
        form = build(form_cls, bound=True)
        if form is None or not form.is_bound or form.is_valid():
            continue
        summary = template.render({"form": form})
        ids = set(re.findall(r'\bid="([^"]+)"', str(form)))
        targets = re.findall(r'<a href="#([^"]*)">', summary)
        assert targets, f"{form_cls.__name__} has errors but no summary links"
        broken += [(form_cls.__name__, t) for t in targets if t not in ids]
        checked += 1
    assert broken == []
    assert checked >= 20
