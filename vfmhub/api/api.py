"""Assembles each app's router into /api/v1/ with one error shape."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from vfmhub.api.auth import api_auth


class SiteSwagger(Swagger):
    """Swagger UI inside the site's own page: its header, navigation and a way back."""

    template = "core/api_docs.html"


api = NinjaAPI(
    title="VFM Hub API",
    version="1",
    description=(
        "Read and write VFM Hub data with the same rules and permissions as the pages. "
        "Authenticate with a personal API token (`Authorization: Bearer <token>`, created on the "
        "API tokens page) or a signed-in browser session. Errors always have the shape "
        '`{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`. Lists are paginated '
        "with `limit` and `offset` and return `count` and `items`."
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


def _add_routers() -> None:
    from vfmhub.accounts.api import router as accounts_router
    from vfmhub.assessments.api import router as assessments_router
    from vfmhub.efficiency.api import router as efficiency_router
    from vfmhub.frameworks.api import router as frameworks_router
    from vfmhub.organisations.api import router as organisations_router
    from vfmhub.plans.api import router as plans_router
    from vfmhub.programme.api import router as programme_router

    api.add_router("", accounts_router)
    api.add_router("", organisations_router)
    api.add_router("/frameworks", frameworks_router)
    api.add_router("/assessments", assessments_router)
    api.add_router("/plans", plans_router)
    api.add_router("/efficiency", efficiency_router)
    api.add_router("/programme", programme_router)


_add_routers()


def api_path_not_found(request, rest: str = ""):
    """Unknown paths under /api/ answer in the API's error shape, not with an HTML page."""
    return JsonResponse({"detail": "Not found.", "errors": []}, status=404)
