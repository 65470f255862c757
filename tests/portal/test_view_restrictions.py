"""Wagtail's view restrictions ("privacy") still hold while their check is skipped for a
site that has none (`portal.models.PortalPageMixin`)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, get_page_models

import pytest

from portal.cache import any_view_restrictions
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


def test_pages_are_served_without_looking_for_restrictions_when_there_are_none(
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


def test_a_new_restriction_applies_at_once_to_the_page_and_its_children(
    client, about, member_user
):
    assert client.get("/fi/tietoa/yhteystiedot/").status_code == 200
    assert any_view_restrictions() is False

    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.LOGIN
    )
    assert any_view_restrictions() is True
    for path in ("/fi/tietoa/", "/fi/tietoa/yhteystiedot/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "login" in response["Location"]
    client.force_login(member_user)
    assert client.get("/fi/tietoa/yhteystiedot/").status_code == 200

    restriction.delete()
    assert any_view_restrictions() is False
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
