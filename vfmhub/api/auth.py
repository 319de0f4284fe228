"""API authentication: the browser's session (with CSRF on writes) or a personal bearer token."""

from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from vfmhub.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionWithCsrf(SessionAuth):
    """A signed-in browser session; unsafe methods must carry the CSRF token as pages do."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            check = CsrfViewMiddleware(lambda r: HttpResponse())
            reason = check.process_view(request, lambda r: HttpResponse(), (), {})
            if reason is not None:
                return None
        return user


api_auth = [TokenAuth(), SessionWithCsrf()]
