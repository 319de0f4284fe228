"""Who a signed-in person is across the whole site, before any organisation comes into it, and
what is theirs alone (their API tokens)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from vfmhub.accounts.models import ApiToken, User

NOT_FOUND = "Not found."


def is_site_staff(user: User | AnonymousUser) -> bool:
    """Site staff (a superuser) read and manage everything; an anonymous visitor never is."""
    return bool(user.is_authenticated and user.is_superuser)


def token_of_user(user: User, pk: int) -> ApiToken:
    """One of the user's own API tokens: anyone else's is "not found"."""
    token = ApiToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        raise Http404(NOT_FOUND)
    return token


def tokens_of_user(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
