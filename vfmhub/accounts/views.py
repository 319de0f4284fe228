from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from vfmhub.accounts.access import token_of_user, tokens_of_user
from vfmhub.accounts.forms import (
    ApiTokenForm,
    SignInForm,
    ThrottledAdminPasswordChangeForm,
    ThrottledPasswordChangeForm,
)
from vfmhub.accounts.services import (
    PASSWORD_EMAIL,
    PASSWORD_EMAIL_SUBJECT,
    api_token_create,
    api_token_revoke,
)

NEW_TOKEN_SESSION_KEY = "new_api_token"


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class AdminPasswordChangeView(PasswordChangeView):
    """The Django admin's "Change password" page (routed in `vfmhub/urls.py` in place of the
    admin's own), whose old password goes through `authenticate()` and so the sign-in throttle.
    The new password revokes the person's API tokens, as every new password does (`User.save`)."""

    form_class = ThrottledAdminPasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("admin:password_change_done")

    def dispatch(self, request, *args, **kwargs):
        request.current_app = admin.site.name
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = PASSWORD_EMAIL
    subject_template_name = PASSWORD_EMAIL_SUBJECT
    # Without the sites framework Django would name the site after the request's host.
    extra_email_context = {"site_name": settings.SITE_NAME}
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def account(request):
    return render(request, "accounts/account.html", {"person": request.user})


def tokens(request):
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, raw = api_token_create(acting_user=request.user, name=form.cleaned_data["name"])
        request.session[NEW_TOKEN_SESSION_KEY] = raw
        return redirect("accounts:tokens")
    context = {
        "form": form,
        "tokens": tokens_of_user(request.user),
        "new_token": request.session.pop(NEW_TOKEN_SESSION_KEY, None),
    }
    return render(request, "accounts/tokens.html", context)


@require_POST
def token_revoke(request, pk: int):
    token = token_of_user(request.user, pk)
    api_token_revoke(acting_user=request.user, token=token)
    messages.success(request, f"The token ‘{token.name}’ has been revoked. It no longer works.")
    return redirect("accounts:tokens")
