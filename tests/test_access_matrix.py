"""Every restricted URL of the portal, with the status each role gets.

A row is (name, url builder, expected statuses). The url builder takes the `make` helper
(fixture lookup) and returns the URL. Statuses list the six roles in ROLES order:
anonymous, signed_in, pending, member, moderator, staff. 302 means a redirect to login.
Adding a restricted URL without a row here is a bug.
"""

import pytest

from tests.conftest import ROLES

LOGIN = 302


def row(name, build, *statuses):
    assert len(statuses) == len(ROLES), name
    return pytest.param(build, dict(zip(ROLES, statuses, strict=True)), id=name)


# --- network ------------------------------------------------------------------------
NETWORK_ROWS = [
    row(
        "my-account",
        lambda make: "/fi/network/account/",
        LOGIN,
        200,
        200,
        200,
        200,
        200,
    ),
]

# --- events -------------------------------------------------------------------------
EVENTS_ROWS: list = []

# --- materials ----------------------------------------------------------------------
MATERIALS_ROWS = [
    row(
        "members-material",
        lambda make: make("members_material").url,
        LOGIN,
        403,
        403,
        200,
        200,
        200,
    ),
    row(
        "members-material-document",
        lambda make: make("members_material").attachments[0].value["document"].url,
        LOGIN,
        403,
        403,
        200,
        200,
        200,
    ),
    row(
        "signed-in-material",
        lambda make: make("signed_in_material").url,
        LOGIN,
        200,
        200,
        200,
        200,
        200,
    ),
    row(
        "signed-in-material-document",
        lambda make: make("signed_in_material").attachments[0].value["document"].url,
        LOGIN,
        200,
        200,
        200,
        200,
        200,
    ),
    row(
        "members-news",
        lambda make: make("members_news").url,
        LOGIN,
        403,
        403,
        200,
        200,
        200,
    ),
]

# --- forums -------------------------------------------------------------------------
FORUMS_ROWS: list = []

# --- surveys ------------------------------------------------------------------------
SURVEYS_ROWS: list = []

ALL_ROWS = NETWORK_ROWS + EVENTS_ROWS + MATERIALS_ROWS + FORUMS_ROWS + SURVEYS_ROWS


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("build", "expected"), ALL_ROWS)
def test_restricted_url_answers_each_role(
    client, user_for_role, request, role, build, expected
):
    user = user_for_role(role)
    if user is not None:
        client.force_login(user)
    url = build(request.getfixturevalue)
    response = client.get(url)
    response.close()  # a served document is a streamed, open file
    assert response.status_code == expected[role], (url, role)
    if expected[role] == LOGIN:
        assert "/accounts/login/" in response["Location"]
