"""Forum objects for the access matrix (imported by tests/conftest.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from forums import services
from tests.factories.forums import CategoryFactory, make_reply, make_topic
from tests.factories.network import make_member
from tests.factories.portal import UserFactory


@pytest.fixture
def forum_category(db):
    return CategoryFactory(slug="koto24-yleinen", name_fi="KOTO24 yleinen")


@pytest.fixture
def forum_author(db):
    """A member other than `member_user`, who writes the posts others respond to."""
    return make_member(user=UserFactory(email="kirjoittaja@espoo.fi")).user


@pytest.fixture
def forum_topic(forum_category, forum_author):
    return make_topic(category=forum_category, author=forum_author)


@pytest.fixture
def forum_post(forum_topic):
    """The opening post of `forum_topic`, by `forum_author`."""
    return forum_topic.posts.get(position=1)


@pytest.fixture
def own_forum_post(forum_topic, member_user):
    """A reply in `forum_topic` by `member_user`."""
    return make_reply(topic=forum_topic, author=member_user)


@pytest.fixture
def locked_forum_topic(forum_category, forum_author, moderator_user):
    topic = make_topic(category=forum_category, author=forum_author, title="Lukittu")
    return services.lock_topic(topic=topic, moderator=moderator_user, reason="Vanha")


@pytest.fixture
def hidden_forum_topic(forum_category, forum_author, moderator_user):
    topic = make_topic(category=forum_category, author=forum_author, title="Piilotettu")
    return services.hide_topic(topic=topic, moderator=moderator_user, reason="Roskaa")


@pytest.fixture
def forum_attachment(forum_topic, forum_author):
    post = make_reply(
        topic=forum_topic,
        author=forum_author,
        uploads=[
            services.check_upload(
                SimpleUploadedFile("muistio.txt", b"Muistio", content_type="text/plain")
            )
        ],
    )
    return post.attachments.get()


@pytest.fixture
def forum_unsubscribe_token(member_user) -> str:
    return services.unsubscribe_token(member_user)
