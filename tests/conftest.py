"""The site every test starts from: migrations build the root, locales fi/sv/en and the
home pages; these fixtures add a user for each role: the people of the network (signed
in, pending, member, forum moderator) and the office's roles (`network.roles`)."""

from django.contrib.auth.models import Group
from django.core.cache import cache

from wagtail.models import Locale

import pytest

from network.roles import (
    ADMINISTRATORS_GROUP,
    EDITORS_GROUP,
    MEMBERSHIP_MANAGERS_GROUP,
    REGISTRATION_STAFF_GROUP,
)
from portal.models import HomePage
from tests.factories.network import make_member, make_moderator, make_pending
from tests.factories.portal import UserFactory

ROLES = [
    "anonymous",
    "signed_in",
    "pending",
    "member",
    "moderator",
    "staff",
    "editor",
    "registration_staff",
    "membership_manager",
    "administrator",
]


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Each test gets its own media folder and an empty cache (rate limits…)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PORTAL_PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db) -> HomePage:
    return HomePage.objects.get(locale__language_code="fi")


@pytest.fixture
def home_pages(db) -> dict[str, HomePage]:
    return {
        page.locale.language_code: page
        for page in HomePage.objects.select_related("locale")
    }


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def signed_in_user(db):
    return UserFactory(email="kayttaja@example.com")


@pytest.fixture
def pending_user(db):
    return make_pending(user=UserFactory(email="odottaja@example.com")).user


@pytest.fixture
def member_user(db):
    return make_member(user=UserFactory(email="jasen@hel.fi")).user


@pytest.fixture
def moderator_user(db):
    return make_moderator(user=UserFactory(email="moderaattori@hel.fi")).user


@pytest.fixture
def staff_user(db):
    """An editor who also has Django's `is_staff` flag (which grants nothing)."""
    user = UserFactory(email="toimisto@muutostuki.example", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def office_user(email: str, group: str):
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor_user(db):
    """An editor as Wagtail makes one: in the Editors group, without `is_staff`."""
    return office_user("toimittaja@muutostuki.example", EDITORS_GROUP)


@pytest.fixture
def registration_staff_user(db):
    return office_user("ilmoittautumiset@muutostuki.example", REGISTRATION_STAFF_GROUP)


@pytest.fixture
def membership_manager_user(db):
    return office_user("jasenyydet@muutostuki.example", MEMBERSHIP_MANAGERS_GROUP)


@pytest.fixture
def administrator_user(db):
    return office_user("yllapito@muutostuki.example", ADMINISTRATORS_GROUP)


@pytest.fixture
def superuser(db):
    return UserFactory(
        email="admin@muutostuki.example", is_staff=True, is_superuser=True
    )


@pytest.fixture
def admin_client(client, superuser):
    """The test client signed in as the superuser (pytest-django's own `admin_client`
    expects a user model with a username)."""
    client.force_login(superuser)
    return client


@pytest.fixture
def user_for_role(request, db):
    """Return a function that gives the user of a role name (None for anonymous)."""

    def get(role: str):
        if role == "anonymous":
            return None
        return request.getfixturevalue(f"{role}_user")

    return get


def build_site() -> None:
    """Rebuild what the migrations create (root, locales, home pages, themes,
    municipalities, role groups) in an emptied database; what exists is kept."""
    import importlib

    from django.apps import apps

    from wagtail.models import Collection, Page

    from network.roles import ensure_role_groups

    if not Page.objects.filter(depth=1).exists():
        fi = Locale.objects.get_or_create(language_code="fi")[0]
        Page.add_root(instance=Page(title="Root", slug="root", locale=fi))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    for module, function in [
        (
            "portal.migrations.0003_create_locales_and_home_pages",
            "create_locales_and_home_pages",
        ),
        ("portal.migrations.0005_load_initial_themes", "load_themes"),
        ("network.migrations.0002_load_municipalities", "load_municipalities"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)
    ensure_role_groups(sender=None)


@pytest.fixture(scope="session", autouse=True)
def end_stray_database_sessions(django_db_setup, django_db_blocker):
    """On PostgreSQL, end the connections that threads of live-server and concurrency
    tests left open, so that the test database can be dropped at the end."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            # The timeout (PostgreSQL 14+) waits until each session has ended.
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@pytest.fixture
def transactional_site(transactional_db):
    """For live-server and concurrency tests: rebuild what the migrations create,
    since a transactional test empties every table when it ends."""
    build_site()


from tests.fixtures_asks import (  # noqa: E402, F401
    advance_question,
    office_request,
    qa_event,
)
from tests.fixtures_events import (  # noqa: E402, F401
    calendar_token,
    event_index,
    expired_guest_registration,
    guest_registration,
    members_event,
    public_event,
    replaced_manage_url,
    revoked_calendar_token,
)
from tests.fixtures_forums import (  # noqa: E402, F401
    forum_attachment,
    forum_author,
    forum_category,
    forum_post,
    forum_topic,
    forum_unsubscribe_token,
    hidden_forum_topic,
    locked_forum_topic,
    own_forum_post,
)
from tests.fixtures_letters import (  # noqa: E402, F401
    letter_archive,
    letter_subscription,
    matrix_mailing_list,
    members_letter,
    unsent_letter,
)
from tests.fixtures_materials import (  # noqa: E402, F401
    material_index,
    members_material,
    members_material_document,
    members_news,
    members_practice,
    members_practice_document,
    news_index,
    question_form_page,
    shared_practice,
    shared_practice_document,
    signed_in_material,
    signed_in_material_document,
)
from tests.fixtures_surveys import (  # noqa: E402, F401
    members_survey,
    published_survey,
    signed_in_survey,
    survey_index_page,
    unpublished_survey,
)
