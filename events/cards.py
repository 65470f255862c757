"""The event index's cards, cached by what they show.

A card shows some of the event's fields, its seat counts and the series name, in the active
language. It is cached under a digest of exactly those values and the layout version (which
page moves, site settings and releases change), so any change that a card would show gives a
new key and nothing needs to be cleared; old entries expire.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import translation

from portal.cache import request_layout_version

CARD_TEMPLATE = "events/includes/event_card.html"
CARD_TIMEOUT = 60 * 60


def card_key(event, *, language: str, version: int, heading_level: int) -> str:
    shown = (
        event.pk,
        event.url_path,
        event.title,
        event.intro,
        event.event_type,
        event.format,
        event.language,
        event.starts_at.isoformat(),
        event.ends_at.isoformat(),
        event.series.name if event.series_id else "",
        event.is_cancelled,
        event.capacity,
        event.has_waitlist,
        event.taken_seats,
        event.waitlisted_count,
        heading_level,
    )
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    return f"events:card:{language}:{version}:{digest}"


def render_event_cards(events, *, request, heading_level: int = 3) -> list[str]:
    """The HTML of each event's card, in order: cached ones with one cache read, the rest
    rendered and stored. The events need `with_availability()` and their series."""
    events = list(events)
    language = translation.get_language()
    version = request_layout_version(request)
    keys = [
        card_key(e, language=language, version=version, heading_level=heading_level)
        for e in events
    ]
    cached = cache.get_many(keys)
    missing = {}
    template = get_template(CARD_TEMPLATE)
    for key, event in zip(keys, events, strict=True):
        if key not in cached:
            missing[key] = template.render(
                {
                    "event": event,
                    "heading_level": heading_level,
                    "request": request,
                    "LANGUAGE_CODE": language,
                }
            )
    if missing:
        cache.set_many(missing, timeout=CARD_TIMEOUT)
    return [cached.get(key) or missing[key] for key in keys]
