"""Assembles each app's router into /api/v1/ with one error shape."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from vfmhub.api.auth import api_auth
from vfmhub.api.openapi import document_errors
from vfmhub.core.api.versions import needs_version
from vfmhub.core.api.writes import remember_path, run_declared_check

logger = logging.getLogger(__name__)
SERVER_ERROR = "Something went wrong on our side. It has been logged; please try again later."
OUT_OF_RANGE = "A number or a piece of text in the request is too large to be stored."


class SiteSwagger(Swagger):
    """Swagger UI inside the site's own page: its header, navigation and a way back."""

    template = "core/api_docs.html"


class VfmHubAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return document_errors(super().get_openapi_schema(**kwargs), self._update_operations())

    def _update_operations(self) -> set[str]:
        """The operation ids of the views that change an existing record (see `versions.py`)."""
        return {
            operation.operation_id or self.get_openapi_operation_id(operation)
            for bound in self._get_bound_routers()
            for path_view in bound.path_operations.values()
            for operation in path_view.operations
            if needs_version(operation.view_func)
        }


api = VfmHubAPI(
    title="VFM Hub API",
    version="1",
    description=(
        "Read and write VFM Hub data with the same rules and permissions as the pages. "
        "Authenticate with a personal API token (`Authorization: Bearer <token>`, created on the "
        "API tokens page) or a signed-in browser session. Errors always have the shape "
        '`{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`. Lists are paginated '
        "with `limit` and `offset` and return `count` and `items`. A change to a record you read "
        "names the version you read: send its `updated_at` back unchanged, in the body or in an "
        "`If-Match` header; without one the answer is 428, and 409 if someone changed it since."
    ),
    auth=api_auth,
    urls_namespace="api",
    docs=SiteSwagger(),
)


def _error(request, status: int, detail: str, errors: list | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "Not found.")


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _error(request, 403, str(exc) or "You do not have permission to do that.")


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return _error(request, 401, "Sign in or send a valid API token.")


@api.exception_handler(NinjaValidationError)
def invalid_request(request, exc):
    # Who may not write should learn that, not the shape of a valid body (see api/writes.py).
    try:
        run_declared_check(request)
    except Http404:
        return not_found(request, None)
    except PermissionDenied as denied:
        return forbidden(request, denied)
    errors = [
        {"field": _field_name(e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors
    ]
    return _error(request, 422, "The request is not valid.", errors)


def _field_name(loc) -> str:
    """`email` for ("body", "payload", "email"): the same name the services' errors use.

    ninja puts where the value came from first, and for a body the Python parameter's name next.
    """
    parts = [str(p) for p in loc]
    return ".".join(parts[2:] if parts[:1] == ["body"] else parts[1:])


@api.exception_handler(ValidationError)
def invalid_data(request, exc):
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "", "message": m} for m in exc.messages]
    return _error(request, 422, "The data is not valid.", errors)


@api.exception_handler(HttpError)
def http_error(request, exc):
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def out_of_range(request, exc):
    # An id or amount beyond what the database can hold (an integer over 2**63, text over a
    # column's length on PostgreSQL): the request is at fault, so say so rather than answer 500.
    logger.warning("API value out of range on %s %s: %s", request.method, request.path, exc)
    return _error(request, 422, OUT_OF_RANGE)


@api.exception_handler(Exception)
def server_error(request, exc):
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return _error(request, 500, SERVER_ERROR)


def _add_routers() -> None:
    from vfmhub.accounts.api import router as accounts_router
    from vfmhub.assessments.api import router as assessments_router
    from vfmhub.benchmarking.api import router as benchmarking_router
    from vfmhub.efficiency.api import router as efficiency_router
    from vfmhub.frameworks.api import router as frameworks_router
    from vfmhub.organisations.api import router as organisations_router
    from vfmhub.performance.api import router as performance_router
    from vfmhub.plans.api import router as plans_router
    from vfmhub.programme.api import router as programme_router

    api.add_router("", accounts_router)
    api.add_router("", organisations_router)
    api.add_router("/frameworks", frameworks_router)
    api.add_router("/assessments", assessments_router)
    api.add_router("/plans", plans_router)
    api.add_router("/efficiency", efficiency_router)
    api.add_router("/programme", programme_router)
    api.add_router("/performance", performance_router)
    api.add_router("", benchmarking_router)


def _method_not_allowed(path_view):
    allowed = sorted({method for op in path_view.operations for method in op.methods})

    def not_allowed():
        response = JsonResponse({"detail": "Method not allowed.", "errors": []}, status=405)
        response["Allow"] = ", ".join(allowed)
        return response

    return not_allowed


def _finish_operations() -> None:
    """Every mounted path answers 405 in the error shape, and writes remember their checks."""
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            path_view._not_allowed = _method_not_allowed(path_view)  # type: ignore[method-assign]
            for operation in path_view.operations:
                remember_path(operation)


_add_routers()
_finish_operations()


@csrf_exempt
def api_path_not_found(request, rest: str = ""):
    """Unknown paths under /api/ answer in the API's error shape, not with an HTML page."""
    return JsonResponse({"detail": "Not found.", "errors": []}, status=404)
