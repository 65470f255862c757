"""Event pages in Wagtail: tree rules, admin creation, rendering, editing, preview, clean(),
and speakers (experts of the directory or guests)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest
from bs4 import BeautifulSoup

from events.models import EventIndexPage, EventPage
from portal.models import HomePage
from tests.factories.events import EventIndexPageFactory, EventPageFactory, in_days
from tests.factories.materials import ExpertFactory
from tests.factories.portal import UserFactory


def event_form_data(**fields) -> dict:
    """What the admin's event form posts (StreamFields are built by JavaScript there)."""
    starts_at = timezone.localtime(in_days(14))
    return nested_form_data(
        {
            "title": "TE24-tuumaustunti: Kuntalain 54 §:n sopimusohjeen esittely",
            "slug": "te24-tuumaustunti-54",
            "intro": "Esittelemme sopimusohjeen ja vastaamme kysymyksiin.",
            "event_type": "qa_hour",
            "language": "fi",
            "reform": "te24",
            "audience": "public",
            "starts_at": starts_at.strftime("%Y-%m-%d %H:%M"),
            "ends_at": (starts_at + datetime.timedelta(minutes=90)).strftime(
                "%Y-%m-%d %H:%M"
            ),
            "format": "online",
            "online_meeting_url": "https://teams.example/meet/te24",
            "meeting_link_lead_minutes": 30,
            "capacity": 100,
            "has_waitlist": "on",
            "description": rich_text("<p>Tervetuloa!</p>"),
            "speakers": streamfield(
                [
                    (
                        "speaker",
                        {
                            "name": "Maija Meikäläinen",
                            "title": "",
                            "organisation": "TEM",
                        },
                    )
                ]
            ),
            "registration_questions": streamfield(
                [
                    (
                        "long_text",
                        {
                            "label": "Kysymyksesi etukäteen",
                            "help_text": "",
                            "required": "",
                        },
                    )
                ]
            ),
            "documents": streamfield([]),
            "materials_audience": "registrants",
            **fields,
        }
    )


class EventPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(locale__language_code="fi")
        cls.index = EventIndexPageFactory(
            parent=cls.home, title="Tapahtumat", slug="tapahtumat"
        )
        cls.event = EventPageFactory(
            parent=cls.index,
            title="Koto-digi tuumaustunti",
            registration_questions=[
                ("short_text", {"label": "Kunta", "help_text": "", "required": True})
            ],
            speakers=[
                (
                    "speaker",
                    {"name": "Maija Meikäläinen", "title": "", "organisation": "TEM"},
                )
            ],
        )
        sv_home = HomePage.objects.get(locale__language_code="sv")
        cls.sv_index = EventIndexPageFactory(
            parent=sv_home, title="Evenemang", slug="evenemang", locale=sv_home.locale
        )
        cls.sv_event = EventPageFactory(
            parent=cls.sv_index,
            title="Informationsmöte för svenskspråkiga kommuner",
            language="sv",
            locale=Locale.objects.get(language_code="sv"),
        )

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())

    def setUp(self):
        self.editor = UserFactory(
            email="paakayttaja@muutostuki.example", is_superuser=True, is_staff=True
        )
        self.client.force_login(self.editor)

    def test_editor_can_create_an_event_in_the_admin(self):
        expert = ExpertFactory(name="Henna Laaksonen")
        speakers = streamfield(
            [
                ("expert", expert.pk),
                ("speaker", {"name": "Kaisa Rautio", "title": "", "organisation": ""}),
            ]
        )
        self.assertCanCreate(self.index, EventPage, event_form_data(speakers=speakers))

        created = EventPage.objects.get(slug="te24-tuumaustunti-54")
        self.assertEqual(
            [(child.block_type, str(child.value)) for child in created.speakers[:1]],
            [("expert", "Henna Laaksonen")],
        )
        self.assertEqual(created.speakers[1].value["name"], "Kaisa Rautio")
        self.assertEqual(
            created.ends_at - created.starts_at, datetime.timedelta(minutes=90)
        )
        self.assertEqual(
            created.registration_questions[0].value["label"], "Kysymyksesi etukäteen"
        )
        self.assertEqual(
            created.calendar_fingerprint, created.compute_calendar_fingerprint()
        )

    def test_pages_render_in_finnish_and_swedish(self):
        self.assertPageIsRenderable(self.index)
        self.assertPageIsRenderable(self.event)
        self.assertPageIsRenderable(self.event, route_path="/ics/")
        self.assertPageIsRenderable(self.sv_index)
        response = self.client.get(self.sv_event.url)
        self.assertContains(response, 'lang="sv"')
        self.assertContains(response, "Informationsmöte för svenskspråkiga kommuner")

    def test_pages_are_editable_and_previewable(self):
        data = event_form_data(title=self.event.title, slug=self.event.slug)
        self.assertPageIsEditable(self.index, user=self.editor)
        self.assertPageIsEditable(self.event, post_data=data, user=self.editor)
        self.assertPageIsPreviewable(self.index, user=self.editor)
        self.assertPageIsPreviewable(self.event, post_data=data, user=self.editor)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_at": in_days(7, hour=9)}, "ends_at"),
        ({"registration_closes_at": in_days(7, hour=11)}, "registration_closes_at"),
        (
            {"registration_opens_at": in_days(6), "registration_closes_at": in_days(5)},
            "registration_opens_at",
        ),
        ({"format": "on_site", "place": ""}, "place"),
        ({"is_cancelled": True, "cancellation_reason": " "}, "cancellation_reason"),
    ],
    ids=[
        "ends-before-start",
        "closes-after-start",
        "opens-after-close",
        "no-place",
        "no-reason",
    ],
)
def test_clean_reports_errors_on_their_fields(fields, field):
    values = {
        "starts_at": in_days(7, hour=10),
        "ends_at": in_days(7, hour=11),
        **fields,
    }
    event = EventPage(title="Tapahtuma", **values)

    with pytest.raises(ValidationError) as caught:
        event.clean()

    assert list(caught.value.message_dict) == [field]


# --- Speakers -----------------------------------------------------------------------------


def speaker_items(response) -> list[tuple[str, str | None]]:
    """Each speaker's line and, for an expert, the link on their name."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (item.get_text(), item.a["href"] if item.a else None)
        for item in soup.select(".event__speakers li")
    ]


@pytest.fixture
def henna(db):
    return ExpertFactory(
        name="Henna Laaksonen",
        slug="henna-laaksonen",
        title_fi="Lakiasiantuntija",
        title_sv="Juridisk sakkunnig",
    )


GUEST = ("speaker", {"name": "Kaisa Rautio", "title": "", "organisation": "TEM"})


def test_event_page_links_expert_speakers_and_names_guests(client, event_index, henna):
    event = EventPageFactory(parent=event_index, speakers=[("expert", henna), GUEST])

    assert speaker_items(client.get(event.url)) == [
        ("Henna Laaksonen, Lakiasiantuntija", "/fi/materials/experts/henna-laaksonen/"),
        ("Kaisa Rautio, TEM", None),
    ]


def test_swedish_event_page_gives_the_experts_swedish_title(
    client, home_pages, locales, henna
):
    sv_index = EventIndexPageFactory(
        parent=home_pages["sv"], title="Evenemang", locale=locales["sv"]
    )
    event = EventPageFactory(
        parent=sv_index, locale=locales["sv"], speakers=[("expert", henna)]
    )

    assert speaker_items(client.get(event.url)) == [
        (
            "Henna Laaksonen, Juridisk sakkunnig",
            "/sv/materials/experts/henna-laaksonen/",
        )
    ]


def test_an_expert_deleted_from_the_directory_is_left_out(client, event_index, henna):
    event = EventPageFactory(parent=event_index, speakers=[("expert", henna), GUEST])
    henna.delete()

    assert speaker_items(client.get(event.url)) == [("Kaisa Rautio, TEM", None)]


def test_expert_page_lists_the_events_they_speak_at(client, event_index, henna):
    event = EventPageFactory(parent=event_index, speakers=[GUEST, ("expert", henna)])
    EventPageFactory(parent=event_index, speakers=[GUEST])

    soup = BeautifulSoup(client.get(henna.get_absolute_url()).content, "html.parser")

    assert soup.select_one("#group-heading-1").get_text() == "Tapahtumasivut"
    links = soup.select('section[aria-labelledby="group-heading-1"] a')
    assert [(link.get_text(), link["href"]) for link in links] == [
        (event.title, event.url)
    ]


def test_calendar_uid_stays_when_the_portal_moves_to_another_host(
    public_event, settings
):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
    before = public_event.calendar_uid
    settings.PORTAL_BASE_URL = "https://muutostuki.example"
    assert (
        public_event.calendar_uid == before == f"event-{public_event.pk}@muutostuki.fi"
    )
