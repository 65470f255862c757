"""Site search over every page type in the active language, filtered by audience."""

from django.db.models import Q

from wagtail.models import Locale, Page

from portal import access

MAX_SEARCH_HITS = 200


def search_pages(*, query: str, user) -> list[Page]:
    """Live pages matching the query that this user may see, best first.

    Double quotes are dropped: SQLite's full-text syntax would take a lone one as an
    unterminated string, and the words still match without them.
    """
    query = " ".join(query.replace('"', " ").split())
    if not query:
        return []
    pages = (
        Page.objects.live()
        .filter(locale=Locale.get_active())
        .filter(~Q(depth=1))
        .search(query)
    )
    hits = list(pages[:MAX_SEARCH_HITS])
    specific = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[hit.pk for hit in hits]).specific()
    }
    return [
        specific[hit.pk]
        for hit in hits
        if hit.pk in specific and access.can_view(user, specific[hit.pk])
    ]
