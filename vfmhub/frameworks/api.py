"""Framework reference data over the API, mounted at /api/v1/frameworks. Read-only: any signed-in
user may read; a partnership's applicability needs access to that partnership."""

from ninja import Router
from ninja.pagination import paginate

from vfmhub.core.api.pagination import Pagination
from vfmhub.frameworks import selectors
from vfmhub.frameworks.access import framework_for_user, version_for_user
from vfmhub.frameworks.models import FrameworkVersion
from vfmhub.frameworks.schemas import (
    VERSION_SUMMARY_FIELDS,
    ApplicabilityOut,
    CriterionOut,
    FrameworkDetailOut,
    FrameworkOut,
    VersionDetailOut,
)
from vfmhub.organisations.access import partnership_for_user
from vfmhub.organisations.models import BodyType

router = Router(tags=["frameworks"])


def _scale_out(version: FrameworkVersion) -> dict | None:
    table = selectors.scale_table(version)
    if table.scale is None:
        return None
    levels = [level for level, _ in table.rows]
    return {
        "name": table.scale.name,
        "kind": table.scale.kind,
        "levels": [{"value": lv.value, "code": lv.code, "colour": lv.colour} for lv in levels],
        "label_sets": [
            {
                "code": s.code,
                "name": s.name,
                "is_default": s.is_default,
                "labels": {level.code: labels[i] for level, labels in table.rows},
            }
            for i, s in enumerate(table.label_sets)
        ],
    }


def _rules_out(version: FrameworkVersion) -> list[dict]:
    return [
        {
            "scope": item.rule.scope,
            "method": item.rule.method,
            "advisory_method": item.rule.advisory_method,
            "median_even_count": item.rule.median_even_count,
            "cap_above_minimum": item.rule.cap_above_minimum,
            "description": item.rule.description,
            "in_words": item.words,
            "rows": list(item.rule.rows.all()),
        }
        for item in selectors.version_rules(version)
    ]


@router.get("", response=list[FrameworkOut], summary="Frameworks")
@paginate(Pagination)
def list_frameworks(request):
    return selectors.frameworks_for_user(request.user)


@router.get(
    "/versions/{version_id}",
    response=VersionDetailOut,
    summary="A version: themes, criteria, scale, label sets, roll-up rules, finding types",
)
def get_version(request, version_id: int):
    version = version_for_user(request.user, version_id)
    themes = [
        {
            "code": t.code,
            "title": t.title,
            "description": t.description,
            "criteria": list(t.criteria.all()),
        }
        for t in selectors.version_themes(version)
    ]
    return {
        **{f: getattr(version, f) for f in VERSION_SUMMARY_FIELDS},
        "framework_id": version.framework_id,
        "criterion_noun": version.criterion_noun,
        "criterion_noun_plural": version.criterion_noun_plural,
        "description": version.description,
        "notes": version.notes,
        "themes": themes,
        "scale": _scale_out(version),
        "rollup_rules": _rules_out(version),
        "finding_types": list(selectors.version_finding_types(version)),
    }


@router.get(
    "/versions/{version_id}/criteria",
    response=list[CriterionOut],
    summary="A version's criteria in order, with focus areas and level descriptors",
)
@paginate(Pagination)
def list_criteria(request, version_id: int):
    version = version_for_user(request.user, version_id)
    return selectors.version_criteria(version)


@router.get(
    "/versions/{version_id}/applicability",
    response=list[ApplicabilityOut],
    summary="Which criteria apply to a body type, with a partnership's choices if given",
)
@paginate(Pagination)
def list_applicability(
    request, version_id: int, body_type: BodyType, partnership_id: int | None = None
):
    version = version_for_user(request.user, version_id)
    partnership = (
        partnership_for_user(request.user, partnership_id).partnership
        if partnership_id is not None
        else None
    )
    return [
        {
            "criterion_id": c.pk,
            "code": c.code,
            "title": c.title,
            "theme_code": c.theme.code,
            "body_type": body_type,
            "applies": c.applies,  # type: ignore[attr-defined]
            "default_applies": c.default_applies,  # type: ignore[attr-defined]
            "overridden": c.override_applies is not None,  # type: ignore[attr-defined]
        }
        for c in selectors.criteria_with_applicability(version, body_type, partnership)
    ]


@router.get("/{framework_id}", response=FrameworkDetailOut, summary="A framework and its versions")
def get_framework(request, framework_id: int):
    framework = framework_for_user(request.user, framework_id)
    return {
        **{f: getattr(framework, f) for f in FrameworkOut.model_fields},
        "versions": list(selectors.framework_versions(request.user, framework)),
    }
