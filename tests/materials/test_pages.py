"""Every page type of materials renders in Finnish, Swedish and English."""

import pytest

from tests.factories.portal import translate

pytestmark = pytest.mark.django_db

LANGUAGES = ["fi", "sv", "en"]


def in_language(page, language: str):
    """The page itself in Finnish, else its published translation (parents first)."""
    if language == "fi":
        return page
    from wagtail.models import Locale

    existing = page.get_translation_or_none(Locale.objects.get(language_code=language))
    if existing is not None:
        return existing.specific
    parent = page.get_parent().specific
    if parent.depth > 2:
        in_language(parent, language)
    return translate(page, language, title=f"{page.title} ({language})")


def render(client, page, language: str) -> str:
    page = in_language(page, language)
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert page.url.startswith(f"/{language}/")
    return html


@pytest.mark.parametrize("language", LANGUAGES)
def test_material_index_renders_in_each_language(client, guide, language):
    html = render(client, guide.get_parent().specific, language)
    assert 'class="material-list"' in html or "empty-state" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_material_page_renders_in_each_language(client, guide, language):
    html = render(client, guide, language)
    assert "Kotoutumisohjelman laatimisen opas (PDF)" in html
    assert "https://kotoutuminen.fi/" in html
    assert "Aino Asiantuntija" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_page_renders_in_each_language(client, faq_page, language):
    html = render(client, faq_page, language)
    assert "Milloin kotoutumisohjelma on hyväksyttävä?" in html
    assert "application/ld+json" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_question_form_page_renders_in_each_language(client, question_page, language):
    html = render(client, question_page, language)
    assert 'name="kysymys"' in html
    assert 'name="municipality"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_expert_index_renders_in_each_language(client, expert_index, expert, language):
    html = render(client, expert_index, language)
    assert "Aino Asiantuntija" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_index_renders_in_each_language(client, news_item, language):
    item = in_language(news_item, language)
    html = render(client, item.get_parent().specific, language)
    assert item.title in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_page_renders_in_each_language(client, news_item, language):
    html = render(client, news_item, language)
    assert "Aino Asiantuntija" in html


@pytest.mark.parametrize(
    ("language", "title"),
    [("fi", "Lakiasiantuntija"), ("sv", "Juridisk sakkunnig"), ("en", "Legal adviser")],
)
def test_expert_detail_renders_in_each_language(client, expert, language, title):
    response = client.get(f"/{language}/materials/experts/{expert.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert title in html
