"""Friendly, translated error pages with the right status codes."""

import logging

from django.utils import translation

import pytest

pytestmark = pytest.mark.django_db


def translated(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.portal.error_urls"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_missing_page_gets_a_friendly_translated_404(client, language):
    response = client.get(f"/{language}/ei-ole-olemassa/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    heading = translated(language, "Page not found")
    if language != "en":
        assert heading != "Page not found"
    assert f"<h1>{heading}</h1>" in html
    assert f'href="/{language}/search/"' in html
    assert 'class="site-header"' in html


def test_server_error_page_renders_without_the_request(client, failing_urls, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.CRITICAL, logger="django.request"):
        response = client.get("/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Palvelussa on häiriö</h1>" in html
    assert 'lang="sv"' in html and 'lang="en"' in html


def test_permission_denied_gets_the_translated_403_page(client, failing_urls):
    response = client.get("/refuse/", headers={"accept-language": "sv"})
    assert response.status_code == 403
    assert translated("sv", "Access denied") in response.content.decode()


def test_suspicious_request_gets_the_translated_400_page(client, failing_urls, caplog):
    with caplog.at_level(logging.CRITICAL, logger="django.security"):
        response = client.get("/suspicious/", headers={"accept-language": "fi"})
    assert response.status_code == 400
    assert translated("fi", "Bad request") in response.content.decode()


def test_unknown_language_prefix_is_a_404(client):
    assert client.get("/de/", follow=True).status_code == 404


def test_stale_form_gets_a_translated_403_page(client, signed_in_user):
    client.handler.enforce_csrf_checks = True
    response = client.post(
        "/sv/accounts/login/",
        {"login": signed_in_user.email, "password": "correct-horse-battery"},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert translated("sv", "The form has expired") in html
    assert translated("sv", "The form has expired") != "The form has expired"
