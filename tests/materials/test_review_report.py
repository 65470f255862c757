"""Staff see, and can export, the materials that expire or have expired."""

import csv
import datetime
import io

from django.contrib.auth.models import Permission
from django.utils import timezone

import pytest

from tests.factories.materials import MaterialPageFactory

pytestmark = pytest.mark.django_db

URL = "/admin/reports/materials-to-review/"


@pytest.fixture
def dated_materials(material_index):
    today = timezone.localdate()

    def material(title: str, days: int | None):
        return MaterialPageFactory(
            parent=material_index,
            title=title,
            published_on=today - datetime.timedelta(days=400),
            valid_until_on=None
            if days is None
            else today + datetime.timedelta(days=days),
        )

    return {
        "expired": material("=Vanhentunut ohje", -3),
        "soon": material("Pian vanheneva opas", 10),
        "later": material("Pitkään voimassa", 200),
        "forever": material("Ei vanhene", None),
    }


def test_staff_see_expired_and_soon_expiring_materials(
    client, staff_user, dated_materials
):
    client.force_login(staff_user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("=Vanhentunut ohje") < html.index("Pian vanheneva opas")
    assert "Pitkään voimassa" not in html
    assert "Ei vanhene" not in html


def test_review_export_neutralises_formulas(client, staff_user, dated_materials):
    client.force_login(staff_user)
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[1][0] == "'=Vanhentunut ohje"
    assert rows[2][0] == "Pian vanheneva opas"
    assert len(rows) == 3


@pytest.mark.parametrize("role", ["signed_in", "member"])
def test_people_outside_the_admin_are_sent_to_log_in(client, user_for_role, role):
    client.force_login(user_for_role(role))
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/")


def test_admin_users_who_are_not_staff_cannot_open_it(client, member_user):
    member_user.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    client.force_login(member_user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
