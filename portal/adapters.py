"""allauth glue: account mail goes through the portal's retried mail queue."""

from django.core.mail import EmailMultiAlternatives

from allauth.account.adapter import DefaultAccountAdapter

from portal.emails import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's mail as usual, then queue it instead of sending inline."""
        from django.contrib.sites.shortcuts import get_current_site

        from allauth.core import context as allauth_context

        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
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
        queue_email(
            to=email,
            subject=message.subject,
            text=message.body,
            html=html,
            kind="account",
        )
