"""Wagtail's view restrictions ("privacy") are checked on every page view, against the cached
table of restrictions (`portal.cache.view_restrictions`, `portal.models.PortalPageMixin`)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, get_page_models

import pytest

from portal.cache import view_restrictions
from portal.models import PortalPageMixin, StandardPage

pytestmark = pytest.mark.django_db

PORTAL_APPS = {"portal", "events", "materials", "forums", "surveys", "network"}


def test_every_page_model_of_the_portal_uses_the_mixin():
    page_models = [
        model for model in get_page_models() if model._meta.app_label in PORTAL_APPS
    ]
    assert len(page_models) >= 10
    for model in page_models:
        assert issubclass(model, PortalPageMixin), model
        # First in the bases, or first in those of the portal page it extends
        # (PracticePage is a MaterialPage): no other class comes before it.
        before = model.__mro__[: model.__mro__.index(PortalPageMixin)]
        assert all(issubclass(cls, PortalPageMixin) for cls in before), model


@pytest.fixture
def about(home_page) -> StandardPage:
    page = StandardPage(title="Tietoa muutostuesta", slug="tietoa")
    home_page.add_child(instance=page)
    child = StandardPage(title="Yhteystiedot", slug="yhteystiedot")
    page.add_child(instance=child)
    return page


def test_pages_are_served_without_restriction_queries_when_there_are_none(
    client, about
):
    client.get("/fi/tietoa/")  # fills the cached answer
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fi/tietoa/")
    assert response.status_code == 200
    assert not any(
        "wagtailcore_pageviewrestriction" in query["sql"]
        for query in queries.captured_queries
    )


def test_a_page_without_restrictions_gives_them_without_compiling_a_query(
    about, monkeypatch
):
    """Wagtail iterates them on every page view; its actions and admin ask `.exists()`
    and `.order_by()` of them."""
    from django.db.models.sql.compiler import SQLCompiler

    about.get_view_restrictions()  # evaluated once per process

    def compiled(*args, **kwargs):
        raise AssertionError("compiled a query")

    with monkeypatch.context() as patched:
        patched.setattr(SQLCompiler, "execute_sql", compiled)
        restrictions = about.get_view_restrictions()
        assert list(restrictions) == []
        assert not restrictions
        assert not restrictions.exists()
    assert list(restrictions.order_by("-page__depth")) == []


def test_a_new_restriction_applies_at_once_to_the_page_and_its_children(
    client, about, member_user
):
    assert client.get("/fi/tietoa/yhteystiedot/").status_code == 200
    assert view_restrictions() == ()

    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.LOGIN
    )
    assert view_restrictions() == (
        (restriction.pk, about.path, PageViewRestriction.LOGIN),
    )
    for path in ("/fi/tietoa/", "/fi/tietoa/yhteystiedot/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "login" in response["Location"]
    client.force_login(member_user)
    assert client.get("/fi/tietoa/yhteystiedot/").status_code == 200

    restriction.delete()
    assert view_restrictions() == ()
    client.logout()
    assert client.get("/fi/tietoa/yhteystiedot/").status_code == 200


def test_a_password_restriction_asks_for_the_password(client, about):
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="salasana"
    )
    response = client.get("/fi/tietoa/")
    assert response.status_code == 200
    assert b'name="password"' in response.content
    assert "Yhteystiedot" not in response.content.decode()


def sql_of(client, path) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, [query["sql"] for query in queries.captured_queries]


def test_the_check_runs_on_every_request_with_a_restriction_elsewhere(
    client, about, home_page
):
    """A restriction on another page costs no query on this one, and the page is still
    checked: Wagtail's hook asks the page for its restrictions on every request."""
    other = StandardPage(title="Sisäinen", slug="sisainen")
    home_page.add_child(instance=other)
    PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.LOGIN
    )
    client.get("/fi/tietoa/")
    asked = []
    real = StandardPage.get_view_restrictions

    def counting(page):
        asked.append(page.pk)
        return real(page)

    StandardPage.get_view_restrictions = counting
    try:
        status, sql = sql_of(client, "/fi/tietoa/yhteystiedot/")
    finally:
        StandardPage.get_view_restrictions = real
    assert status == 200
    assert asked
    assert not [q for q in sql if "wagtailcore_pageviewrestriction" in q]
    assert client.get("/fi/sisainen/").status_code == 302


def test_a_restricted_page_loads_its_restrictions_with_one_query(
    client, about, member_user
):
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.LOGIN
    )
    client.force_login(member_user)
    client.get("/fi/tietoa/yhteystiedot/")
    status, sql = sql_of(client, "/fi/tietoa/yhteystiedot/")
    assert status == 200
    assert len([q for q in sql if "wagtailcore_pageviewrestriction" in q]) == 1


def test_an_alias_has_the_restrictions_of_its_source(client, about, home_page):
    alias = about.create_alias(parent=home_page, update_slug="tietoa-kopio")
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.LOGIN
    )
    assert set(alias.specific.get_view_restrictions()) == set(
        about.get_view_restrictions()
    )
    response = client.get("/fi/tietoa-kopio/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_moved_page_takes_the_restrictions_of_its_new_place(client, about, home_page):
    private = StandardPage(title="Sisäinen", slug="sisainen")
    home_page.add_child(instance=private)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    contact = about.get_children().get().specific
    assert client.get("/fi/tietoa/yhteystiedot/").status_code == 200
    contact.move(private, pos="last-child")
    response = client.get("/fi/sisainen/yhteystiedot/")
    assert response.status_code == 302
