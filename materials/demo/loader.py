"""The knowledge base's demo, from the files beside this module: the office's experts, the
material bank with generated files, the FAQ with its question form, the expert directory and
news in Finnish and Swedish, and the index pages, materials and FAQ subset in English.

- the experts are the office's people (`portal/demo/office.yaml`), made by `seed_experts`,
  which runs before the events demo (their speakers);
- `pages.yaml`: the index pages, the FAQ page and the question form;
- `materials/<slug>.fi.md`, `<slug>.sv.md` and `<slug>.en.md`: a material and its Swedish
  and English translations; a slug without a `.fi.md` is a material written in that
  language only;
- `faq.yaml`: the FAQ's sections (each language's page has the questions written in it);
- `news/<slug>.fi.md` and `<slug>.sv.md`: news in Finnish, their translations, and news
  written in Swedish only.

Everything is looked up by a natural key (an expert's slug, a document's title in the demo
collection, a page's slug under its parent, a page's translation), so a second run creates
and changes nothing. Dates are Finnish working days relative to today.
"""

import datetime
import hashlib
import textwrap
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page

from materials.models import (
    Expert,
    ExpertIndexPage,
    FaqPage,
    MaterialIndexPage,
    MaterialPage,
    MaterialPageRelatedEvent,
    MaterialPageRelatedMaterial,
    NewsIndexPage,
    NewsPage,
    QuestionFormField,
    QuestionFormPage,
)
from network.models import Municipality
from portal.access import Audience
from portal.demo.calendar import demo_date
from portal.demo.data import markdown_html, read_markdown, read_yaml
from portal.demo.loader import office
from portal.demo.pages import ensure_page, ensure_translation, markdown_body
from portal.demo.registry import CountingLog, Log
from portal.models import HomePage, Theme

DATA_DIR = Path(__file__).resolve().parent

PageFile = tuple[dict[str, Any], str]  # the file's header and its Markdown text


#: The namespace of the FAQ questions' block ids in the demo (the same in every language).
FAQ_IDS = uuid.UUID("6f1c2d1e-5b0e-4c55-9a55-19d2e0c0fa19")


@cache
def pages_data() -> dict[str, Any]:
    """The contents of `pages.yaml`."""
    return read_yaml(DATA_DIR / "pages.yaml")


@cache
def faq_data() -> dict[str, Any]:
    """The contents of `faq.yaml`."""
    return read_yaml(DATA_DIR / "faq.yaml")


def page_files(folder: str) -> dict[str, dict[str, PageFile]]:
    """The `<slug>.<language>.md` files of a folder, by slug and language, by slug."""
    files: dict[str, dict[str, PageFile]] = {}
    for path in sorted((DATA_DIR / folder).glob("*.md")):
        slug, language = path.name.removesuffix(".md").rsplit(".", 1)
        files.setdefault(slug, {})[language] = read_markdown(path)
    return files


# --- Generated files ------------------------------------------------------------------


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a heading and text lines (Helvetica, Windows-1252)."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    wrapped = [part for line in lines for part in (textwrap.wrap(line, 88) or [""])]
    commands = ["BT", "/F1 15 Tf", "56 780 Td", f"({text(title)}) Tj", "/F1 10 Tf"]
    commands.append("0 -26 Td")
    for line in wrapped:
        commands += [f"({text(line)}) Tj", "0 -14 Td"]
    commands.append("ET")
    stream = "\n".join(commands).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(output)


def text_bytes(title: str, lines: list[str]) -> bytes:
    return "\n\n".join([title, "=" * len(title), *lines]).encode("utf-8") + b"\n"


def ensure_collection(*, log: Log) -> Collection:
    name = pages_data()["collection"]
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    if existing is not None:
        return existing
    collection = root.add_child(name=name)
    log(f"Created the document collection “{name}”.")
    return collection


def ensure_document(spec: dict[str, Any], *, collection: Collection, log: Log):
    """A document generated from its lines of text (a PDF or a text file, by the file
    name's ending), found again by its title in the demo collection."""
    Document = get_document_model()
    existing = Document.objects.filter(
        title=spec["title"], collection=collection
    ).first()
    if existing is not None:
        return existing
    make = pdf_bytes if spec["file"].endswith(".pdf") else text_bytes
    data = make(spec["title"], spec["text"].strip().splitlines())
    document = Document(
        title=spec["title"],
        collection=collection,
        file_size=len(data),
        file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
    )
    document.file.save(spec["file"], ContentFile(data), save=False)
    document.save()
    log(f"Created the document “{document.title}”.")
    return document


# --- Experts --------------------------------------------------------------------------


def seed_experts(*, log: Log) -> int:
    """Make the office's people the experts of the directory; how many were new."""
    log = CountingLog(log)
    ensure_experts(themes={theme.slug: theme for theme in Theme.objects.all()}, log=log)
    return log.count


def ensure_experts(*, themes: dict[str, Theme], log: Log) -> dict[str, Expert]:
    """The office's people as experts by slug, created if missing (in the file's order)."""
    experts = {}
    for number, person in enumerate(office()["people"], start=1):
        expert, created = Expert.objects.get_or_create(
            slug=person["slug"],
            defaults={
                "name": f"{person['first_name']} {person['last_name']}",
                **{
                    f"{field}_{language}": person[field].get(language, "")
                    for field in ("title", "responsibilities")
                    for language in ("fi", "sv", "en")
                },
                "email": person["email"],
                "phone": str(person.get("phone", "")),
                "languages": list(person["languages"]),
                "sort_order": number * 10,
            },
        )
        if created:
            expert.themes.set([themes[slug] for slug in person["themes"]])
            log(f"Created the expert “{expert.name}”.")
        experts[person["slug"]] = expert
    return experts


# --- Materials ------------------------------------------------------------------------


def attachments_for(
    header: dict[str, Any], *, collection: Collection, log: Log
) -> list[dict[str, Any]]:
    blocks = [
        {
            "type": "document",
            "value": {
                "document": ensure_document(doc, collection=collection, log=log).pk,
                "title": "",
                "description": "",
            },
        }
        for doc in header.get("documents", [])
    ]
    blocks += [
        {
            "type": "link",
            "value": {
                "url": link["url"],
                "title": link["title"],
                "description": link.get("description", ""),
            },
        }
        for link in header.get("links", [])
    ]
    return blocks


def event_pages(slugs: list[str], locale: Locale) -> list[Page]:
    """The events demo's live event pages with these slugs (by type name: materials never
    imports events); none when the events demo has not made them."""
    pages = Page.objects.live().filter(
        locale=locale,
        slug__in=slugs,
        content_type__app_label="events",
        content_type__model="eventpage",
    )
    found = {page.slug: page for page in pages}
    return [found[slug] for slug in slugs if slug in found]


def ensure_materials(
    *,
    index: MaterialIndexPage,
    translations: dict[str, MaterialIndexPage],
    experts: dict[str, Expert],
    themes: dict[str, Theme],
    collection: Collection,
    today: datetime.date,
    log: Log,
) -> dict[str, MaterialPage]:
    """Every material of `materials/`, a related material before the one relating to it;
    `translations` are the material bank's translations by language."""
    files = page_files("materials")
    made: dict[str, MaterialPage] = {}

    def ensure(slug: str, waiting: tuple[str, ...] = ()) -> MaterialPage:
        if slug in made:
            return made[slug]
        if slug in waiting:
            raise ValueError(
                f"Demo materials relate to each other in a circle: {slug}."
            )
        original = "fi" if "fi" in files[slug] else next(iter(files[slug]))
        header, text = files[slug][original]
        related = [
            ensure(other, (*waiting, slug)) for other in header.get("related", [])
        ]
        parent = index if original == "fi" else translations[original]
        existing = parent.get_children().filter(slug=slug).specific().first()
        if existing is None:
            existing = ensure_page(
                parent=parent,
                page=_material_page(
                    slug,
                    header,
                    text,
                    related=related,
                    events=event_pages(header.get("related_events", []), parent.locale),
                    experts=experts,
                    themes=themes,
                    collection=collection,
                    today=today,
                    log=log,
                ),
                log=log,
            )
        made[slug] = existing
        for language, translated in translations.items():
            if original != "fi" or language not in files[slug]:
                continue
            header, text = files[slug][language]
            fields = {
                "title": header["title"],
                "slug": header["slug"],
                "summary": header["summary"],
                "language": header.get("language", existing.language),
            }
            if "documents" in header or "links" in header:
                fields["attachments"] = attachments_for(
                    header, collection=collection, log=log
                )
            if text:
                fields["body"] = markdown_body(text)
            ensure_translation(existing, translated.locale, log=log, **fields)
        return existing

    for slug in files:
        ensure(slug)
    return made


def _material_page(
    slug: str,
    header: dict[str, Any],
    text: str,
    *,
    related: list[MaterialPage],
    events: list[Page],
    experts: dict[str, Expert],
    themes: dict[str, Theme],
    collection: Collection,
    today: datetime.date,
    log: Log,
) -> MaterialPage:
    def day(key: str) -> datetime.date | None:
        return demo_date(header[key], today=today) if key in header else None

    return MaterialPage(
        title=header["title"],
        slug=slug,
        material_type=header["type"],
        reform=header["reform"],
        language=header.get("language", "fi"),
        audience=header.get("audience", Audience.PUBLIC),
        published_on=day("published"),
        updated_on=day("updated"),
        valid_until_on=day("valid_until"),
        summary=header["summary"],
        body=markdown_body(text),
        attachments=attachments_for(header, collection=collection, log=log),
        municipality=(
            Municipality.objects.get(code=header["municipality"])
            if "municipality" in header
            else None
        ),
        expert=experts[header["expert"]],
        themes=[themes[theme] for theme in header["themes"]],
        related_material_links=[
            MaterialPageRelatedMaterial(material=material) for material in related
        ],
        related_event_links=[MaterialPageRelatedEvent(event=event) for event in events],
    )


# --- FAQ ------------------------------------------------------------------------------


def faq_sections(
    language: str,
    *,
    themes: dict[str, Theme],
    experts: dict[str, Expert],
    material: Callable[[str], int],
    today: datetime.date,
) -> list[dict[str, Any]]:
    """The FAQ's theme groups in a language, from `faq.yaml`: the questions written in
    it, and the groups that have any. Every language's question has the same block id
    (numbered in the whole group), as when an editor translates the Finnish page in
    Wagtail, so a translation that lacks a question shows the Finnish one (`FaqPage`)."""
    sections = [
        section
        for section in faq_data()["sections"]
        if any(language in entry["question"] for entry in section["questions"])
    ]
    return [
        {
            "type": "section",
            "id": str(uuid.uuid5(FAQ_IDS, section["theme"])),
            "value": {
                "theme": themes[section["theme"]].pk,
                "heading": "",
                "expert": experts[section["expert"]].pk,
                "questions": [
                    {
                        "type": "item",
                        "id": str(uuid.uuid5(FAQ_IDS, f"{section['theme']}/{number}")),
                        "value": {
                            "question": entry["question"][language],
                            "anchor": "",
                            "answer": markdown_html(entry["answer"][language]),
                            "reviewed_on": demo_date(
                                entry["reviewed"], today=today
                            ).isoformat(),
                            "related_materials": [
                                material(slug) for slug in entry.get("related", [])
                            ],
                        },
                    }
                    for number, entry in enumerate(section["questions"])
                    if language in entry["question"]
                ],
            },
        }
        for section in sections
    ]


def form_fields(language: str) -> list[QuestionFormField]:
    return [
        QuestionFormField(
            label=field["label"],
            field_type=field["type"],
            required=field["required"],
            choices="\n".join(field.get("choices", [])),
        )
        for field in pages_data()["question_form"][language]["fields"]
    ]


# --- News -----------------------------------------------------------------------------


def news_page(
    slug: str,
    header: dict[str, Any],
    text: str,
    *,
    experts: dict[str, Expert],
    themes: dict[str, Theme],
    today: datetime.date,
) -> NewsPage:
    return NewsPage(
        title=header["title"],
        slug=slug,
        news_type=header["type"],
        reform=header["reform"],
        audience=header.get("audience", Audience.PUBLIC),
        published_on=demo_date(header["published"], today=today),
        author_expert=experts[header["author"]],
        summary=header["summary"],
        body=markdown_body(text),
        themes=[themes[theme] for theme in header["themes"]],
    )


# --- Seed -----------------------------------------------------------------------------


def seed(*, log: Log) -> int:
    """Create the knowledge base's demo content that does not exist yet; how many things
    were created."""
    log = CountingLog(log)
    today = timezone.localdate()
    homes = {
        home.locale.language_code: home
        for home in HomePage.objects.select_related("locale")
    }
    locales = {
        language: Locale.objects.get(language_code=language)
        for language in ("sv", "en")
    }
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    experts = ensure_experts(themes=themes, log=log)
    collection = ensure_collection(log=log)
    texts = pages_data()

    def translations_of(page: Page, key: str, **fields: Any) -> dict[str, Page]:
        """The page's translation into each language of `pages.yaml`'s `key`."""
        return {
            language: ensure_translation(
                page,
                locale,
                log=log,
                **texts[key][language],
                **{name: field(language) for name, field in fields.items()},
            )
            for language, locale in locales.items()
            if language in texts[key]
        }

    library = ensure_page(
        parent=homes["fi"],
        page=MaterialIndexPage(**texts["library"]["fi"], show_in_menus=True),
        log=log,
    )
    libraries = translations_of(library, "library")
    ensure_materials(
        index=library,
        translations=libraries,
        experts=experts,
        themes=themes,
        collection=collection,
        today=today,
        log=log,
    )

    def material_in(index: Page) -> Callable[[str], int]:
        def find(slug: str) -> int:
            fi_page = library.get_children().filter(slug=slug).first()
            if fi_page is None:  # written in the index's language only
                return index.get_children().get(slug=slug).pk
            translated = fi_page.get_translation_or_none(index.locale)
            return (translated or fi_page).pk

        return find

    def sections(language: str, index: Page) -> list[dict[str, Any]]:
        return faq_sections(
            language,
            themes=themes,
            experts=experts,
            material=material_in(index),
            today=today,
        )

    faq = ensure_page(
        parent=homes["fi"],
        page=FaqPage(
            **texts["faq"]["fi"], sections=sections("fi", library), show_in_menus=True
        ),
        log=log,
    )
    # Before the form's translations, which need their parent.
    translations_of(
        faq, "faq", sections=lambda language: sections(language, libraries[language])
    )
    form = texts["question_form"]
    ask = ensure_page(
        parent=faq,
        page=QuestionFormPage(
            title=form["fi"]["title"],
            slug=form["fi"]["slug"],
            intro=form["fi"]["intro"],
            thank_you_text=markdown_html(form["fi"]["thank_you_text"]),
            to_address=office()["contact_email"],
            form_fields=form_fields("fi"),
        ),
        log=log,
    )
    for language, locale in locales.items():
        ensure_translation(
            ask,
            locale,
            title=form[language]["title"],
            slug=form[language]["slug"],
            intro=form[language]["intro"],
            thank_you_text=markdown_html(form[language]["thank_you_text"]),
            form_fields=form_fields(language),
            log=log,
        )

    directory = ensure_page(
        parent=homes["fi"],
        page=ExpertIndexPage(**texts["experts"]["fi"], show_in_menus=True),
        log=log,
    )
    translations_of(directory, "experts")

    newsroom = ensure_page(
        parent=homes["fi"],
        page=NewsIndexPage(**texts["news"]["fi"], show_in_menus=True),
        log=log,
    )
    sv_newsroom = translations_of(newsroom, "news")["sv"]
    for slug, versions in page_files("news").items():
        news = {"experts": experts, "themes": themes, "today": today}
        if "fi" not in versions:  # written in Swedish only
            ensure_page(
                parent=sv_newsroom,
                page=news_page(slug, *versions["sv"], **news),
                log=log,
            )
            continue
        page = ensure_page(
            parent=newsroom, page=news_page(slug, *versions["fi"], **news), log=log
        )
        if "sv" in versions:
            header, text = versions["sv"]
            fields = {k: header[k] for k in ("title", "slug", "summary")}
            if text:
                fields["body"] = markdown_body(text)
            ensure_translation(page, locales["sv"], log=log, **fields)
    return log.count
