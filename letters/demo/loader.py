"""The info letters' demo (`letters.yaml` beside this module): two lists with their
subscribers (consent recorded as the public form or My account records it), the archive
in Finnish and Swedish, one letter sent in both languages and one scheduled.

The sent letter goes through `services.send_letter` and `services.queue_deliveries`
inside `mail_suppressed()`, so its deliveries exist but no mail is stored or sent.
Lists are looked up by slug, subscribers by address, pages by slug under their parent:
a second run creates nothing.
"""

import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Locale, Page

from events.models import EventPage
from letters import services
from letters.models import (
    LetterIndexPage,
    LetterPage,
    MailingList,
    Subscriber,
    Subscription,
)
from materials.models import FaqPage, MaterialPage
from portal.demo.calendar import demo_date, demo_time
from portal.demo.data import markdown_html, read_yaml
from portal.demo.pages import ensure_page, ensure_translation
from portal.demo.registry import CountingLog, Log
from portal.emails import mail_suppressed
from portal.models import HomePage, Theme

DATA_DIR = Path(__file__).resolve().parent
DEMO_CONSENT = (
    "Haluan saada valitsemani muutostuen kirjeet sähköpostiini. Voin perua tilauksen "
    "milloin tahansa jokaisen kirjeen linkillä."
)


@cache
def data() -> dict[str, Any]:
    return read_yaml(DATA_DIR / "letters.yaml")


def seed_lists(log: Log) -> dict[str, MailingList]:
    lists = {}
    for spec in data()["lists"]:
        mailing_list, created = MailingList.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                **{f"name_{lang}": name for lang, name in spec["name"].items()},
                **{
                    f"description_{lang}": text
                    for lang, text in spec["description"].items()
                },
                "reform": spec["reform"],
                "sort_order": spec["sort_order"],
            },
        )
        if created:
            log(f"Created mailing list “{mailing_list.name_fi}”.")
        lists[spec["slug"]] = mailing_list
    return lists


def seed_subscribers(lists: dict[str, MailingList], *, today, log: Log) -> None:
    users = get_user_model().objects
    for spec in data()["subscribers"]:
        chosen = [lists[slug] for slug in spec["lists"]]
        if "member" in spec:
            user = users.filter(email=spec["member"]).first()
            if user is None or Subscriber.objects.filter(user=user).exists():
                continue
            services.update_member_subscriptions(
                user=user,
                lists=chosen,
                themes=[],
                language=spec["language"],
                consent_text=DEMO_CONSENT,
                now=timezone.now(),
            )
            log(f"Subscribed member {user.email} to the letters.")
            continue
        if Subscriber.objects.for_address(spec["email"]).exists():
            continue
        subscriber = Subscriber.objects.create(
            email=spec["email"],
            name=spec["name"],
            organisation=spec["organisation"],
            language=spec["language"],
        )
        moment = timezone.make_aware(
            datetime.datetime.combine(
                demo_date(spec["subscribed"], today=today), datetime.time(10)
            )
        )
        for mailing_list in chosen:
            Subscription.objects.create(
                subscriber=subscriber,
                mailing_list=mailing_list,
                status=Subscription.Status.CONFIRMED,
                source=Subscription.Source.FORM,
                consent_text=DEMO_CONSENT,
                confirmed_at=moment,
            )
        log(f"Created subscriber {subscriber.email}.")


def pages_by_slug(model, slugs: list[str], locale: Locale) -> list[Page]:
    """The pages of these slugs, in the locale where translated (else Finnish)."""
    pages = []
    for slug in slugs:
        page = model.objects.filter(slug=slug).order_by("pk").first()
        if page is None:
            continue
        pages.append(page.get_translation_or_none(locale) or page)
    return pages


def letter_body(spec: dict[str, Any], language: str, locale: Locale) -> list[dict]:
    text = spec[language]
    events = pages_by_slug(EventPage, spec["events"], locale)
    materials = pages_by_slug(MaterialPage, spec["materials"], locale)
    body = [{"type": "paragraph", "value": markdown_html(text["text"])}]
    if events:
        body.append(
            {
                "type": "events",
                "value": {
                    "heading": text["events_heading"],
                    "events": [page.pk for page in events],
                },
            }
        )
    body.append(
        {
            "type": "upcoming_events",
            "value": {"heading": text["upcoming_heading"], "count": 5},
        }
    )
    if materials:
        body.append(
            {
                "type": "materials",
                "value": {
                    "heading": text["materials_heading"],
                    "pages": [page.pk for page in materials],
                },
            }
        )
    faq = spec.get("faq")
    faq_page = FaqPage.objects.filter(locale__language_code="fi").first()
    theme = Theme.objects.filter(slug=faq["theme"]).first() if faq else None
    if faq_page and theme:
        body.append(
            {
                "type": "faq",
                "value": {
                    "heading": text["faq_heading"],
                    "faq_page": faq_page.pk,
                    "theme": theme.pk,
                    "count": faq["count"],
                },
            }
        )
    cta = text["cta"]
    body.append(
        {
            "type": "call_to_action",
            "value": {
                "text": cta["text"],
                "link_text": cta["link_text"],
                "page": None,
                "link": cta["link"],
                "url": "",
            },
        }
    )
    return body


def seed(*, log: Log) -> int:
    log = CountingLog(log)
    today = timezone.localdate()
    homes = {
        home.locale.language_code: home
        for home in HomePage.objects.select_related("locale")
    }
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    lists = seed_lists(log)
    seed_subscribers(lists, today=today, log=log)
    archive_spec = data()["archive"]
    archive = ensure_page(
        parent=homes["fi"],
        page=LetterIndexPage(**archive_spec["fi"]),
        log=log,
    )
    ensure_translation(archive, locales["sv"], log=log, **archive_spec["sv"])
    for spec in data()["letters"]:
        existing = archive.get_children().filter(slug=spec["fi"]["slug"]).exists()
        letter = ensure_page(
            parent=archive,
            page=LetterPage(
                title=spec["fi"]["title"],
                slug=spec["fi"]["slug"],
                preheader=spec["fi"]["preheader"],
                mailing_list=lists[spec["list"]],
                reform=spec["reform"],
                body=letter_body(spec, "fi", locales["fi"]),
            ),
            log=log,
        )
        if "sv" in spec:
            ensure_translation(
                letter,
                locales["sv"],
                log=log,
                title=spec["sv"]["title"],
                slug=spec["sv"]["slug"],
                preheader=spec["sv"]["preheader"],
                body=letter_body(spec, "sv", locales["sv"]),
            )
        if existing:
            continue
        if "sent" in spec:
            sent_at = demo_time(spec["sent"], today=today)
            with mail_suppressed():
                services.send_letter(letter=letter, by=None, now=sent_at)
                services.queue_deliveries(letter=letter, now=sent_at)
            log(f"Sent letter “{letter.title}”.")
        elif "scheduled" in spec:
            services.schedule_letter(
                letter=letter,
                at=demo_time(spec["scheduled"], today=today),
                by=None,
                now=timezone.now(),
            )
            log(f"Scheduled letter “{letter.title}”.")
    return log.count
