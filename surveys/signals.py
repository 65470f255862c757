"""Receivers that connect surveys to sign-up (allauth) without touching the network's code."""

from network.models import Municipality
from surveys import services
from surveys.views import SESSION_SIGNUP


def apply_invited_municipality(sender, request=None, user=None, **kwargs) -> None:
    """A person who signed up from a preparer invitation gets its municipality."""
    if request is None or user is None:
        return
    municipality_id = request.session.pop(SESSION_SIGNUP, None)
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is not None:
        services.apply_signup_municipality(user=user, municipality=municipality)
