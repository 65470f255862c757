"""Receivers that keep membership in step with allauth's e-mail address changes."""

from network import services


def reverify_on_email_change(sender, request=None, **kwargs) -> None:
    """A confirmed, changed, added or removed address can change the membership."""
    user = kwargs.get("user")
    if user is None:
        email_address = kwargs.get("email_address")
        user = email_address.user if email_address is not None else None
    if user is not None:
        services.reverify_membership(user=user)
