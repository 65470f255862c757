"""Composing letter mail: the letter itself (text and Outlook-safe HTML with inlined
styles, one rendering per language, the unsubscribe link left as a placeholder that each
recipient's mail fills in), the web version's context, and the confirmation mail of a
subscription."""

import dataclasses
import datetime
import html as html_lib
import re
from urllib.parse import urljoin

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags

import css_inline

from events.models import EventPage
from portal.access import Audience
from portal.emails import queue_templated_email

from .models import LetterPage, LetterRendering, Subscriber

#: Stands for the recipient's own unsubscribe address in a rendering; replaced per mail.
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/letter-recipient"

_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False)


@dataclasses.dataclass(frozen=True)
class RenderedLetter:
    language: str
    subject: str
    text: str
    html: str
    upcoming_event_ids: dict[str, list[int]]


def absolute(url: str) -> str:
    return urljoin(settings.PORTAL_BASE_URL, url)


def upcoming_events(
    letter: LetterPage, *, count: int, now: datetime.datetime
) -> list[EventPage]:
    """The next live events in the letter's language that its readers may see, of the
    letter's reform (or both) and, when it has themes, one of them."""
    audiences = (
        [Audience.PUBLIC]
        if letter.audience == Audience.PUBLIC
        else [Audience.PUBLIC, Audience.SIGNED_IN, letter.audience]
    )
    events = (
        EventPage.objects.live()
        .filter(locale_id=letter.locale_id, is_cancelled=False, audience__in=audiences)
        .upcoming(now)
    )
    if letter.reform != "both":
        events = events.filter(reform__in=[letter.reform, "both"])
    theme_ids = [theme.pk for theme in letter.themes.all()]
    if theme_ids:
        events = events.filter(themes__in=theme_ids).distinct()
    return list(events[:count])


def page_item(page) -> dict:
    """A chosen or pulled page as a letter lists it: the link, web and mail."""
    return {
        "title": page.title,
        "path": page.url or "",
        "url": absolute(page.url or ""),
        "summary": getattr(page, "summary", "") or getattr(page, "intro", ""),
        "starts_at": getattr(page, "starts_at", None),
        "ends_at": getattr(page, "ends_at", None),
    }


def call_to_action_url(value) -> str:
    page = value.get("page")
    return absolute(page.specific.url if page else value.href())


def faq_page_in(page, language: str):
    """The FAQ page in the language if it has a live translation, else in Finnish (the
    default language), else as chosen."""
    candidates = {
        translation.locale.language_code: translation
        for translation in page.get_translations(inclusive=True)
        .live()
        .select_related("locale")
        .specific()
    }
    return (
        candidates.get(language)
        or candidates.get(settings.LANGUAGE_CODE)
        or page.specific
    )


def faq_items(value, *, language: str) -> tuple[list[dict], str]:
    """The questions of the block's theme on its FAQ page, as the letter shows them
    (question, answer as HTML and text, the link to the question), and the language
    of the FAQ page used when it is not the letter's ("" when it is)."""
    chosen, theme = value.get("faq_page"), value.get("theme")
    if chosen is None or theme is None:
        return [], ""
    page = faq_page_in(chosen, language)
    if not page.live:
        return [], ""
    items = []
    for section in page.faq_sections():
        if section.theme is None or section.theme.pk != theme.pk:
            continue
        for entry in section.entries:
            answer = absolute_links(str(entry.answer))
            items.append(
                {
                    "title": entry.question,
                    "html": answer,
                    "text": html_to_text(answer),
                    "url": absolute(f"{page.url or ''}#{entry.anchor}"),
                    "path": f"{page.url or ''}#{entry.anchor}",
                }
            )
    page_language = page.locale.language_code
    return items[: value["count"]], "" if page_language == language else page_language


def letter_sections(
    letter: LetterPage, *, upcoming: dict[str, list[EventPage]]
) -> list[dict]:
    """The body's blocks with what each shows (events and pages with their links)."""
    sections = []
    for block in letter.body:
        section = {"type": block.block_type, "value": block.value, "id": block.id}
        if block.block_type == "events":
            pages = [page.specific for page in block.value["events"] if page]
        elif block.block_type == "upcoming_events":
            pages = upcoming.get(block.id, [])
        elif block.block_type in ("materials", "news"):
            pages = [page.specific for page in block.value["pages"] if page]
        else:
            pages = []
        section["items"] = [page_item(page) for page in pages if page.live]
        if block.block_type == "call_to_action":
            section["url"] = call_to_action_url(block.value)
        elif block.block_type == "paragraph":
            html = absolute_links(str(block.value))
            section["html"] = html
            section["text"] = html_to_text(html)
        if block.block_type == "faq":
            section["items"], section["lang"] = faq_items(
                block.value, language=letter.locale.language_code
            )
        sections.append(section)
    return sections


_RELATIVE_LINK = re.compile(r'(href|src)="(/[^"]*)"')
_LINK = re.compile(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_BREAKS = re.compile(r"</(p|h[1-6]|li|ul|ol)>|<br\s*/?>", re.IGNORECASE)


def absolute_links(html: str) -> str:
    """Links of rich text under PORTAL_BASE_URL, as mail needs them."""
    return _RELATIVE_LINK.sub(lambda m: f'{m[1]}="{absolute(m[2])}"', html)


def html_to_text(html: str) -> str:
    """Rich text as the plain-text part: paragraphs on lines, links as "text (url)"."""
    text = _LINK.sub(lambda m: f"{strip_tags(m[2])} ({m[1]})", html)
    text = _BREAKS.sub("\n", text)
    text = html_lib.unescape(strip_tags(text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def resolve_upcoming(
    letter: LetterPage, *, now: datetime.datetime
) -> dict[str, list[EventPage]]:
    return {
        block.id: upcoming_events(letter, count=block.value["count"], now=now)
        for block in letter.body
        if block.block_type == "upcoming_events"
    }


def render_letter(letter: LetterPage, *, now: datetime.datetime) -> RenderedLetter:
    """The letter page (one language) as its mail: text and inlined HTML."""
    upcoming = resolve_upcoming(letter, now=now)
    language = letter.locale.language_code
    context = {
        "letter": letter,
        "sections": letter_sections(letter, upcoming=upcoming),
        "web_url": absolute(letter.url or ""),
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "base_url": settings.PORTAL_BASE_URL,
    }
    with translation.override(language):
        text = render_to_string("letters/emails/letter.txt", context)
        html = _INLINER.inline(render_to_string("letters/emails/letter.html", context))
    return RenderedLetter(
        language=language,
        subject=letter.title,
        text=text,
        html=html,
        upcoming_event_ids={
            key: [event.pk for event in events] for key, events in upcoming.items()
        },
    )


def personalise(rendering: LetterRendering, *, unsubscribe_url: str) -> tuple[str, str]:
    """(text, html) of one recipient's mail."""
    return (
        rendering.body_text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
        rendering.body_html.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
    )


def web_context(letter: LetterPage) -> dict:
    """The web version: the sections as sent (the upcoming events it listed), or, before
    sending, as they would be now."""
    rendering = (
        LetterRendering.objects.filter(letter__translation_key=letter.translation_key)
        .filter(language=letter.locale.language_code)
        .first()
        if letter.sent_at
        else None
    )
    if rendering is not None:
        ids = rendering.upcoming_event_ids
        by_pk = EventPage.objects.in_bulk([pk for pks in ids.values() for pk in pks])
        upcoming = {
            key: [by_pk[pk] for pk in pks if pk in by_pk] for key, pks in ids.items()
        }
    else:
        upcoming = resolve_upcoming(letter, now=timezone.now())
    return {"sections": letter_sections(letter, upcoming=upcoming)}


def send_confirmation(*, subscriber: Subscriber, confirm_url: str, lists) -> None:
    """The double opt-in mail: one link that confirms the chosen lists."""
    queue_templated_email(
        to=subscriber.email,
        template_prefix="letters/emails/confirm",
        context={
            "subscriber": subscriber,
            "confirm_url": confirm_url,
            "lists": list(lists),
            "days": settings.PORTAL_LETTERS_CONFIRM_DAYS,
        },
        language=subscriber.language,
        kind="letters",
    )
