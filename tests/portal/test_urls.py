import importlib

from django.urls import clear_url_caches

import portal.urls


def media_patterns(debug: bool, settings) -> list[str]:
    settings.DEBUG = debug
    try:
        module = importlib.reload(portal.urls)
        return [
            str(pattern.pattern)
            for pattern in module.urlpatterns
            if str(pattern.pattern).startswith("^media")
        ]
    finally:
        settings.DEBUG = False
        importlib.reload(portal.urls)
        clear_url_caches()


def test_development_server_serves_images_but_never_documents_as_media(settings):
    patterns = media_patterns(True, settings)
    assert patterns == [
        "^media/images/(?P<path>.*)$",
        "^media/original_images/(?P<path>.*)$",
    ]


def test_no_media_is_served_by_django_when_debug_is_off(settings):
    assert media_patterns(False, settings) == []
