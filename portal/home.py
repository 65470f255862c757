"""What the home page shows from the feature apps, via their public queries."""

from typing import Any

from django.utils import timezone


def home_sections(*, request, home) -> dict[str, Any]:
    """The latest items per section for this user, each a short list or queryset."""
    return {
        "events": events_section(request=request, home=home),
        "materials": materials_section(request=request, home=home),
        "news": news_section(request=request, home=home),
    }


def events_section(*, request, home) -> dict[str, Any]:
    """The next three events this user may see in the home page's language."""
    from events.models import EventIndexPage, EventPage

    index = EventIndexPage.objects.live().descendant_of(home).first()
    upcoming = EventPage.objects.upcoming_for_home(
        user=request.user, locale=home.locale, now=timezone.now()
    )
    return {
        "template": "events/home_section.html",
        "events": list(upcoming[:3]),
        "index_url": index.get_url(request) if index else "",
        "language": home.locale.language_code,
    }


def materials_section(*, request, home) -> dict[str, Any]:
    """The newest materials this user may see in the home page's language."""
    from materials.models import MaterialIndexPage, MaterialPage

    return {
        "template": "materials/home_latest_materials.html",
        "items": MaterialPage.objects.latest_for(request.user, locale=home.locale),
        "index": MaterialIndexPage.objects.first_live_in(home.locale),
    }


def news_section(*, request, home) -> dict[str, Any]:
    """The newest news items this user may see in the home page's language."""
    from materials.models import NewsIndexPage, NewsPage

    return {
        "template": "materials/home_latest_news.html",
        "items": NewsPage.objects.latest_for(request.user, locale=home.locale),
        "index": NewsIndexPage.objects.first_live_in(home.locale),
    }
