"""allauth glue: account mail goes through the portal's retried mail queue, and allauth's
rate limits count by the client address the portal's own limits use."""

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter

from portal.emails import queue_email
from portal.ratelimit import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        """After login, the front page in the language the visitor was using."""
        return f"/{translation.get_language()}/"

    def get_signup_redirect_url(self, request) -> str:
        """After signing up (and after the confirmation that signs a new person in), My
        account: it tells how to become a verified member of the network."""
        return reverse("network:account")

    def get_logout_redirect_url(self, request) -> str:
        """After logout, the front page in the language the visitor was using."""
        return f"/{translation.get_language()}/"

    def get_client_ip(self, request) -> str:
        """allauth's rate limits count by the same address as the portal's own."""
        return client_address(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's mail in the visitor's language, then queue it (never send inline).

        allauth's mails are plain text; the HTML part is the same text in the portal's
        HTML mail layout (components/email_text.html), with its links clickable."""
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "base_url": settings.PORTAL_BASE_URL,
            **context,
        }
        message = self.render_mail(template_prefix, email, full_context)
        html = ""
        if isinstance(message, EmailMultiAlternatives):
            html = next(
                (
                    body
                    for body, mimetype in message.alternatives
                    if mimetype == "text/html"
                ),
                "",
            )
        if not html:
            html = render_to_string(
                "components/email_text.html", {"text": message.body}
            )
        queue_email(
            to=email,
            subject=message.subject,
            text=message.body,
            html=html,
            kind="account",
        )


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Staff who must sign in with a second factor keep at least one: the last
        authenticator app or key is removed only after adding another."""
        from portal import mfa

        user = authenticator.user
        if authenticator.type not in mfa.SECOND_FACTOR_TYPES:
            return True
        if not mfa.requires_second_factor(user):
            return True
        others = (
            type(authenticator)
            .objects.filter(user=user, type__in=mfa.SECOND_FACTOR_TYPES)
            .exclude(pk=authenticator.pk)
        )
        return others.exists()
