"""The portal's own demo content: content pages, statements, home pages, site settings and
the demo admin, read from the files beside this module.

- `pages.yaml`: the content pages (Finnish, translated into Swedish and English) and the
  home pages;
- `statements/<kind>.<language>.md`: the privacy and accessibility statements; the
  privacy statement's retention periods are written as `{registration_months}` and so on,
  filled in from the `PORTAL_RETENTION_*` settings that `purge_expired_data` applies;
- `office.yaml`: the office's contact details and people (the other apps' loaders read it
  too: the people are the experts, speakers and the membership manager);
- `accounts.yaml`: the demo admin and the password of every demo account.
"""

import re
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from wagtail.models import Locale, Page, Site

from portal import retention
from portal.demo.calendar import demo_date
from portal.demo.data import read_markdown, read_yaml
from portal.demo.pages import (
    body_blocks,
    ensure_page,
    ensure_translation,
    markdown_body,
    paragraph,
)
from portal.demo.registry import CountingLog, Log
from portal.models import HomePage, SiteSettings, StandardPage, StatementPage, User

DATA_DIR = Path(__file__).resolve().parent


@cache
def office() -> dict[str, Any]:
    """The office's contact details and its people (`office.yaml`)."""
    return read_yaml(DATA_DIR / "office.yaml")


def office_person(slug: str) -> dict[str, Any]:
    """One of the office's people, by slug."""
    for person in office()["people"]:
        if person["slug"] == slug:
            return person
    raise LookupError(f"No person “{slug}” in portal/demo/office.yaml.")


@cache
def accounts() -> dict[str, Any]:
    """The demo admin and the demo accounts' password (`accounts.yaml`)."""
    return read_yaml(DATA_DIR / "accounts.yaml")


#: A retention period in a statement: `{registration_months}`, `{sent_email_days}`…
RETENTION_PERIOD = re.compile(r"\{(\w+_(months|days))\}")

#: The unit after a number, singular and plural ("12 kuukauden kuluttua", "1 månad").
DURATION_UNITS = {
    "fi": {"months": ("kuukauden", "kuukauden"), "days": ("päivän", "päivän")},
    "sv": {"months": ("månad", "månader"), "days": ("dag", "dagar")},
    "en": {"months": ("month", "months"), "days": ("day", "days")},
}


def with_retention_periods(text: str, language: str) -> str:
    """The statement's text with each `{<period>}` written out from the settings."""
    periods = retention.periods()

    def written(match: re.Match) -> str:
        number = periods[match.group(1)]
        singular, plural = DURATION_UNITS[language][match.group(2)]
        return f"{number} {singular if number == 1 else plural}"

    return RETENTION_PERIOD.sub(written, text)


def read_statement(kind: str, language: str) -> tuple[dict[str, Any], str]:
    """A statement's header and Markdown text in the language, periods filled in."""
    header, text = read_markdown(DATA_DIR / "statements" / f"{kind}.{language}.md")
    return header, with_retention_periods(text, language)


def seed(*, log: Log) -> int:
    """Create the portal's demo content that does not exist yet; leave the rest alone."""
    log = CountingLog(log)
    homes = {
        home.locale.language_code: home
        for home in HomePage.objects.select_related("locale")
    }
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    pages: dict[str, dict[str, Page]] = {"fi": {}, "sv": {}, "en": {}}
    data = read_yaml(DATA_DIR / "pages.yaml")
    for spec in data["pages"]:
        parent_key = spec.get("parent")
        parent = homes["fi"] if parent_key is None else pages["fi"][parent_key]
        fi_page = ensure_page(
            parent=parent,
            page=StandardPage(
                **_page_fields(spec["fi"], "fi", pages),
                show_in_menus=parent_key is None,
            ),
            log=log,
        )
        pages["fi"][spec["key"]] = fi_page
        for language in ("sv", "en"):
            if language in spec:
                pages[language][spec["key"]] = ensure_translation(
                    fi_page,
                    locales[language],
                    log=log,
                    **_page_fields(spec[language], language, pages),
                )
    today = timezone.localdate()
    for kind in StatementPage.Kind:
        header, text = read_statement(kind, "fi")
        fi_page = ensure_page(
            parent=homes["fi"],
            page=StatementPage(
                kind=kind,
                reviewed_on=demo_date(header["reviewed"], today=today),
                title=header["title"],
                slug=header["slug"],
                body=markdown_body(text),
            ),
            log=log,
        )
        pages["fi"][kind] = fi_page
        for language in ("sv", "en"):
            header, text = read_statement(kind, language)
            pages[language][kind] = ensure_translation(
                fi_page,
                locales[language],
                title=header["title"],
                slug=header["slug"],
                body=markdown_body(text),
                log=log,
            )
    for language, spec in data["home"].items():
        _fill_home_page(homes[language], spec, pages[language], log=log)
    _ensure_site_settings(
        footer_pages=[
            pages["fi"][StatementPage.Kind.PRIVACY],
            pages["fi"][StatementPage.Kind.ACCESSIBILITY],
        ],
        log=log,
    )
    return log.count


def _page_fields(
    spec: dict[str, Any], language: str, pages: dict[str, dict[str, Page]]
) -> dict[str, Any]:
    return {
        "title": spec["title"],
        "slug": spec["slug"],
        "intro": spec["intro"],
        "body": body_blocks(
            spec["body"],
            page_id=lambda key: pages[language][key].pk,
            extra={"contact_people": lambda: [contact_people(language)]},
        ),
    }


def contact_people(language: str) -> dict[str, Any]:
    """The office's people who have a `contact` line, as a list: name, title – topic."""
    lines = [
        f"- {person['first_name']} {person['last_name']}, "
        f"{_in_running_text(_text(person['title'], language))} – "
        f"{_text(person['contact'], language)}"
        for person in office()["people"]
        if "contact" in person
    ]
    return paragraph("\n".join(lines))


def _text(texts: dict[str, str], language: str) -> str:
    """A text in the language, Finnish when it has no version in it."""
    return texts.get(language) or texts["fi"]


def _in_running_text(title: str) -> str:
    """A title after a name, lower-case as in a sentence ("erityisasiantuntija"), unless
    it starts with an abbreviation ("TE24-muutosjohtaja")."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def _fill_home_page(
    home: HomePage, spec: dict[str, Any], pages: dict[str, Page], *, log: Log
) -> None:
    """Give a home page its hero text, link and blocks, unless an editor already has."""
    home = HomePage.objects.get(pk=home.pk)  # fresh: its tree counts changed meanwhile
    if home.hero_intro:
        return
    home.hero_intro = spec["hero_intro"]
    home.hero_link_page = pages.get(spec.get("hero_link", ""))
    home.hero_link_text = spec.get("hero_link_text", "")
    home.body = body_blocks(spec.get("body", []), page_id=lambda key: pages[key].pk)
    home.save_revision().publish()
    log(f"Filled the home page “{home.title}” ({home.locale.language_code}).")


def _ensure_site_settings(*, footer_pages: list[Page], log: Log) -> None:
    """The office's name in each language, contact details and footer links, set once
    on the default site."""
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    if settings.contact_email:
        return
    details = office()
    names = details["organisation_name"]
    settings.organisation_name = names["fi"]
    settings.organisation_name_sv = names["sv"]
    settings.organisation_name_en = names["en"]
    settings.contact_email = details["contact_email"]
    settings.contact_phone = str(details["contact_phone"])
    settings.footer_links = [
        {"type": "link", "value": {"text": "", "page": page.pk, "url": ""}}
        for page in footer_pages
    ]
    settings.save()
    log("Set the site settings: contact details and footer links.")


def ensure_demo_admin(*, log: Log) -> User:
    """The demo superuser with a verified e-mail address; an existing one is kept as is."""
    from allauth.account.models import EmailAddress

    admin = accounts()["admin"]
    user = User.objects.filter(email=admin["email"]).first()
    if user is None:
        user = User.objects.create_superuser(
            email=admin["email"],
            password=accounts()["password"],
            first_name=admin["first_name"],
            last_name=admin["last_name"],
            preferred_language=admin["language"],
        )
        log(f"Created the demo admin {user.email}.")
    EmailAddress.objects.get_or_create(
        user=user,
        email=user.email,
        defaults={"verified": True, "primary": True},
    )
    return user
