"""Receivers that hand Wagtail's page events to the registration services."""

from events import services


def apply_published_event(sender, instance, **kwargs) -> None:
    """An editor published an event: notify registrants of changes, fill added seats."""
    services.apply_published_event(event=instance)
