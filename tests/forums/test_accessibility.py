"""axe-core finds no WCAG 2.1 A/AA violations on the forum's main pages."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from forums import services
from tests.browser import axe_violations, browser, session_cookie_for  # noqa: F401
from tests.factories.forums import CategoryFactory, make_reply, make_topic
from tests.factories.network import make_member, make_moderator
from tests.factories.portal import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_site")]


@pytest.fixture
def forum(transactional_site):
    """A category with a pinned, locked and an ordinary topic, replies with a quote,
    a hidden post, reactions, an image and a mention."""
    reader = make_member(user=UserFactory(email="lukija@hel.fi")).user
    author = make_member(
        user=UserFactory(
            email="maija.virtanen@espoo.fi", first_name="Maija", last_name="Virtanen"
        )
    ).user
    moderator = make_moderator(user=UserFactory(email="moderaattori@tampere.fi")).user
    category = CategoryFactory(slug="kotoutumisohjelma", name_fi="Kotoutumisohjelma")
    CategoryFactory(slug="pienet-kunnat", name_fi="Pienet kunnat")
    topic = make_topic(
        category=category,
        author=author,
        body=(
            "## Aikataulu\n\n- lautakunta\n- valtuusto\n\n"
            "| Kunta | Kk |\n|---|---|\n| Espoo | 12 |"
        ),
    )
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "navy").save(buffer, format="PNG")
    image = services.check_upload(SimpleUploadedFile("kaavio.png", buffer.getvalue()))
    reply = make_reply(
        topic=topic,
        author=reader,
        body="Kiitos @maija.virtanen, katso https://kunta.fi",
        uploads=[image],
    )
    services.add_reaction(post=reply, user=author, kind="thanks")
    quoting = make_reply(
        topic=topic,
        author=author,
        body=services.quote_for_reply(post=reply) + "Samaa mieltä.",
        quoting=reply,
    )
    services.hide_post(post=quoting, moderator=moderator, reason="Testi")
    pinned = make_topic(category=category, author=author, title="Ohjeet")
    services.pin_topic(topic=pinned, moderator=moderator)
    locked = make_topic(category=category, author=author, title="Vanha")
    services.lock_topic(topic=locked, moderator=moderator, reason="Ratkaistu")
    return {
        "reader": reader,
        "moderator": moderator,
        "category": category,
        "topic": topic,
    }


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("reader", "/fi/forum/"),
        ("reader", "{category}"),
        ("reader", "/sv{category_sv}"),
        ("reader", "{topic}"),
        ("moderator", "{topic}"),
        ("reader", "{category}new/"),
        ("reader", "{topic}reply/"),
        ("reader", "/fi/forum/notifications/"),
        ("reader", "/fi/forum/search/?q=aikataulu"),
        ("moderator", "{topic}moderate/"),
    ],
)
def test_forum_pages_have_no_axe_violations(
    browser,  # noqa: F811
    live_server,
    client,
    forum,
    role,
    path,
):
    category_url = forum["category"].get_absolute_url()
    url = path.format(
        category=category_url,
        category_sv=category_url.removeprefix("/fi"),
        topic=forum["topic"].get_absolute_url(),
    )
    cookies = session_cookie_for(client, forum[role], live_server.url)
    assert axe_violations(browser, live_server.url + url, cookies=cookies) == []
