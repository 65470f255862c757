"""Site search over every page type in the active language, filtered by audience; pages
of a type listed in every language (events) also from the other languages' trees, where
they have no translation in the active one."""

from django.db.models import Q

from wagtail.models import Locale, Page

from portal import access

MAX_SEARCH_HITS = 200


def is_listed_in_every_language(page: Page) -> bool:
    """Whether the page's type is shown on every language's site (`EventPage`)."""
    return getattr(page, "is_listed_in_every_language", False)


def search_pages(*, query: str, user) -> list[Page]:
    """Live pages matching the query that this user may see, best first: those in the
    active language, and untranslated ones of the types listed in every language.

    Double quotes are dropped: SQLite's full-text syntax would take a lone one as an
    unterminated string, and the words still match without them.
    """
    query = " ".join(query.replace('"', " ").split())
    if not query:
        return []
    active = Locale.get_active()
    pages = Page.objects.live().filter(~Q(depth=1)).search(query)
    hits = list(pages[:MAX_SEARCH_HITS])
    specific = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[hit.pk for hit in hits]).specific()
    }
    others = [
        page
        for page in specific.values()
        if page.locale_id != active.pk and is_listed_in_every_language(page)
    ]
    translated = set()
    if others:
        translated = set(
            Page.objects.live()
            .filter(
                locale=active,
                translation_key__in=[page.translation_key for page in others],
            )
            .values_list("translation_key", flat=True)
        )
    results = []
    for hit in hits:
        page = specific.get(hit.pk)
        if page is None or not access.can_view(user, page):
            continue
        if page.locale_id != active.pk:
            if not is_listed_in_every_language(page):
                continue
            if page.translation_key in translated:
                continue
            translated.add(page.translation_key)  # one version of the others, the best
        results.append(page)
    return results


def addresses_in_active_language(pages: list[Page], request) -> dict[int, str]:
    """Where the active language's site shows the results from other languages' trees
    whose type is shown there at its slug (`is_shown_at_its_slug`: an event below the
    translation of its index, as `EventIndexPage.route` serves it), by page id; two
    queries whatever their number. Others keep their own address (not listed)."""
    active = Locale.get_active()
    others = [
        page
        for page in pages
        if page.locale_id != active.pk and getattr(page, "is_shown_at_its_slug", False)
    ]
    if not others:
        return {}
    steplen = Page.steplen
    parent_keys = dict(
        Page.objects.filter(
            path__in={page.path[:-steplen] for page in others}
        ).values_list("path", "translation_key")
    )
    translated_parents = {
        parent.translation_key: parent
        for parent in Page.objects.live().filter(
            locale=active, translation_key__in=parent_keys.values()
        )
    }
    addresses = {}
    for page in others:
        parent = translated_parents.get(parent_keys.get(page.path[:-steplen]))
        if parent is not None:
            addresses[page.pk] = f"{parent.get_url(request)}{page.slug}/"
    return addresses


def language_codes() -> dict[int, str]:
    """The language code of each locale, by its id (one query): the language a result
    is written in."""
    return dict(Locale.objects.values_list("pk", "language_code"))
