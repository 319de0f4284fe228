"""The OpenAPI document's error responses: one `ErrorOut` shape, listed on every operation.

Added to the generated document rather than to each endpoint's `response=` so that no endpoint can
forget them and the views keep returning their bodies without a `Status` for the 200 case.
"""

from ninja import Schema

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


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


def _error_response(description: str) -> dict:
    ref = REF.format(model="ErrorOut")
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def document_errors(schema: dict) -> dict:
    """Add `ErrorOut` to the components and the error responses to every operation."""
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
    return schema
