"""Who reads the membership decisions in Wagtail's audit log (site history and its exports).

Wagtail shows a model's log entries to anyone holding any permission on the model. The
portal's own permissions live on models without rows (`network.models.permissions`), so
holding one (a forum moderator's, a member's) shows no membership decision.
"""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

import pytest

from network import services
from network.models import MemberProfile
from tests.factories.network import make_pending
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db

HISTORY = "/admin/reports/site-history/"
NAME = "Päätösten Kohde"

#: Roles that decide on memberships read the decisions; the others do not.
READERS = {"membership_manager": True, "administrator": True}
ADMIN_ROLES = [
    "moderator",
    "staff",
    "editor",
    "registration_staff",
    "membership_manager",
    "administrator",
]


@pytest.fixture
def decided(membership_manager_user):
    profile = make_pending(
        user=UserFactory(first_name="Päätösten", last_name="Kohde", email="k@x.fi")
    )
    services.approve_membership(profile=profile, by=membership_manager_user)
    return profile


def page_and_exports(client) -> list[str]:
    pages = [client.get(HISTORY), client.get(HISTORY + "results/")]
    csv_export = client.get(HISTORY, {"export": "csv"})
    xlsx_export = client.get(HISTORY, {"export": "xlsx"})
    assert all(r.status_code == 200 for r in [*pages, csv_export, xlsx_export])
    return [
        *(page.content.decode() for page in pages),
        b"".join(csv_export.streaming_content).decode("utf-8-sig"),
        # the sheet is compressed; its shared strings hold the names
        _xlsx_text(b"".join(xlsx_export.streaming_content)),
    ]


def _xlsx_text(data: bytes) -> str:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_membership_decisions_in_the_audit_log_only_for_those_who_decide(
    client, user_for_role, decided, role
):
    client.force_login(user_for_role(role))
    texts = page_and_exports(client)
    expected = READERS.get(role, False)
    assert [NAME in text for text in texts] == [expected] * len(texts), role


def test_a_portal_permission_on_its_own_shows_no_decision(client, decided):
    """Any of the portal's permissions, given directly, opens no membership history."""
    user = UserFactory(email="kokeilu@muutostuki.example")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "view_members_content",
                "moderate_forums",
                "use_office_tools",
            ]
        )
    )
    client.force_login(user)
    assert not [text for text in page_and_exports(client) if NAME in text]


def test_the_permissions_no_longer_sit_on_the_member_profile():
    profile_type = ContentType.objects.get_for_model(MemberProfile)
    codenames = set(
        Permission.objects.filter(content_type=profile_type).values_list(
            "codename", flat=True
        )
    )
    assert codenames.isdisjoint(
        {"view_members_content", "moderate_forums", "manage_membership"}
    )


# --- The migration that moved the grants ---------------------------------------------------

migration = importlib.import_module("network.migrations.0005_move_permission_grants")


def holders(codename: str, model: str) -> tuple[set[str], set[str]]:
    permission = Permission.objects.get(
        codename=codename, content_type__app_label="network", content_type__model=model
    )
    return (
        set(permission.group_set.values_list("name", flat=True)),
        set(permission.user_set.values_list("email", flat=True)),
    )


def test_moving_the_grants_back_and_forth_keeps_every_holder():
    group = Group.objects.create(name="Oma ryhmä")
    user = UserFactory(email="suora@example.com")
    moderate = Permission.objects.get(codename="moderate_forums")
    group.permissions.add(moderate)
    user.user_permissions.add(moderate)

    migration.move_grants_back(apps, None)
    groups, users = holders("moderate_forums", "memberprofile")
    assert {"Oma ryhmä", "Forum moderators"} <= groups
    assert users == {"suora@example.com"}
    assert not Permission.objects.filter(
        codename="moderate_forums", content_type__model="forummoderation"
    ).exists()

    migration.move_grants(apps, None)
    groups, users = holders("moderate_forums", "forummoderation")
    assert {"Oma ryhmä", "Forum moderators"} <= groups
    assert users == {"suora@example.com"}
    assert not Permission.objects.filter(
        codename="moderate_forums", content_type__model="memberprofile"
    ).exists()
