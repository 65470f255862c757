"""The Swedish demo has no Finnish from the portal itself: a crawl of the pages reachable
from /sv/ (signed out, then signed in as a member) fails on visible text, outside elements
marked with another language, that is a Finnish interface text of the portal's catalogues
or a Finnish name from the portal's data (a `*_fi` field, or a field with a `_sv`
counterpart, such as a municipality's region). Editors' Finnish content marked `lang="fi"`
is allowed. The helpers are in tests/crawl.py.
"""

from django.contrib.auth import get_user_model

import pytest

from tests.crawl import catalogue_texts, crawl_site, data_values, seed_demo, texts_found

pytestmark = pytest.mark.django_db

#: A Swedish-speaking member of the demo.
MEMBER = "emma.lindqvist@espoo.example"


def test_the_swedish_demo_shows_no_finnish_from_the_portal(client):
    seed_demo()
    finnish = catalogue_texts("fi", unlike="sv") | data_values("sv", ["fi"])
    assert len(finnish) > 500  # the catalogues and the register were read

    signed_out = crawl_site(client, "sv")
    client.force_login(get_user_model().objects.get(email=MEMBER))
    signed_in = crawl_site(client, "sv")

    assert len(signed_out) > 20
    assert len(signed_in) > len(signed_out) // 2
    assert any("/forum/" in path for path in signed_in)
    found = texts_found(signed_out, finnish, "sv") + [
        (f"{path} (member)", text)
        for path, text in texts_found(signed_in, finnish, "sv")
    ]
    assert found == [], "\n".join(f"{path}: {text}" for path, text in found)
