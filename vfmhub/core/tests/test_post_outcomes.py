from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from vfmhub.core.list_pages import filters_query
from vfmhub.core.post_outcomes import report_outcome


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _told(request) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(request)]


def test_it_tells_the_done_message_once_the_act_succeeds():
    request = _request()
    report_outcome(request, lambda: 3, "Saved.")
    assert _told(request) == [("success", "Saved.")]


def test_it_builds_the_done_message_from_what_the_act_returned():
    request = _request()
    report_outcome(request, lambda: 3, lambda version: f"Version {version} submitted.")
    assert _told(request) == [("success", "Version 3 submitted.")]


def test_it_tells_a_refusal_as_an_error_and_no_success():
    def refused():
        raise ValidationError(["Not yet.", "Ask a manager."])

    request = _request()
    report_outcome(request, refused, "Saved.")
    assert _told(request) == [("error", "Not yet. Ask a manager.")]


def test_it_keeps_a_list_pages_filters_without_its_export():
    request = RequestFactory().get("/", {"stage": "idea", "export": "csv", "rag": "R"})
    assert filters_query(request) == "stage=idea&rag=R"
