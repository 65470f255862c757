"""Every model in `PORTAL_PAGE_CACHE_DEPENDENCIES` expires the anonymous page cache: a
page stored in the cache is rendered afresh at the next request after an instance of the
model is created or edited (and, where a public page shows the model, shows the change).

Each case builds a page, changes an instance and says what the fresh page shows (None
where no cached page shows the model's rows, e.g. tags or survey series: the page is then
only required to be rendered afresh). A model added to the list without a case here fails
`test_every_declared_model_has_a_case`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.test import Client

from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, PageViewRestriction, Site

import pytest

from asks import services as asks_services
from asks.models import QuestionVote
from events import services
from network.models import Municipality
from portal import pagecache
from portal.models import SiteSettings, Theme
from surveys.models import SurveySeries
from tests.factories.events import (
    EventPageFactory,
    EventSeriesFactory,
    RegistrationFactory,
    in_days,
)
from tests.factories.materials import (
    DocumentFactory,
    ExpertFactory,
    ExpertIndexPageFactory,
    MaterialIndexPageFactory,
    MaterialPageFactory,
    attachment,
)
from tests.factories.portal import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings, db):
    settings.PORTAL_PAGE_CACHE = True
    pagecache._local.clear()
    yield
    pagecache._local.clear()


@dataclass
class Case:
    """An anonymous page's address, the change, and what the page shows after it (None:
    nothing of the model is shown, the page only has to be rendered afresh)."""

    url: str
    change: Callable[[], None]
    shows: str | None


def site_settings(home_page, event_index) -> Case:
    def change():
        row = SiteSettings.for_site(home_page.get_site())
        row.organisation_name = "Muutostuen uusi nimi"
        row.save()

    return Case("/fi/", change, "Muutostuen uusi nimi")


def theme(home_page, event_index) -> Case:
    theme = Theme.objects.create(slug="rahoitus", name_fi="Rahoitus", name_sv="Fin")
    ExpertFactory(name="Asiantuntija", themes=[theme])
    index = ExpertIndexPageFactory(parent=home_page)

    def change():
        theme.name_fi = "Rahoitusmallit"
        theme.save()

    return Case(index.url, change, "Rahoitusmallit")


def municipality(home_page, event_index) -> Case:
    event = EventPageFactory(
        parent=event_index, capacity=10
    )  # the guest form lists them
    joensuu = Municipality.objects.get(code="167")

    def change():
        joensuu.name_fi = "Joensuun kaupunki"
        joensuu.save()

    return Case(event.url, change, "Joensuun kaupunki")


def event_series(home_page, event_index) -> Case:
    series = EventSeriesFactory(name_fi="Vanha sarja")
    event = EventPageFactory(parent=event_index, series=series)

    def change():
        series.name_fi = "Uusi sarja"
        series.save()

    return Case(event.url, change, "Uusi sarja")


def expert(home_page, event_index) -> Case:
    index = ExpertIndexPageFactory(parent=home_page)
    expert = ExpertFactory(name="Vanha Nimi")

    def change():
        expert.name = "Uusi Nimi"
        expert.save()

    return Case(index.url, change, "Uusi Nimi")


def survey_series(home_page, event_index) -> Case:
    def change():
        SurveySeries.objects.create(
            name_fi="Kuntakysely", name_sv="Kommunenkät", slug="kuntakysely"
        )

    return Case("/fi/", change, None)


def locale(home_page, event_index) -> Case:
    def change():
        Locale.objects.get(language_code="en").save()

    return Case("/fi/", change, None)


def site(home_page, event_index) -> Case:
    def change():
        row = Site.objects.get(is_default_site=True)
        row.site_name = "Muutostuki"
        row.save()

    return Case("/fi/", change, None)


def view_restriction(home_page, event_index) -> Case:
    page = StandardPageFactory(parent=home_page, title="Sisäinen", slug="sisainen")

    def change():
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )

    return Case(page.url, change, None)


def revision(home_page, event_index) -> Case:
    """A capacity change: a queryset update of the page row, and revisions saved."""
    event = EventPageFactory(parent=event_index, capacity=10)
    event.save_revision().publish()

    def change():
        services.change_capacity(event=event, capacity=25)

    return Case(event.url, change, "25 paikkaa jäljellä")


def image(home_page, event_index) -> Case:
    """Shown as renditions (expert photos, page images); not rendered here, since a
    rendition of the test image leaves a temporary file open (warnings are errors)."""
    photo = get_image_model().objects.create(
        title="Kuva", file=get_test_image_file(filename="asiantuntija.png")
    )

    def change():
        photo.title = "Asiantuntijan kuva"
        photo.save()

    return Case("/fi/", change, None)


def document(home_page, event_index) -> Case:
    file = DocumentFactory(title="Vanha liite")
    library = MaterialIndexPageFactory(parent=home_page)
    material = MaterialPageFactory(
        parent=library, slug="opas", attachments=[attachment(file)]
    )

    def change():
        file.title = "Uusi liite"
        file.save()

    return Case(material.url, change, "Uusi liite")


def tag(home_page, event_index) -> Case:
    def change():
        Tag.objects.create(name="kotoutuminen", slug="kotoutuminen")

    return Case("/fi/", change, None)


def _answered_qa_hour(event_index):
    """A Q&A hour two days ago with one answered question, its answers published."""
    event = EventPageFactory(parent=event_index, starts_at=in_days(-2))
    asker, staff = UserFactory(), UserFactory(is_staff=True)
    RegistrationFactory(event=event, user=asker, email=asker.email)
    question = asks_services.ask_question(
        event=event,
        user=asker,
        body="Miten palvelusuunnitelma laaditaan?",
        shows_name=False,
        now=event.starts_at - datetime.timedelta(days=1),
    )
    asks_services.answer_question(question=question, by=staff, answer="Vanha vastaus")
    asks_services.publish_answers(event=event, by=staff)
    return event, question, staff


def question_settings(home_page, event_index) -> Case:
    event, _question, staff = _answered_qa_hour(event_index)

    def change():
        asks_services.unpublish_answers(event=event, by=staff)

    return Case(event.url, change, None)


def question(home_page, event_index) -> Case:
    event, question, staff = _answered_qa_hour(event_index)

    def change():
        asks_services.answer_question(
            question=question, by=staff, answer="Korjattu vastaus"
        )

    return Case(event.url, change, "Korjattu vastaus")


def question_vote(home_page, event_index) -> Case:
    """The published answers say how many others had the same question."""
    event, question, _staff = _answered_qa_hour(event_index)

    def change():
        QuestionVote.objects.create(question=question, user=UserFactory())

    return Case(event.url, change, None)


CASES = {
    "portal.SiteSettings": site_settings,
    "portal.Theme": theme,
    "network.Municipality": municipality,
    "events.EventSeries": event_series,
    "materials.Expert": expert,
    "surveys.SurveySeries": survey_series,
    "wagtailcore.Locale": locale,
    "wagtailcore.Site": site,
    "wagtailcore.PageViewRestriction": view_restriction,
    "wagtailcore.Revision": revision,
    "wagtailimages.Image": image,
    "wagtaildocs.Document": document,
    "taggit.Tag": tag,
}


#: `PORTAL_EVENT_PAGE_DEPENDENCIES`: the case's page is one event's.
EVENT_CASES = {
    "asks.EventQuestionSettings": question_settings,
    "asks.Question": question,
    "asks.QuestionVote": question_vote,
}


def test_every_declared_model_has_a_case():
    assert sorted(CASES) == sorted(settings.PORTAL_PAGE_CACHE_DEPENDENCIES)
    assert sorted(EVENT_CASES) == sorted(settings.PORTAL_EVENT_PAGE_DEPENDENCIES)


@pytest.mark.parametrize("label", sorted(CASES))
def test_a_change_to_a_declared_model_shows_at_the_next_request(
    label, home_page, event_index
):
    case = CASES[label](home_page, event_index)
    client = Client()
    states = [client.get(case.url)["X-Page-Cache"] for _ in range(3)]
    assert states[-1] == "hit", states

    case.change()
    response = client.get(case.url)

    assert response.get("X-Page-Cache") != "hit"
    if label == "wagtailcore.PageViewRestriction":
        assert response.status_code == 302
        assert "?next=" in response["Location"]
    else:
        assert response.status_code == 200
    if case.shows is not None:
        assert case.shows in response.content.decode()


@pytest.mark.parametrize("label", sorted(EVENT_CASES))
def test_a_change_to_an_events_rows_shows_on_its_page_only(
    label, home_page, event_index
):
    """The event's page is rendered afresh at the next request; another event's page, a
    material and the home page stay in the cache."""
    case = EVENT_CASES[label](home_page, event_index)
    other_event = EventPageFactory(parent=event_index, starts_at=in_days(9))
    material = MaterialPageFactory(parent=MaterialIndexPageFactory(parent=home_page))
    others = [other_event.url, material.url, "/fi/"]
    client = Client()
    for url in [case.url, *others]:
        states = [client.get(url)["X-Page-Cache"] for _ in range(3)]
        assert states[-1] == "hit", (url, states)

    case.change()

    response = client.get(case.url)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit"
    if case.shows is not None:
        assert case.shows in response.content.decode()
    assert [client.get(url)["X-Page-Cache"] for url in others] == ["hit"] * 3
