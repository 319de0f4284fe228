"""Every schema of the API has a name of its own.

The OpenAPI document keys schemas by class name, so two apps' `LineOut` would share one entry
and the responses of one would be checked against the other's fields.
"""

from collections import defaultdict

from ninja import Schema

from vfmhub.api.api import api


def _subclasses(cls: type) -> list[type]:
    found: list[type] = []
    subclasses: list[type] = cls.__subclasses__()
    for sub in subclasses:
        found += [sub, *_subclasses(sub)]
    return found


def test_no_two_api_schemas_share_a_name() -> None:
    api.get_openapi_schema()  # imports every router, so every schema is defined
    modules = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("vfmhub."):
            modules[schema.__name__].add(schema.__module__)
    shared = {name: sorted(where) for name, where in modules.items() if len(where) > 1}
    assert shared == {}
