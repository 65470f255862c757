"""What each cached piece depends on is declared once (`PORTAL_CACHE_DEPENDENCIES`,
connected by `portal.cache.connect_dependencies`): editing any model of the layout, the
filters and the cached fragments shows in the next response, for a signed-in member and
for an anonymous visitor served from the whole-page cache."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_save

from wagtail.models import PageViewRestriction, Site

import pytest

from asks.models import Question, QuestionVote
from network.models import Municipality
from portal import pagecache
from portal.cache import (
    ANY_PAGE,
    EVENT_PAGES,
    PUBLIC_CONTENT,
    USER_ROWS,
    dependencies,
    user_key,
    version,
)
from portal.models import SiteSettings, Theme
from tests.factories.events import EventPageFactory, EventSeriesFactory
from tests.factories.materials import MaterialPageFactory
from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE = True
    pagecache._local.clear()
    yield
    pagecache._local.clear()


def edit_page(home_page):
    about = StandardPageFactory(parent=home_page, title="Vanha otsikko", slug="tietoa")
    child = StandardPageFactory(parent=about, title="Yhteystiedot", slug="yhteys")

    def edit():
        about.title = "Uusi otsikko"
        about.save_revision().publish()

    return child.url, "Vanha otsikko", edit, "Uusi otsikko"  # the breadcrumbs


def edit_site_settings(home_page):
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.organisation_name = "Vanha portaali"
    site_settings.save()

    def edit():
        site_settings.organisation_name = "Uusi portaali"
        site_settings.save()

    return "/fi/", "Vanha portaali", edit, "Uusi portaali"  # the header and the title


def edit_theme(home_page):
    from materials.models import MaterialIndexPage

    index = MaterialIndexPage(title="Materiaalit", slug="materiaalit")
    home_page.add_child(instance=index)
    theme = Theme.objects.create(slug="rahoitus", name_fi="Rahoitus", name_sv="Fin")
    MaterialPageFactory(parent=index, themes=[theme])

    def edit():
        theme.name_fi = "Rahoitusmallit"
        theme.save()

    return index.url, ">Rahoitus<", edit, "Rahoitusmallit"  # the filter form


def edit_series(home_page):
    from tests.factories.events import EventIndexPageFactory

    index = EventIndexPageFactory(parent=home_page, slug="tapahtumat")
    series = EventSeriesFactory(name_fi="Vanha sarja")
    EventPageFactory(parent=index, series=series)

    def edit():
        series.name_fi = "Uusi sarja"
        series.save()

    return index.url, "Vanha sarja", edit, "Uusi sarja"  # the filter form and the card


def edit_expert(home_page):
    from tests.factories.events import EventIndexPageFactory
    from tests.factories.materials import ExpertFactory

    index = EventIndexPageFactory(parent=home_page, slug="tapahtumat")
    expert = ExpertFactory(name="Vanha Puhuja")
    event = EventPageFactory(parent=index, speakers=[("expert", expert)])

    def edit():
        expert.name = "Uusi Puhuja"
        expert.save()

    return event.url, "Vanha Puhuja", edit, "Uusi Puhuja"  # the event page's speakers


def edit_municipality(home_page):
    from tests.factories.events import EventIndexPageFactory

    index = EventIndexPageFactory(parent=home_page, slug="tapahtumat")
    event = EventPageFactory(parent=index, capacity=10)
    municipality = Municipality.objects.order_by("code").first()
    old_name = municipality.name_fi

    def edit():
        municipality.name_fi = "Uusikunta"
        municipality.save()

    return event.url, f">{old_name}<", edit, "Uusikunta"  # the registration form


def edit_site(home_page):
    site = Site.objects.get(is_default_site=True)

    def edit():
        site.site_name = "Muutostuki (uusi)"
        site.save()

    return "/fi/", None, edit, None  # the cached site, checked on the request


def edit_view_restriction(home_page):
    about = StandardPageFactory(parent=home_page, title="Sisäinen", slug="sisainen")

    def edit():
        PageViewRestriction.objects.create(
            page=about, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )

    return about.url, "Johdanto.", edit, 'name="password"'


#: Each model of the layout, the filters and the cached fragments, and an edit of it
#: that a page shows: (address, text before, edit, text after).
EDITS = {
    ANY_PAGE: edit_page,
    "portal.SiteSettings": edit_site_settings,
    "portal.Theme": edit_theme,
    "events.EventSeries": edit_series,
    "materials.Expert": edit_expert,
    "network.Municipality": edit_municipality,
    "wagtailcore.Site": edit_site,
    "wagtailcore.PageViewRestriction": edit_view_restriction,
}

#: Models of those pieces with nothing of their own on a page: a locale is only its
#: language code, and pages in a new one bump the layout themselves. Their receivers are
#: checked below (`test_every_declared_model_marks_its_piece_out_of_date`).
NOTHING_SHOWN = {"wagtailcore.Locale"}

LAYOUT_PIECES = ("layout", "municipalities", "view-restrictions", "event-speakers")


def test_every_model_of_the_layout_filters_and_fragments_has_an_edit():
    declared = {
        label
        for name in LAYOUT_PIECES
        for label in settings.PORTAL_CACHE_DEPENDENCIES[name]
    }
    assert declared == set(EDITS) | NOTHING_SHOWN


@pytest.mark.parametrize("viewer", ["member", "anonymous"])
@pytest.mark.parametrize("label", sorted(EDITS))
def test_an_edit_shows_in_the_next_response(
    client, home_page, member_user, viewer, label
):
    url, before, edit, after = EDITS[label](home_page)
    if viewer == "member":
        client.force_login(member_user)
    # A page that shows seats is stored from its second request (`portal.pagecache`).
    for _ in range(3):
        warm = client.get(url)
        if viewer == "member" or warm["X-Page-Cache"] == "hit":
            break
    assert warm.status_code == 200
    if viewer == "anonymous":
        assert warm["X-Page-Cache"] == "hit"
    if before is not None:
        assert before in warm.content.decode()

    edit()
    response = client.get(url)

    if viewer == "anonymous":
        assert response.get("X-Page-Cache") != "hit"
    if after is not None:
        assert after in response.content.decode()
        if before is not None:
            assert before not in response.content.decode()
    else:
        site = Site.find_for_request(response.wsgi_request)
        assert site.site_name == "Muutostuki (uusi)"


def test_every_declared_model_marks_its_piece_out_of_date(member_user):
    """A save of a row of each declared model bumps the piece's version (the page cache's
    public version; for the user rows, the user's entry is marked as changed)."""
    for name, models in dependencies().items():
        for model in models:
            if model == ANY_PAGE:
                from portal.models import StandardPage as model
            if name == USER_ROWS:
                cache.delete(user_key(member_user.pk))
                post_save.send(sender=model, instance=member_user, created=False)
                assert cache.get(user_key(member_user.pk)) is not None, model
                continue
            instance = model()
            if name == EVENT_PAGES:  # the version of the event the row names
                if model is QuestionVote:
                    instance.question = Question(event_id=4242)
                else:
                    instance.event_id = 4242
                read = lambda: cache.get(pagecache.event_key(4242))  # noqa: E731
            elif name == PUBLIC_CONTENT:
                read = lambda: cache.get(pagecache.PUBLIC_VERSION_KEY)  # noqa: E731
            else:
                read = lambda name=name: version(name)  # noqa: E731
            before = read()
            post_save.send(sender=model, instance=instance, created=False)
            assert read() != before, (name, model)
