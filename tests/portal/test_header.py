import pytest

pytestmark = pytest.mark.django_db


def test_header_logout_form_carries_the_csrf_token(client, signed_in_user, home_page):
    client.force_login(signed_in_user)
    html = client.get("/fi/").content.decode()
    logout_form = html.split('action="/fi/accounts/logout/"', 1)[1].split("</form>", 1)[
        0
    ]
    assert 'name="csrfmiddlewaretoken"' in logout_form


def test_logging_out_from_the_header_form_ends_the_session(client, signed_in_user):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(signed_in_user)
    html = client.get("/fi/").content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post("/fi/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_language_switcher_keeps_each_query_string_despite_the_layout_cache(client):
    client.get("/fi/search/?q=kotoutuminen")
    html = client.get("/fi/search/?q=tyollisyys").content.decode()
    assert "/sv/search/?q=tyollisyys" in html
    assert "/sv/search/?q=kotoutuminen" not in html


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("member", False),
        ("moderator", True),
        ("editor", True),
        ("registration_staff", True),
        ("membership_manager", True),
        ("administrator", True),
    ],
)
def test_the_admin_link_follows_admin_access_not_is_staff(
    client, user_for_role, home_page, role, shown
):
    client.force_login(user_for_role(role))
    html = client.get("/fi/").content.decode()
    assert ('href="/admin/"' in html) is shown
