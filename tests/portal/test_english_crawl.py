"""The English demo has no Finnish or Swedish from the portal itself: a crawl of the pages
reachable from /en/ (signed out, then signed in as a member who uses English) fails on
visible text, outside elements marked with a language other than English, that is a
Finnish or Swedish interface text of the portal's catalogues (where it differs from the
msgid, the English text) or a Finnish or Swedish value of the portal's data that has an
English counterpart (`x_fi` or `x`, and `x_sv`, beside `x_en`: themes, categories, event
series, mailing lists…, also where the English value is empty). Editors' content in
another language marked with `lang` is allowed.

The municipality register has no English names (only Finnish and Swedish: `name_fi`,
`name_sv`, `region`/`region_sv`…), so on the English site Finnish place names and
regions, wellbeing services counties and employment areas are proper names and allowed
(a visible text that is wholly such a name, as in the member directory's filters; the
data check covers only fields with an `_en` counterpart). No demo member uses English,
so the test sets the profile language of a Finnish member who speaks English (Aino
Aaltonen) to English. The helpers are in tests/crawl.py.
"""

from django.contrib.auth import get_user_model

import pytest

from network.models import Municipality
from tests.crawl import catalogue_texts, crawl_site, data_values, seed_demo, texts_found

pytestmark = pytest.mark.django_db

#: A demo member who lists English among her languages.
MEMBER = "aino.aaltonen@hel.example"


def register_names() -> frozenset[str]:
    """The municipality register's Finnish and Swedish names (municipalities, regions,
    counties, employment areas): it has no English ones."""
    fields = {field.name for field in Municipality._meta.concrete_fields}
    named = [name for name in fields if f"{name}_sv" in fields or name.endswith("_sv")]
    named += [name for name in fields if name == "name_fi"]
    names = set()
    for row in Municipality.objects.values_list(*named).distinct():
        names.update(value for value in row if value)
    return frozenset(names)


def test_the_english_demo_shows_no_finnish_or_swedish_from_the_portal(client):
    seed_demo()
    foreign = (
        catalogue_texts("fi") | catalogue_texts("sv") | data_values("en", ["fi", "sv"])
    )
    assert len(foreign) > 1000  # both catalogues and the data were read

    signed_out = crawl_site(client, "en")
    member = get_user_model().objects.get(email=MEMBER)
    member.preferred_language = "en"
    member.save(update_fields=["preferred_language"])
    client.force_login(member)
    signed_in = crawl_site(client, "en")

    assert len(signed_out) > 20
    assert len(signed_in) > len(signed_out) // 2
    assert any("/forum/" in path for path in signed_in)
    names = register_names()
    assert "Etelä-Karjalan hyvinvointialue" in names
    found = texts_found(signed_out, foreign, "en", names) + [
        (f"{path} (member)", text)
        for path, text in texts_found(signed_in, foreign, "en", names)
    ]
    assert found == [], "\n".join(f"{path}: {text}" for path, text in found)
