"""Receivers that hand Wagtail's page events to the registration services."""

from wagtail.models import Page

from events import services
from events.models import EventPage


def apply_published_event(sender, instance, **kwargs) -> None:
    """An editor published an event: notify registrants of changes, fill added seats."""
    services.apply_published_event(event=instance)


def share_registrations_with_translation(sender, source_obj, target_obj, **kwargs):
    """ "Translate" copied a page: a copied event is a translation of the same event, its
    registrations and seat counts its source's (`services.share_registrations`)."""
    source = source_obj.specific if isinstance(source_obj, Page) else source_obj
    if isinstance(source, EventPage):
        services.share_registrations(source=source, translation_pk=target_obj.pk)
