"""Composing the forum's e-mail: the notification digest."""

from itertools import groupby

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from portal.emails import queue_templated_email
from portal.models import OutgoingEmail

from .models import Notification


def queue_digest_email(
    *, user, notifications: list[Notification], unsubscribe_token: str
) -> OutgoingEmail | None:
    """One e-mail to one person listing new posts by topic, with an unsubscribe link."""
    language = user.preferred_language or settings.LANGUAGE_CODE
    base = settings.PORTAL_BASE_URL.rstrip("/")
    with translation.override(language):
        topics = [
            {
                "topic": topic,
                "items": [
                    {
                        "notification": notification,
                        "url": base + notification.post.get_absolute_url(),
                    }
                    for notification in items
                ],
            }
            for topic, items in groupby(notifications, key=lambda n: n.post.topic)
        ]
        links = {
            "unsubscribe_url": base
            + reverse("forums:unsubscribe", kwargs={"token": unsubscribe_token}),
            "preferences_url": base + reverse("forums:preferences"),
            "notifications_url": base + reverse("forums:notifications"),
        }
    return queue_templated_email(
        to=user.email,
        template_prefix="forums/emails/digest",
        context={"user": user, "topics": topics, "count": len(notifications), **links},
        language=language,
        kind="forums",
        unsubscribe_url=links["unsubscribe_url"],
    )
