"""Survey pages in Wagtail: tree rules, admin creation with questions, rendering in Finnish
and Swedish, editing and preview."""

import datetime

from django.utils import timezone

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.models import HomePage
from surveys.models import SurveyIndexPage, SurveyPage
from tests.factories.portal import UserFactory
from tests.factories.surveys import SurveyIndexPageFactory, SurveyPageFactory


def list_block(items: list[dict]) -> dict:
    """What the admin posts for a ListBlock (built by JavaScript there)."""
    return {
        "count": len(items),
        **{
            str(index): {"value": item, "deleted": "", "order": index, "id": ""}
            for index, item in enumerate(items)
        },
    }


def question(identifier: str, text: str, **extra) -> dict:
    return {
        "identifier": identifier,
        "question": text,
        "help_text": "",
        "required": "on",
        "show_if_question": "",
        "show_if_value": "",
        **extra,
    }


def survey_form_data(**fields) -> dict:
    opens = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    return nested_form_data(
        {
            "title": "Pulssi 2025/3",
            "slug": "pulssi-2025-3",
            "intro": rich_text("<p>Kolme kysymystä kotoutumisen resursseista.</p>"),
            "thank_you_text": rich_text("<p>Kiitos vastauksestasi!</p>"),
            "questions": streamfield(
                [
                    ("municipality", question("municipality", "Kunta")),
                    (
                        "likert",
                        question(
                            "resources",
                            "Kuinka riittävät kuntanne resurssit ovat?",
                            scale=list_block(
                                [
                                    {"label": "Riittävät", "value": "2"},
                                    {"label": "Riittämättömät", "value": "1"},
                                ]
                            ),
                            cant_say="on",
                            cant_say_label="",
                        ),
                    ),
                ]
            ),
            "audience": "members",
            "answer_mode": "municipality",
            "opens_at": opens.strftime("%Y-%m-%d %H:%M"),
            "closes_at": (opens + datetime.timedelta(days=14)).strftime(
                "%Y-%m-%d %H:%M"
            ),
            "send_receipt": "on",
            **fields,
        }
    )


class SurveyPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(locale__language_code="fi")
        cls.index = SurveyIndexPageFactory(parent=cls.home)
        cls.survey = SurveyPageFactory(parent=cls.index, title="Pulssi 2025/1")
        sv_home = HomePage.objects.get(locale__language_code="sv")
        sv = Locale.objects.get(language_code="sv")
        cls.sv_index = SurveyIndexPageFactory(
            parent=sv_home, title="Enkäter", slug="enkater", locale=sv
        )
        cls.sv_survey = SurveyPageFactory(
            parent=cls.sv_index, title="Puls 2025/1", slug="puls", locale=sv
        )

    def setUp(self):
        self.editor = UserFactory(
            email="paakayttaja@muutostuki.example", is_superuser=True, is_staff=True
        )
        self.client.force_login(self.editor)

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(SurveyIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(SurveyIndexPage, {SurveyPage})
        self.assertAllowedParentPageTypes(SurveyPage, {SurveyIndexPage})
        self.assertAllowedSubpageTypes(SurveyPage, set())

    def test_editor_can_create_a_survey_in_the_admin(self):
        self.assertCanCreate(self.index, SurveyPage, survey_form_data())
        created = SurveyPage.objects.get(slug="pulssi-2025-3")
        resources = created.question_list[1]
        assert resources.identifier == "resources"
        assert resources.block.steps(resources.value)[0] == ("2", "Riittävät", 2)
        assert created.original_closes_at == created.closes_at

    def test_admin_refuses_repeated_identifiers(self):
        data = survey_form_data()
        data["questions-1-value-identifier"] = "municipality"
        response = self.client.post(
            f"/admin/pages/add/surveys/surveypage/{self.index.pk}/", data
        )
        assert response.status_code == 200
        assert not SurveyPage.objects.filter(slug="pulssi-2025-3").exists()

    def test_pages_render_in_finnish_and_swedish(self):
        self.assertPageIsRenderable(self.index, user=self.editor)
        self.assertPageIsRenderable(self.survey, user=self.editor)
        self.assertPageIsRenderable(
            self.survey, route_path="/thanks/", user=self.editor
        )
        self.assertPageIsRenderable(
            self.survey, route_path="/results/", user=self.editor
        )
        self.client.force_login(self.editor)  # assertPageIsRenderable logged out
        response = self.client.get(self.sv_survey.url)
        self.assertContains(response, 'lang="sv"')
        self.assertContains(response, "Puls 2025/1")

    def test_pages_are_editable_and_previewable(self):
        data = survey_form_data(title=self.survey.title, slug=self.survey.slug)
        self.assertPageIsEditable(self.index, user=self.editor)
        self.assertPageIsEditable(self.survey, post_data=data, user=self.editor)
        self.assertPageIsPreviewable(self.index, user=self.editor)
        self.assertPageIsPreviewable(self.survey, post_data=data, user=self.editor)
