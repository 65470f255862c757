"""The forum's section of the "My account" page: e-mail choice and what one follows."""

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse

from portal import access

from .forms import EmailPreferenceForm
from .models import Subscription
from .services import preference_for


def account_section_context(request: HttpRequest) -> dict[str, Any]:
    if not access.can_view_members_content(request.user):
        return {"is_forum_member": False}
    preference = preference_for(request.user)
    return {
        "is_forum_member": True,
        "email_form": EmailPreferenceForm(
            initial={"email_frequency": preference.email_frequency}
        ),
        "subscriptions": Subscription.objects.for_account(request.user),
        "account_url": reverse("network:account"),
        # The account page includes sections with `only`, which drops the CSRF token.
        "csrf_token": get_token(request),
    }
