"""The outcome of a one-button POST (remove a person, submit a return) told on the next page, as
`form_pages.save_form_page` tells a form's."""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

T = TypeVar("T")


def report_outcome(
    request: HttpRequest, act: Callable[[], T], done: str | Callable[[T], str]
) -> None:
    """Run `act`; if a service refuses it (a `ValidationError`), show why as an error message,
    else the `done` message (or `done(result)`) as a success."""
    try:
        result = act()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done(result) if callable(done) else done)
