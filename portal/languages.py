"""Where each language's version of what the reader is looking at lives: the targets of
the language switcher and the `hreflang` alternates, computed in one place.

A page links to its live translation that the reader may see (on the same route of a
routable page, such as a survey's results); without one, to the deepest section front
page (or home page) that has one, with a note in the target language that the page is
only in the current language. A view that is not a page keeps its path through Django's
i18n URL translation, and so does a view of its own that shows a page (an event's
registration form) where the page has no translation. A page costs two queries (its
translations; its sections' translations) and one more for each of them when the site
has any view restrictions.
"""

from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import BaseViewRestriction, Page

from portal import access
from portal.cache import view_restrictions

#: The language that x-default points to: the portal's own language.
DEFAULT_LANGUAGE = "fi"

#: The portal's languages named in the reader's language ("suomi", "finska"), where
#: `settings.LANGUAGES` names each in itself (the switcher's "Svenska").
LANGUAGE_NAMES = {
    "fi": gettext_lazy("Finnish"),
    "sv": gettext_lazy("Swedish"),
    "en": gettext_lazy("English"),
}


def lang_attribute(code: str, page_language: str) -> str:
    """` lang="<code>"` for content written in `code` on a page in `page_language`;
    empty when they match or the language is unknown (None, "")."""
    if not code or code == page_language:
        return ""
    return format_html(' lang="{}"', code)


def language_name(code: str) -> str:
    """The language's name in the active language; the code itself if unknown."""
    return str(LANGUAGE_NAMES.get(code, code))


#: "in Finnish" ("suomeksi", "på finska"): a phrase of its own, as Finnish inflects the
#: name.
IN_LANGUAGE = {
    "fi": gettext_lazy("in Finnish"),
    "sv": gettext_lazy("in Swedish"),
    "en": gettext_lazy("in English"),
}


def in_language(code: str) -> str:
    """ "in <language>" in the active language; the code itself if unknown."""
    return str(IN_LANGUAGE.get(code, code))


@dataclass(frozen=True)
class LanguageLink:
    """One language's entry in the switcher."""

    code: str
    name: str
    url: str
    is_current: bool
    #: Empty when the link goes to the same page or view in that language; otherwise
    #: where it goes instead and why, written in that language.
    note: str = ""


def only_in_note(*, page_language: str, target: str) -> str:
    """ "<target> – the page is only in <language>", in the active language."""
    notes = {
        "fi": gettext("%(target)s – the page is only in Finnish"),
        "sv": gettext("%(target)s – the page is only in Swedish"),
        "en": gettext("%(target)s – the page is only in English"),
    }
    return notes[page_language] % {"target": target}


def audience_level(user) -> str:
    """The part of a user that decides which translations they see: the widest audience
    they belong to (a cache key part for the switcher and the alternates)."""
    return access.visible_audiences(user)[-1]


def _blocked_paths(pages: list[Page], user) -> set[str]:
    """Tree paths of the pages' view restrictions that the user does not pass.

    A restriction to signed-in users is passed by signing in; password and group
    restrictions count as closed, so that the answer depends on the audience level only.
    """
    table = view_restrictions()
    if not pages or not table:
        return set()
    steplen = Page.steplen
    prefixes = {
        page.path[:end]
        for page in pages
        for end in range(steplen, len(page.path) + 1, steplen)
    }
    signed_in = access.is_signed_in(user)
    return {
        path
        for _pk, path, kind in table
        if path in prefixes and not (kind == BaseViewRestriction.LOGIN and signed_in)
    }


def _is_open(page: Page, blocked: set[str]) -> bool:
    return not any(page.path.startswith(path) for path in blocked)


def visible_translations(page: Page, user) -> dict[str, Page]:
    """The page and its live translations that the user may see, by language code: one
    query (the page's own model, so its audience is known); restrictions from the cache."""
    translations = list(
        type(page)
        .objects.filter(translation_key=page.translation_key)
        .live()
        .select_related("locale")
    )
    blocked = _blocked_paths(translations, user)
    return {
        other.locale.language_code: other
        for other in translations
        if access.can_view(user, other) and _is_open(other, blocked)
    }


def section_fronts(page: Page, user) -> dict[str, Page]:
    """For each language, the deepest ancestor of the page (its section front page, at
    least the home page) whose translation in that language is live and open to the
    user: one query; restrictions from the cache."""
    steplen = Page.steplen
    ancestor_paths = [
        page.path[:end] for end in range(2 * steplen, len(page.path), steplen)
    ]
    keys = Page.objects.filter(path__in=ancestor_paths).values("translation_key")
    fronts = list(
        Page.objects.filter(translation_key__in=keys, depth__gt=1)
        .live()
        .select_related("locale")
        .order_by("depth")
    )
    blocked = _blocked_paths(fronts, user)
    found = {}
    for front in fronts:  # shallowest first: the deepest wins
        if _is_open(front, blocked):
            found[front.locale.language_code] = front
    return found


def request_translations(request, page: Page) -> dict[str, Page]:
    """`visible_translations` for the request's user, computed once per request and
    page (the switcher and the alternates in <head> both need them)."""
    memo = getattr(request, "portal_translations", None)
    if memo is None:
        memo = request.portal_translations = {}
    if page.pk not in memo:
        memo[page.pk] = visible_translations(page, request.user)
    return memo[page.pk]


def route_suffix(request, page: Page) -> str:
    """The route of a routable page the request is on ("results/"), which its
    translations have too; empty on the page itself or another page."""
    url = page.get_url(request) or ""
    if not isinstance(page, RoutablePageMixin) or not url:
        return ""
    return request.path[len(url) :] if request.path.startswith(url) else ""


def page_language_urls(request, page: Page) -> dict[str, str]:
    """Where the sites of other languages show the page itself, untranslated, with their
    interface, by language code: what the page's `language_urls` says (an event is shown
    on every site whose event index is a translation of its own); none for other pages."""
    urls = getattr(page, "language_urls", None)
    return urls(request) if urls is not None else {}


def language_links(request, page=None) -> list[LanguageLink]:
    """The switcher's entry for every language of the portal."""
    current = translation.get_language()
    if not isinstance(page, Page):
        return [
            LanguageLink(
                code=code,
                name=name,
                url=translate_url(request.get_full_path(), code),
                is_current=code == current,
            )
            for code, name in settings.LANGUAGES
        ]
    translations = request_translations(request, page)
    # A page that other languages' sites show themselves, untranslated (an event): where
    # it has translations, they show the first made of them (the original; as
    # `PageQuerySet.one_per_translation` lists it), so the link and its note are that one's.
    shown_in = {}
    shown = min([page, *translations.values()], key=lambda version: version.pk)
    if len(translations) < len(settings.LANGUAGES):
        shown_in = page_language_urls(request, shown)
    # A view of its own that shows a page (the event registration form) keeps its path.
    page_urls = [page.get_url(request) or request.path, *shown_in.values()]
    is_view = not any(request.path.startswith(url) for url in page_urls)
    suffix = route_suffix(request, page)
    fronts = {}
    missing = set(dict(settings.LANGUAGES)) - set(translations) - set(shown_in)
    if missing and not is_view:
        fronts = section_fronts(page, request.user)
    page_language = page.locale.language_code
    links = []
    for code, name in settings.LANGUAGES:
        note = ""
        if code in translations:
            url = translations[code].get_url(request) + suffix
        elif code in shown_in and not is_view:
            url = shown_in[code]
            with translation.override(code):
                note = only_in_note(
                    page_language=shown.locale.language_code,
                    target=gettext("the same page"),
                )
        elif is_view:
            url = translate_url(request.get_full_path(), code)
        elif code in fronts:
            front = fronts[code]
            url = front.get_url(request)
            with translation.override(code):
                target = front.title if front.depth > 2 else gettext("front page")
                note = only_in_note(page_language=page_language, target=target)
        else:
            url = f"/{code}/"
            with translation.override(code):
                note = only_in_note(
                    page_language=page_language, target=gettext("front page")
                )
        links.append(
            LanguageLink(
                code=code, name=name, url=url, is_current=code == current, note=note
            )
        )
    return links


def absolute_url(url: str) -> str:
    """A path of the portal as a full address under PORTAL_BASE_URL."""
    return urljoin(settings.PORTAL_BASE_URL, url)


def alternate_links(request, page) -> list[tuple[str, str]]:
    """(hreflang, full address) of every live translation of the page the reader may
    see, and x-default for the Finnish one; none for an untranslated page or a view."""
    if not isinstance(page, Page):
        return []
    translations = request_translations(request, page)
    if len(translations) < 2:
        return []
    links = [
        (code, absolute_url(translations[code].get_url(request)))
        for code, _name in settings.LANGUAGES
        if code in translations
    ]
    if DEFAULT_LANGUAGE in translations:
        links.append(
            ("x-default", absolute_url(translations[DEFAULT_LANGUAGE].get_url(request)))
        )
    return links


def canonical_url(request, page) -> str:
    """The page's own full address (empty for a view that is not a page)."""
    if not isinstance(page, Page):
        return ""
    return absolute_url(page.get_url(request) or "")
