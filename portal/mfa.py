"""The second factor of the office's staff (django-allauth's `allauth.mfa`).

Everyone who can reach the Wagtail admin (the office's roles, superusers) must sign in
with a second factor when `PORTAL_STAFF_MFA_REQUIRED` is on: an authenticator app (TOTP)
or a security key or passkey (WebAuthn), with recovery codes as the fallback. Until the
session has passed one, `StaffSecondFactorMiddleware` lets such a person reach only the
pages that set one up or ask for it, and signing out; every other address (the admin,
its exports, staff-only pages of the site) sends them there.

A session has passed the second factor when allauth reported using one in it (at
sign-in, a passkey sign-in, or re-authentication) or when the person added one in it
(adding takes a code from the new authenticator). allauth's signals mark the session;
Django starts a new session at every sign-in and sign-out, so the mark never carries
over to another person.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal import access

SESSION_KEY = "portal_second_factor_user"

#: Authenticators that are a second factor; recovery codes only stand in for them.
SECOND_FACTOR_TYPES = ("totp", "webauthn")

#: Where a person who still owes the second factor may go (URL names).
OPEN_URL_NAMES = {
    "account_logout",
    "account_reauthenticate",
    "account_login",
    "mfa_index",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_add_webauthn",
    "mfa_list_webauthn",
    "mfa_reauthenticate_webauthn",
    "mfa_login_webauthn",
    "set_language",
    "health",
}

SET_UP_MESSAGE = _(
    "The change-support office's staff sign in with a second factor. Set one up to "
    "continue: an authenticator app, or a security key or passkey."
)
CONFIRM_MESSAGE = _("Confirm with your second factor to continue.")


def requires_second_factor(user) -> bool:
    """Whether the person must pass a second factor (the setting on, admin access)."""
    return settings.PORTAL_STAFF_MFA_REQUIRED and access.can_access_admin(user)


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=SECOND_FACTOR_TYPES
    ).exists()


def session_passed(request) -> bool:
    return request.session.get(SESSION_KEY) == str(request.user.pk)


def mark_used(sender, request, user, **kwargs) -> None:
    """allauth's `authenticator_used`: a second factor (or a recovery code standing in
    for one) was shown in this session, at sign-in or re-authentication."""
    if request is not None:
        request.session[SESSION_KEY] = str(user.pk)


def mark_added(sender, request, user, authenticator, **kwargs) -> None:
    """allauth's `authenticator_added`: adding an app or a key takes proof of it (a code,
    the key's signature); new recovery codes are no such proof."""
    if request is not None and authenticator.type in SECOND_FACTOR_TYPES:
        request.session[SESSION_KEY] = str(user.pk)


def is_open_path(path_info: str) -> bool:
    try:
        match = resolve(path_info)
    except Resolver404:
        return False
    return match.url_name in OPEN_URL_NAMES


class StaffSecondFactorMiddleware:
    """The one check: a person who must pass a second factor and has not reaches only
    the pages that set one up or ask for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            requires_second_factor(user)
            and not session_passed(request)
            and not is_open_path(request.path_info)
        ):
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request):
        # The admin's addresses carry no language: use the person's own.
        language = (
            translation.get_language_from_path(request.path_info)
            or request.user.preferred_language
            or settings.LANGUAGE_CODE
        )
        with translation.override(language):
            if has_second_factor(request.user):
                target, message = reverse("mfa_reauthenticate"), CONFIRM_MESSAGE
            else:
                target, message = reverse("mfa_index"), SET_UP_MESSAGE
            message = str(message)
        if request.method != "GET":
            return HttpResponseRedirect(target)
        messages.warning(request, message)
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{target}?{query}")


# --- Resetting a lost factor -----------------------------------------------------------

ACTION_RESET = "portal.second_factor.reset"


def second_factors_of(user):
    """The person's authenticators (apps, keys, recovery codes), oldest first."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).order_by("created_at", "pk")


def end_sessions_of(user) -> int:
    """Sign the person out everywhere: delete every unexpired session that belongs to
    them (from the database and the session cache). Reads each session once; used for
    rare administrator actions. Returns how many ended."""
    from django.contrib.auth import SESSION_KEY as AUTH_USER_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.module_loading import import_string

    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    ended = 0
    sessions = Session.objects.filter(expire_date__gt=timezone.now()).iterator()
    for session in sessions:
        if session.get_decoded().get(AUTH_USER_KEY) == str(user.pk):
            store_class(session_key=session.session_key).delete()
            ended += 1
    return ended


def reset_second_factor(*, user, by, reason: str = "") -> list[str]:
    """Remove every authenticator of a person who lost theirs, so that they set up a
    new one at their next sign-in; end every session of theirs (one that passed the lost
    factor included); log it in Wagtail's audit log and tell the person by e-mail.
    Returns the kinds removed."""
    from django.db import transaction

    from wagtail.log_actions import log

    from portal.emails import queue_templated_email

    with transaction.atomic():
        authenticators = list(second_factors_of(user).select_for_update())
        kinds = sorted({authenticator.type for authenticator in authenticators})
        second_factors_of(user).delete()
        end_sessions_of(user)
        log(
            instance=user,
            action=ACTION_RESET,
            user=by,
            data={"types": kinds, "reason": reason},
        )
        queue_templated_email(
            to=user.email,
            template_prefix="portal/emails/second_factor_reset",
            context={"user": user, "reason": reason},
            language=user.preferred_language or settings.LANGUAGE_CODE,
            kind="account",
        )
    return kinds
