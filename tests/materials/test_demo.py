"""The knowledge base's demo content: realistic, bilingual, idempotent, downloadable."""

import re

from wagtail.models import Locale

import pytest
from bs4 import BeautifulSoup

from materials.demo import loader as demo
from materials.models import (
    Expert,
    ExpertIndexPage,
    FaqPage,
    MaterialPage,
    NewsPage,
    QuestionFormPage,
)
from portal.demo import loader as portal_demo
from portal.demo.calendar import is_working_day
from portal.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db) -> list[str]:
    portal_demo.seed(log=lambda line: None)
    lines: list[str] = []
    demo.seed(log=lines.append)
    return lines


def test_seed_creates_experts_materials_faq_and_news(seeded):
    assert Expert.objects.count() == len(portal_demo.office()["people"])
    fi_materials = MaterialPage.objects.filter(locale__language_code="fi")
    files = demo.page_files("materials")
    assert fi_materials.count() == len([f for f in files.values() if "fi" in f])
    assert fi_materials.filter(title="Kotoutumisohjelman laatimisen opas").exists()
    assert fi_materials.get(material_type="good_practice", municipality__code="092")
    sv_materials = MaterialPage.objects.filter(locale__language_code="sv")
    assert sv_materials.filter(
        title="Guide för utarbetande av integrationsprogrammet", language="sv"
    ).exists()
    assert FaqPage.objects.filter(locale__language_code="sv").get().title == (
        "Vanliga frågor"
    )
    assert (
        QuestionFormPage.objects.get(locale__language_code="sv").form_fields.count()
        == 2
    )
    assert NewsPage.objects.filter(locale__language_code="fi").count() == len(
        [news for news in demo.page_files("news").values() if "fi" in news]
    )
    assert NewsPage.objects.filter(locale__language_code="sv").count() == 3
    assert any(line == "Created the expert “Henna Laaksonen”." for line in seeded)


def test_second_seed_creates_and_changes_nothing(seeded):
    lines: list[str] = []
    demo.seed(log=lines.append)
    assert lines == []
    files = demo.page_files("materials").values()
    assert MaterialPage.objects.count() == sum(len(versions) for versions in files)


def test_demo_pages_render_and_mark_the_outdated_letter(client, seeded):
    outdated = MaterialPage.objects.get(slug="infokirje-laskennalliset-korvaukset")
    assert outdated.is_outdated
    library = outdated.get_parent()
    html = client.get(library.url).content.decode()
    assert "badge--outdated" in html
    for page in MaterialPage.objects.live().filter(audience="public"):
        assert client.get(page.url).status_code == 200, page.url
    faq = FaqPage.objects.get(locale__language_code="fi")
    soup = BeautifulSoup(client.get(faq.url).content, "html.parser")
    assert len(soup.select(".faq-entry")) == 8
    # The Swedish FAQ lacks one question: shown below its own, marked Finnish.
    swedish = BeautifulSoup(
        client.get(
            faq.get_translation(Locale.objects.get(language_code="sv")).url
        ).content,
        "html.parser",
    )
    [untranslated] = swedish.select(".faq-untranslated .faq-entry h4")
    assert untranslated["lang"] == "fi"
    assert len(swedish.select(".faq-entry")) == 8


def test_demo_documents_are_valid_files_behind_their_audience(client, seeded):
    guide = MaterialPage.objects.get(slug="kotoutumisohjelman-laatimisen-opas")
    pdf = guide.attachments[0].value["document"]
    response = client.get(pdf.url)
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-1.4")
    assert_pdf_cross_references_are_right(content)
    members_only = MaterialPage.objects.get(
        slug="tyollisyysalueen-sopimusluonnos-jasenille"
    )
    draft = members_only.attachments[0].value["document"]
    assert client.get(draft.url).status_code == 302


def assert_pdf_cross_references_are_right(content: bytes) -> None:
    """Each offset in the xref table points at its object, and startxref at the table."""
    xref_at = int(re.search(rb"startxref\n(\d+)\n%%EOF", content).group(1))
    assert content[xref_at:].startswith(b"xref\n")
    offsets = re.findall(rb"(\d{10}) 00000 n ", content[xref_at:])
    for number, offset in enumerate(offsets, start=1):
        assert content[int(offset) :].startswith(b"%d 0 obj" % number)


def test_pdf_bytes_escapes_parentheses_and_writes_finnish_letters():
    content = demo.pdf_bytes("Opas (luonnos)", ["Kotoutumisohjelma – työllisyysalue §"])
    assert b"(Opas \\(luonnos\\)) Tj" in content
    assert "työllisyysalue §".encode("cp1252") in content
    assert_pdf_cross_references_are_right(content)


@pytest.mark.parametrize(
    ("language", "slug", "heading"),
    [("fi", "ota-yhteytta", "Asiantuntijat"), ("sv", "kontakta-oss", "Sakkunniga")],
)
def test_every_expert_on_the_contact_page_is_in_the_directory(
    client, seeded, language, slug, heading
):
    contact = StandardPage.objects.get(locale__language_code=language, slug=slug)
    soup = BeautifulSoup(client.get(contact.url).content, "html.parser")
    listed = soup.find("h2", string=heading).find_next("ul").find_all("li")
    names = [item.get_text().split(",")[0] for item in listed]
    assert names == ["Laura Lahtinen", "Mikael Berg", "Sanna Korhonen"]
    directory = ExpertIndexPage.objects.get(locale__language_code=language)
    html = client.get(directory.url).content.decode()
    for name in names:
        assert Expert.objects.filter(name=name).exists(), name
        assert name in html, name


def test_demo_materials_news_and_faq_answers_are_dated_on_working_days(seeded):
    days = [
        day
        for page in MaterialPage.objects.all()
        for day in (page.published_on, page.updated_on, page.valid_until_on)
        if day is not None
    ]
    days += NewsPage.objects.values_list("published_on", flat=True)
    for faq in FaqPage.objects.all():
        days += [
            question["reviewed_on"]
            for section in faq.sections
            for question in section.value["questions"]
        ]
    assert len(days) > 30
    assert all(is_working_day(day) for day in days), days


def test_the_english_demo_has_its_sections_materials_and_faq_subset(client, seeded):
    english = MaterialPage.objects.filter(locale__language_code="en")
    assert english.count() == 5
    assert english.filter(language="en").count() == 3
    assert (
        english.filter(
            slug="international-recruitment-checklist-for-municipal-employers",
            translation_key__in=MaterialPage.objects.filter(
                locale__language_code="fi"
            ).values("translation_key"),
        ).count()
        == 0
    )  # written in English only
    for model in (FaqPage, QuestionFormPage, ExpertIndexPage):
        assert model.objects.filter(locale__language_code="en").count() == 1
    faq = FaqPage.objects.get(locale__language_code="en")
    soup = BeautifulSoup(client.get(faq.url).content, "html.parser")
    questions = [h.get_text(strip=True) for h in soup.select(".faq-entry h3")]
    untranslated = soup.select(".faq-untranslated .faq-entry")
    assert len(soup.select(".faq-entry")) - len(untranslated) == 9
    # The Finnish questions the English page lacks follow its own, marked as Finnish.
    assert untranslated
    assert all(entry.select_one('[lang="fi"]') for entry in untranslated)
    assert "Who decides on a pay subsidy for a new employee?" in questions
    for page in english.live():
        assert client.get(page.url).status_code == 200, page.url
