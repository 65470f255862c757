"""The site every test starts from: migrations build the root, locales fi/sv/en and the
home pages; these fixtures add a user for each role."""

from django.contrib.auth.models import Group

import pytest
from wagtail.models import Locale

from portal.models import HomePage
from tests.factories.network import make_member, make_moderator, make_pending
from tests.factories.portal import UserFactory

ROLES = ["anonymous", "signed_in", "pending", "member", "moderator", "staff"]


@pytest.fixture(autouse=True)
def _media_and_language(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


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
    user = UserFactory(email="toimisto@muutostuki.example", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@muutostuki.example", is_staff=True, is_superuser=True)


@pytest.fixture
def user_for_role(request, db):
    """Return a function that gives the user of a role name (None for anonymous)."""

    def get(role: str):
        if role == "anonymous":
            return None
        return request.getfixturevalue(f"{role}_user")

    return get
