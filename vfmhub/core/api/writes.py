"""Permission before validation: each write endpoint declares the access check it starts with.

`@write_access(check)` stores `check(request, **path_kwargs)` on the view. The view still does its
own check first thing (so no query is repeated on the way in); when ninja refuses the request body
before the view runs, the API's 422 handler calls the stored check, so a read-only user gets 403
and an outsider 404 rather than a list of field errors that tells them the endpoint's shape.
`vfmhub/api/tests/test_permission_before_validation.py` walks every write operation to keep the
declared checks honest.
"""

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from pydantic import field_validator

AccessCheck = Callable[..., Any]
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def write_access(check: AccessCheck) -> Callable:
    """Declare the access check a write endpoint starts with (see the module docstring)."""

    def declare(view: Callable) -> Callable:
        view.write_access = check  # type: ignore[attr-defined]
        return view

    return declare


def declared_check(view: Callable) -> AccessCheck | None:
    return getattr(view, "write_access", None)


def remember_path(operation) -> None:
    """Wrap an unsafe operation's run so its 422 handler can find the check and path values."""
    check = declared_check(operation.view_func)
    if check is None or not UNSAFE_METHODS & set(operation.methods):
        return
    run = operation.run

    def run_remembering(request: HttpRequest, **path_kwargs):
        request.write_access = (check, path_kwargs)  # type: ignore[attr-defined]
        return run(request, **path_kwargs)

    operation.run = run_remembering


def run_declared_check(request: HttpRequest) -> None:
    """Raise the check's PermissionDenied or Http404, if the request's operation declared one."""
    declared = getattr(request, "write_access", None)
    if declared is not None:
        check, path_kwargs = declared
        check(request, **path_kwargs)


def body_id(request: HttpRequest, name: str) -> int | None:
    """An id from a JSON body that may not be valid (for checks whose target is in the body)."""
    try:
        value = json.loads(request.body).get(name)
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


NULL_REFUSED = "Leave this out to keep what is saved, or give a value: it cannot be null."


def refuse_null(*names: str):
    """A validator for a PATCH schema's fields that may be left out but not set to null (text
    that is cleared with "", a title that is required). Use in the class body:
    `_not_null = refuse_null("title", "description")`."""

    def refuse(cls, value):
        if value is None:
            raise ValueError(NULL_REFUSED)
        return value

    return field_validator(*names)(refuse)
