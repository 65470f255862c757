"""The event index's cards, cached by what they show.

A card shows some of the event's fields, its seat counts (or that registration has closed
or the event is over) and the series name, in the active language. It is cached under a
digest of exactly those values and the layout version (which page moves, site settings and
releases change), so any change that a card would show gives a new key and nothing needs to
be cleared; old entries expire. The values are read as rows, so a listing whose cards are
cached builds no page objects.
"""

import datetime
from collections.abc import Sequence

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone, translation

from events.models import EventPage, EventSeries
from portal.cache import digest, layout_version, preload

CARD_TEMPLATE = "events/includes/event_card.html"
CARD_TIMEOUT = 60 * 60


#: What a card shows, read without building pages (`values_list(*CARD_FIELDS, named=True)`
#: of an event queryset, seats from the event row's counters); a page is loaded only for a
#: card not yet cached.
CARD_FIELDS = (
    "pk",
    "url_path",
    "slug",
    "locale__language_code",
    "title",
    "intro",
    "event_type",
    "format",
    "language",
    "support_language",
    "starts_at",
    "ends_at",
    "registration_closes_at",
    "series__name_fi",
    "series__name_sv",
    "series__name_en",
    "is_cancelled",
    "capacity",
    "has_waitlist",
    "seats_confirmed",
    "seats_pending",
    "waitlist_length",
)


def card_key(
    row,
    *,
    language: str,
    version: int,
    heading_level: int,
    index_url: str,
    now: datetime.datetime,
) -> str:
    """The key of a card: what it shows, including where the event stands at `now` (the
    seats line says when registration has closed or the event is over)."""
    is_over = now >= row.ends_at
    is_closed = now >= (row.registration_closes_at or row.starts_at)
    series = ""
    if row.series__name_fi is not None:
        series = EventSeries(
            name_fi=row.series__name_fi,
            name_sv=row.series__name_sv,
            name_en=row.series__name_en,
        ).name
    shown = digest(
        *(getattr(row, field) for field in CARD_FIELDS),
        series,
        heading_level,
        index_url,
        is_over,
        is_closed,
    )
    return f"events:card:{language}:{version}:{shown}"


def render_event_cards(
    rows,
    *,
    request,
    index_url: str,
    heading_level: int = 3,
    preload_keys: Sequence[str] = (),
) -> list[str]:
    """The HTML of each event's card, in order: cached ones with one cache read, the rest
    rendered (their pages loaded with one query) and stored. A card links to the event on
    the site of `index_url` (the reader's event index), whatever tree it lives in. The
    same read takes `preload_keys`, other cached pieces of the page, which the request
    then finds without a round trip of its own (`portal.cache.request_cached`)."""
    rows = list(rows)
    language = translation.get_language()
    version = layout_version()
    now = timezone.now()
    keys = [
        card_key(
            row,
            language=language,
            version=version,
            heading_level=heading_level,
            index_url=index_url,
            now=now,
        )
        for row in rows
    ]
    cards = preload(*keys, *preload_keys)
    cards = {key: cards[key] for key in keys if cards[key] is not None}
    missing = {key: row.pk for key, row in zip(keys, rows, strict=True)}
    missing = {key: pk for key, pk in missing.items() if key not in cards}
    if missing:
        events = (
            EventPage.objects.filter(pk__in=missing.values())
            .select_related("series", "locale")
            .in_bulk()
        )
        template = get_template(CARD_TEMPLATE)
        rendered = {
            key: template.render(
                {
                    "event": events[pk],
                    "heading_level": heading_level,
                    "index_url": index_url,
                    "request": request,
                    "LANGUAGE_CODE": language,
                }
            )
            for key, pk in missing.items()
        }
        cache.set_many(rendered, timeout=CARD_TIMEOUT)
        cards.update(rendered)
    return [cards[key] for key in keys]
