from django.utils import timezone

from . import services


def confirm_signup_subscriptions(sender, request=None, email_address=None, **kwargs):
    """Confirming the account's address confirms the letters ticked at sign-up."""
    if email_address is not None:
        services.confirm_signup_subscriptions(
            email=email_address.email, now=timezone.now()
        )
