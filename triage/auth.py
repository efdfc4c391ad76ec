"""Accounts: how an owner is loaded and logged in, and the one login lock-out (django-axes)
that password logins and second-factor codes share."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from allauth.core import context
from allauth.mfa import signals as mfa_signals
from allauth.mfa.base.forms import AuthenticateForm
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from triage import sessions
from triage.client_ip import client_ip


class OwnerBackend(AuthenticationBackend):
    """allauth's backend (username or email). The owner comes with their settings: every
    page needs both. On a request the session has already loaded them (triage.sessions)."""

    def get_user(self, user_id):
        user = sessions.loaded_owner(user_id)
        if user is None:
            users = get_user_model()._default_manager.select_related("owner_settings")
            user = users.filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's own limits (reset mails, sign-ups) see the client behind the trusted
        # proxy, as the login lock-out does.
        return client_ip(request)

    def add_message(self, request, level, message_template=None, *args, **kwargs) -> None:
        # "Successfully signed in" says what the page behind it shows, and after a sign-up
        # "Confirmation email sent" says what the banner asking to verify says beside it:
        # a new owner met three boxes before the welcome form on a phone.
        if message_template == "account/messages/logged_in.txt":
            return
        signing_up = request.resolver_match and request.resolver_match.url_name == "account_signup"
        if signing_up and message_template == "account/messages/email_confirmation_sent.txt":
            return
        super().add_message(request, level, message_template, *args, **kwargs)


def login_name(request: HttpRequest, credentials: dict | None) -> str:
    """The account a login attempt is for, as django-axes counts failures: the username
    whether the owner typed it or their email, so both count against one account."""
    credentials = credentials or {}
    typed = (
        credentials.get("username")
        or credentials.get("email")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    typed = str(typed).strip().lower()
    if "@" not in typed:
        return typed
    owner = get_user_model()._default_manager.filter(email__iexact=typed).only("username").first()
    return owner.username.lower() if owner else typed


def locked_out(request: HttpRequest, owner) -> bool:
    """Whether the login lock-out holds the owner's account at this address. When it does,
    AxesMiddleware answers the request with the lock-out page."""
    credentials = {"username": owner.username}
    if AxesProxyHandler.is_allowed(request, credentials):
        return False
    request.axes_locked_out, request.axes_credentials = True, credentials
    return True


def count_failure(request: HttpRequest, owner, sender) -> None:
    """A wrong password or code asked of a known owner counts as a failed login."""
    user_login_failed.send(sender=sender, credentials={"username": owner.username}, request=request)


class CodeAuthenticateForm(AuthenticateForm):
    """The second step of a login: refused while the account is locked out, and every
    wrong code counts as a failed login (see `_wrong_code`)."""

    def clean_code(self) -> str:
        if locked_out(context.request, self.user):
            raise forms.ValidationError("Too many failed attempts. Try again later.")
        return super().clean_code()


@receiver(mfa_signals.authentication_failed)
def _wrong_code(sender, request, user, **kwargs):
    count_failure(request, user, sender=CodeAuthenticateForm)
