"""The OpenAPI document's error responses: one `ErrorOut` shape, listed on every operation.

Added to the generated document rather than to each endpoint's `response=` so that no endpoint can
forget them and the views keep returning their bodies without a `Status` for the 200 case. Update
operations (see `versions.py`) also list 428 and the `If-Match` header that can carry the version.
"""

from collections.abc import Collection

from ninja import Schema

from vfmhub.core.api.versions import VERSION_HEADER

REF = "#/components/schemas/{model}"
UNSAFE = ("post", "put", "patch", "delete")
ERRORS = {
    400: "The body is not valid JSON.",
    401: "Sign in or send a valid API token.",
    403: "Your role does not allow this.",
    404: "Not found, or not visible to you.",
    409: "Someone changed the data first, or the rules refuse the change as things stand.",
    422: "The request is not valid: `errors` names each field.",
    500: "Something went wrong on the server.",
}
WRITE_ONLY = (400, 409)
# gunicorn refuses a request line (method, path and query) over `limit_request_line` bytes before
# Django sees it, with a short HTML page (vfmhub/gunicorn_conf.py).
REQUEST_LINE_TOO_LONG = {
    "description": "The path and query are too long (over 8,190 bytes): the web server refuses "
    "the request before the API reads it, with a short HTML page.",
    "content": {"text/html": {"schema": {"type": "string"}}},
}
VERSION_REQUIRED = (
    428,
    "No version sent: send the `updated_at` you read, in the body or an `If-Match` header.",
)
VERSION_PARAMETER = {
    "in": "header",
    "name": VERSION_HEADER,
    "required": False,
    "description": "The `updated_at` you read (instead of `updated_at` in the body).",
    "schema": {"type": "string"},
}


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


def _error_response(description: str) -> dict:
    ref = REF.format(model="ErrorOut")
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def document_errors(schema: dict, versioned: Collection[str] = ()) -> dict:
    """Add `ErrorOut` to the components and the error responses to every operation, and 428 and
    `If-Match` to the operations whose `operationId` is in `versioned`."""
    definition = ErrorOut.model_json_schema(ref_template=REF)
    components = schema["components"].setdefault("schemas", {})
    components.update(definition.pop("$defs", {}))
    components["ErrorOut"] = definition
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            for status, description in ERRORS.items():
                if status in WRITE_ONLY and method not in UNSAFE:
                    continue
                operation["responses"].setdefault(status, _error_response(description))
            operation["responses"].setdefault(414, dict(REQUEST_LINE_TOO_LONG))
            if operation.get("operationId") in versioned:
                _document_version(operation)
    return schema


def _document_version(operation: dict) -> None:
    status, description = VERSION_REQUIRED
    operation["responses"].setdefault(status, _error_response(description))
    operation.setdefault("parameters", []).append(dict(VERSION_PARAMETER))
