"""Editors build the knowledge base in the admin: page rules, creation, snippets."""

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

import pytest

from materials.models import (
    Expert,
    ExpertIndexPage,
    FaqPage,
    MaterialIndexPage,
    MaterialPage,
    NewsIndexPage,
    NewsPage,
    PracticePage,
    QuestionFormPage,
)
from portal.models import HomePage, StandardPage, Theme
from tests.factories.materials import (
    DocumentFactory,
    ExpertFactory,
    ExpertIndexPageFactory,
    FaqPageFactory,
    MaterialIndexPageFactory,
    MaterialPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    QuestionFormPageFactory,
    attachment,
    faq_section,
)
from tests.factories.portal import UserFactory


class KnowledgeBaseAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(locale__language_code="fi")
        cls.theme = Theme.objects.get(slug="kotoutumisohjelma")
        cls.expert = ExpertFactory(name="Aino Asiantuntija", slug="aino")
        cls.document = DocumentFactory(title="Opas")
        cls.library = MaterialIndexPageFactory(parent=cls.home)
        cls.material = MaterialPageFactory(
            parent=cls.library,
            expert=cls.expert,
            attachments=[attachment(cls.document)],
            themes=[cls.theme],
        )
        cls.faq = FaqPageFactory(
            parent=cls.home,
            sections=[
                faq_section(theme=cls.theme, questions=[("Kysymys?", "Vastaus.")])
            ],
        )
        cls.question_form = QuestionFormPageFactory(parent=cls.faq)
        cls.experts = ExpertIndexPageFactory(parent=cls.home)
        cls.newsroom = NewsIndexPageFactory(parent=cls.home)
        cls.news = NewsPageFactory(parent=cls.newsroom)
        cls.admin = UserFactory(
            email="paakayttaja@muutostuki.example", is_staff=True, is_superuser=True
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def test_page_types_sit_where_they_belong(self):
        self.assertAllowedParentPageTypes(MaterialIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(MaterialIndexPage, {MaterialPage, PracticePage})
        self.assertAllowedParentPageTypes(MaterialPage, {MaterialIndexPage})
        self.assertAllowedSubpageTypes(MaterialPage, set())
        self.assertAllowedParentPageTypes(PracticePage, {MaterialIndexPage})
        self.assertAllowedSubpageTypes(PracticePage, set())
        self.assertAllowedParentPageTypes(FaqPage, {HomePage})
        self.assertAllowedSubpageTypes(FaqPage, {QuestionFormPage})
        self.assertAllowedParentPageTypes(QuestionFormPage, {FaqPage, HomePage})
        self.assertAllowedSubpageTypes(QuestionFormPage, set())
        self.assertAllowedParentPageTypes(ExpertIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ExpertIndexPage, set())
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_one_library_and_news_index_per_language(self):
        for model in (MaterialIndexPage, NewsIndexPage, ExpertIndexPage):
            with self.subTest(model=model.__name__):
                self.assertFalse(model.can_create_at(self.home))  # one exists already
        self.assertCanNotCreateAt(StandardPage, MaterialIndexPage)

    def test_editor_can_create_a_material(self):
        self.assertCanCreate(
            self.library,
            MaterialPage,
            {
                **nested_form_data(
                    {
                        "title": "Kotoutumisohjelman laatimisen opas",
                        "slug": "kotoutumisohjelman-opas",
                        "summary": "Opas kunnille.",
                        "material_type": "guide",
                        "reform": "koto24",
                        "language": "fi",
                        "audience": "members",
                        "published_on": "2025-02-03",
                        "valid_until_on": "2026-12-31",
                        "updated_on": "",
                        "municipality": "",
                        "expert": self.expert.pk,
                        "attachments": streamfield(
                            [
                                (
                                    "document",
                                    {
                                        "document": self.document.pk,
                                        "title": "",
                                        "description": "PDF",
                                    },
                                ),
                                (
                                    "link",
                                    {
                                        "url": "https://kotoutuminen.fi/",
                                        "title": "Kotoutuminen.fi",
                                        "description": "",
                                    },
                                ),
                            ]
                        ),
                        "body": streamfield([]),
                        "related_event_links": inline_formset([]),
                        "related_material_links": inline_formset(
                            [{"material": self.material.pk}]
                        ),
                    }
                ),
                "themes": [self.theme.pk],
            },
        )
        created = MaterialPage.objects.get(slug="kotoutumisohjelman-opas")
        self.assertEqual(created.audience, "members")
        self.assertEqual(list(created.themes.all()), [self.theme])
        self.assertEqual(
            [link.material for link in created.related_material_links.all()],
            [self.material],
        )
        self.assertEqual(len(created.attachments), 2)

    def test_good_practice_needs_its_municipality(self):
        response = self.client.post(
            f"/admin/pages/add/materials/materialpage/{self.library.pk}/",
            {
                **nested_form_data(
                    {
                        "title": "Hyvä käytäntö",
                        "slug": "hyva-kaytanto",
                        "summary": "Kuvaus.",
                        "material_type": "good_practice",
                        "reform": "both",
                        "language": "fi",
                        "audience": "public",
                        "published_on": "2025-02-03",
                        "valid_until_on": "2025-01-01",
                        "attachments": streamfield([]),
                        "body": streamfield([]),
                        "related_event_links": inline_formset([]),
                        "related_material_links": inline_formset([]),
                    }
                ),
                "action-publish": "action-publish",
            },
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn("municipality", errors)
        self.assertIn("valid_until_on", errors)

    def test_editor_can_create_a_faq_page(self):
        self.assertCanCreate(
            self.home,
            FaqPage,
            nested_form_data(
                {
                    "title": "Kysymyksiä rahoituksesta",
                    "slug": "rahoitus-faq",
                    "intro": "",
                    "sections": streamfield(
                        [
                            (
                                "section",
                                {
                                    "theme": self.theme.pk,
                                    "heading": "",
                                    "expert": self.expert.pk,
                                    "questions": {
                                        "count": "1",
                                        "0": {
                                            "value": {
                                                "question": "Mistä rahoitus tulee?",
                                                "anchor": "rahoitus",
                                                "answer": rich_text(
                                                    "<p>Valtiolta.</p>"
                                                ),
                                                "reviewed_on": "2025-03-01",
                                                "related_materials": {"count": "0"},
                                            },
                                            "deleted": "",
                                            "order": "0",
                                            "id": "",
                                        },
                                    },
                                },
                            )
                        ]
                    ),
                }
            ),
        )
        page = FaqPage.objects.get(slug="rahoitus-faq")
        entry = page.faq_sections()[0].entries[0]
        self.assertEqual((entry.anchor, entry.answer_text), ("rahoitus", "Valtiolta."))

    def test_editor_can_create_a_question_form(self):
        self.assertCanCreate(
            self.faq,
            QuestionFormPage,
            nested_form_data(
                {
                    "title": "Kysy rahoituksesta",
                    "slug": "kysy-rahoituksesta",
                    "intro": "Vastaamme viikon kuluessa.",
                    "thank_you_text": rich_text("<p>Kiitos!</p>"),
                    "to_address": "rahoitus@muutostuki.example",
                    "subject": "Rahoituskysymys",
                    "form_fields": inline_formset(
                        [
                            {
                                "label": "Kysymys",
                                "field_type": "multiline",
                                "required": "on",
                                "choices": "",
                                "default_value": "",
                                "help_text": "",
                            }
                        ]
                    ),
                }
            ),
        )

    def test_editor_can_create_news(self):
        self.assertCanCreate(
            self.newsroom,
            NewsPage,
            {
                **nested_form_data(
                    {
                        "title": "Työllisyysalueet aloittivat",
                        "summary": "TE24-uudistus on voimassa.",
                        "news_type": "news",
                        "published_on": "2025-01-02",
                        "author_expert": self.expert.pk,
                        "author_name": "",
                        "reform": "te24",
                        "audience": "public",
                        "body": streamfield([]),
                    }
                ),
                "themes": [self.theme.pk],
            },
        )

    def test_every_page_type_is_editable_and_previewable(self):
        # StreamFields are drawn by JavaScript, so their pages get explicit form data.
        material_data = {
            **nested_form_data(
                {
                    "title": self.material.title,
                    "slug": self.material.slug,
                    "summary": self.material.summary,
                    "material_type": "guide",
                    "reform": "both",
                    "language": "fi",
                    "audience": "public",
                    "published_on": self.material.published_on.isoformat(),
                    "expert": self.expert.pk,
                    "attachments": streamfield(
                        [
                            (
                                "document",
                                {
                                    "document": self.document.pk,
                                    "title": "",
                                    "description": "",
                                },
                            )
                        ]
                    ),
                    "body": streamfield([]),
                    "related_event_links": inline_formset([]),
                    "related_material_links": inline_formset([]),
                }
            ),
            "themes": [self.theme.pk],
        }
        faq_data = nested_form_data(
            {
                "title": self.faq.title,
                "slug": self.faq.slug,
                "intro": "",
                "sections": streamfield([]),
            }
        )
        news_data = nested_form_data(
            {
                "title": self.news.title,
                "slug": self.news.slug,
                "summary": self.news.summary,
                "news_type": "news",
                "published_on": self.news.published_on.isoformat(),
                "author_name": "Toimitus",
                "reform": "both",
                "audience": "public",
                "body": streamfield([]),
            }
        )
        for page, data in (
            (self.library, None),
            (self.material, material_data),
            (self.faq, faq_data),
            (self.question_form, None),
            (self.experts, None),
            (self.newsroom, None),
            (self.news, news_data),
        ):
            with self.subTest(page=type(page).__name__):
                self.assertPageIsEditable(page, post_data=data)
                self.assertPageIsPreviewable(page, post_data=data)

    def test_editor_can_add_an_expert_with_languages(self):
        response = self.client.post(
            "/admin/snippets/materials/expert/add/",
            {
                "name": "Bertil Bäck",
                "slug": "bertil-back",
                "title_fi": "Viestinnän asiantuntija",
                "title_sv": "Kommunikationsexpert",
                "title_en": "",
                "responsibilities_fi": "Viestintä ja ruotsinkieliset kunnat.",
                "responsibilities_sv": "",
                "responsibilities_en": "",
                "themes": [self.theme.pk],
                "email": "bertil.back@muutostuki.example",
                "phone": "",
                "languages": ["sv", "fi"],
                "sort_order": "100",
            },
        )
        self.assertEqual(response.status_code, 302)
        expert = Expert.objects.get(slug="bertil-back")
        self.assertEqual(expert.languages, ["fi", "sv"])
        self.assertEqual(list(expert.themes.all()), [self.theme])

    def test_expert_list_filters_by_theme(self):
        ExpertFactory(name="Cecilia Ceder", slug="cecilia")
        response = self.client.get(
            "/admin/snippets/materials/expert/", {"themes": self.theme.pk}
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Cecilia Ceder")
        self.expert.themes.add(self.theme)
        response = self.client.get(
            "/admin/snippets/materials/expert/", {"themes": self.theme.pk}
        )
        self.assertContains(response, "Aino Asiantuntija")


@pytest.mark.django_db
def test_database_refuses_expiry_before_publication(material_index):
    from django.db import IntegrityError, transaction

    page = MaterialPageFactory(parent=material_index)
    earlier = page.published_on.replace(year=page.published_on.year - 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialPage.objects.filter(pk=page.pk).update(valid_until_on=earlier)
