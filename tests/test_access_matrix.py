"""Every restricted URL of the portal, with the status each role gets.

A row is (name, url builder, expected statuses). The url builder takes the `make` helper
(fixture lookup) and returns the URL. Statuses list the six roles in ROLES order:
anonymous, signed_in, pending, member, moderator, staff. 302 means a redirect to login.
Adding a restricted URL without a row here is a bug.
"""

import pytest

from tests.conftest import ROLES

LOGIN = 302
# Forum moderators reach the Wagtail admin, but not the office's views in it.
STAFF_ONLY_ADMIN = (LOGIN, LOGIN, LOGIN, LOGIN, 403, 200)
# Wagtail's own views send an admin user who may not act back to the dashboard.
ADMIN_HOME = "admin-home"


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
    row(
        "my-data-download",
        lambda make: "/fi/network/account/my-data.json",
        LOGIN,
        200,
        200,
        200,
        200,
        200,
    ),
    row(
        "delete-account",
        lambda make: "/fi/network/account/delete/",
        LOGIN,
        200,
        200,
        200,
        200,
        200,
    ),
    row(
        "member-directory",
        lambda make: "/fi/network/members/",
        LOGIN,
        403,
        403,
        200,
        200,
        200,
    ),
    # Staff views in the admin: people without admin access go to the login page;
    # moderators (admin access for the forums) are refused; staff editors see coverage,
    # only membership managers the queue and the municipalities.
    row(
        "admin-coverage",
        lambda make: "/admin/network/coverage/",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        200,
    ),
    row(
        "admin-coverage-csv",
        lambda make: "/admin/network/coverage/?export=csv",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        200,
    ),
    row(
        "admin-coverage-xlsx",
        lambda make: "/admin/network/coverage/?export=xlsx",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        200,
    ),
    row(
        "admin-membership-queue",
        lambda make: "/admin/network/membership/?status=pending",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        403,
    ),
    row(
        "admin-membership-queue-csv",
        lambda make: "/admin/network/membership/?status=pending&export=csv",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        403,
    ),
    row(
        "admin-membership-review",
        lambda make: (
            f"/admin/network/membership/review/{make('pending_user').profile.pk}/"
        ),
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        403,
    ),
    row(
        "admin-membership-approve",
        lambda make: (
            f"/admin/network/membership/approve/{make('pending_user').profile.pk}/"
        ),
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        403,
    ),
    row(
        "admin-membership-bulk-approve",
        lambda make: (
            "/admin/bulk/network/memberprofile/approve/?id="
            + str(make("pending_user").profile.pk)
        ),
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        403,
    ),
    row(
        "admin-municipalities",
        lambda make: "/admin/network/municipalities/",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        403,
    ),
]

# --- events -------------------------------------------------------------------------
EVENTS_ROWS = [
    row(
        "members-event-page",
        lambda make: make("members_event").url,
        LOGIN,
        403,
        403,
        200,
        200,
        200,
    ),
    row(
        "members-event-registration-address",
        lambda make: f"/fi/events/{make('members_event').pk}/register/",
        LOGIN,
        403,
        403,
        200,
        200,
        200,
    ),
    row(
        "members-event-ics",
        lambda make: make("members_event").url + "ics/",
        LOGIN,
        403,
        403,
        200,
        200,
        200,
    ),
    row(
        "personal-calendar-feed",
        lambda make: make("calendar_token").get_absolute_url(),
        200,
        200,
        200,
        200,
        200,
        200,
    ),
    row(
        "personal-calendar-feed-revoked",
        lambda make: make("revoked_calendar_token").get_absolute_url(),
        404,
        404,
        404,
        404,
        404,
        404,
    ),
    row(
        "registration-manage-link",
        lambda make: make("guest_registration").get_manage_url(),
        200,
        200,
        200,
        200,
        200,
        200,
    ),
    row(
        "registration-manage-link-tampered",
        lambda make: make("guest_registration").get_manage_url()[:-4] + "abc/",
        404,
        404,
        404,
        404,
        404,
        404,
    ),
    row(
        "registration-cancel",
        lambda make: (
            f"/fi/events/registrations/{make('guest_registration').pk}/cancel/"
        ),
        LOGIN,
        405,
        405,
        405,
        405,
        405,
    ),
    row(
        "calendar-token-new",
        lambda make: "/fi/events/calendar/new/",
        LOGIN,
        405,
        405,
        405,
        405,
        405,
    ),
    row(
        "calendar-token-revoke",
        lambda make: "/fi/events/calendar/revoke/",
        LOGIN,
        405,
        405,
        405,
        405,
        405,
    ),
    row(
        "events-admin-report",
        lambda make: "/admin/events/",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        200,
    ),
    row(
        "events-admin-report-export",
        lambda make: "/admin/events/?export=xlsx",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        200,
    ),
    row(
        "events-admin-event",
        lambda make: f"/admin/events/{make('members_event').pk}/",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        200,
    ),
    row(
        "events-admin-export-csv",
        lambda make: f"/admin/events/{make('members_event').pk}/export/csv/",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        200,
    ),
    row(
        "events-admin-export-xlsx",
        lambda make: f"/admin/events/{make('members_event').pk}/export/xlsx/",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        200,
    ),
    row(
        "events-admin-attendance",
        lambda make: f"/admin/events/{make('members_event').pk}/attendance/",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        200,
    ),
    row(
        "events-admin-message",
        lambda make: f"/admin/events/{make('members_event').pk}/message/",
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        200,
    ),
    row(
        "events-admin-reject",
        lambda make: (
            f"/admin/events/{make('guest_registration').event_id}"
            f"/registrations/{make('guest_registration').pk}/reject/"
        ),
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        200,
    ),
    row(
        "events-admin-action",
        lambda make: (
            f"/admin/events/{make('guest_registration').event_id}"
            f"/registrations/{make('guest_registration').pk}/cancel/"
        ),
        LOGIN,
        LOGIN,
        LOGIN,
        LOGIN,
        403,
        405,
    ),
]

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


# --- shared good practices (materials) ------------------------------------------------
def _practice_action(action):
    def build(make):
        page = make("shared_practice").page
        return (
            f"/admin/pages/workflow/action/{page.pk}/{action}/"
            f"{page.current_workflow_task_state.pk}/"
        )

    return build


PRACTICES_ROWS = [
    row("practice-share", lambda make: "/fi/materials/practices/share/",
        LOGIN, 403, 403, 200, 200, 200),
    # Only the person who shared it updates a practice; staff edit it in the admin.
    row("practice-edit-own",
        lambda make: f"/fi/materials/practices/{make('shared_practice').pk}/edit/",
        LOGIN, 403, 403, 200, 403, 403),
    row("members-practice", lambda make: make("members_practice").url,
        LOGIN, 403, 403, 200, 200, 200),
    row("members-practice-document",
        lambda make: make("members_practice").attachments[0].value["document"].url,
        LOGIN, 403, 403, 200, 200, 200),
    # A practice in review is no page yet; its files are for staff only.
    row("practice-in-review", lambda make: make("shared_practice").page.url,
        404, 404, 404, 404, 404, 404),
    row("practice-in-review-document",
        lambda make: make("shared_practice_document").url,
        LOGIN, 403, 403, 403, 403, 200),
    row("admin-practice-queue", lambda make: "/admin/reports/shared-practices/",
        *STAFF_ONLY_ADMIN),
    row("admin-practice-queue-csv",
        lambda make: "/admin/reports/shared-practices/?export=csv",
        *STAFF_ONLY_ADMIN),
    # Wagtail's workflow actions: only the review task's groups may act.
    row("admin-practice-ask-for-changes", _practice_action("request_changes"),
        LOGIN, LOGIN, LOGIN, LOGIN, ADMIN_HOME, 200),
    row("admin-practice-decline", _practice_action("decline"),
        LOGIN, LOGIN, LOGIN, LOGIN, ADMIN_HOME, 200),
]  # fmt: skip

# --- forums -------------------------------------------------------------------------
FORUM_MEMBERS = (LOGIN, 403, 403, 200, 200, 200)
FORUM_POST_ONLY = (LOGIN, 403, 403, 405, 405, 405)
FORUM_REDIRECT = (LOGIN, 403, 403, 307, 307, 307)  # permalinks: 307, not login's 302
FORUM_MODERATORS = (LOGIN, 403, 403, 403, 200, 403)
FORUMS_ROWS = [
    row("forum-index", lambda make: "/fi/forum/", *FORUM_MEMBERS),
    row("forum-search", lambda make: "/fi/forum/search/?q=kotoutumis", *FORUM_MEMBERS),
    row("forum-notifications", lambda make: "/fi/forum/notifications/", *FORUM_MEMBERS),
    row(
        "forum-notifications-read",
        lambda make: "/fi/forum/notifications/read/",
        *FORUM_POST_ONLY,
    ),
    row("forum-mark-all-read", lambda make: "/fi/forum/read/", *FORUM_POST_ONLY),
    row("forum-preferences", lambda make: "/fi/forum/preferences/", *FORUM_MEMBERS),
    row(
        "forum-unsubscribe-without-login",
        lambda make: f"/fi/forum/unsubscribe/{make('forum_unsubscribe_token')}/",
        200,
        200,
        200,
        200,
        200,
        200,
    ),
    row(
        "forum-category",
        lambda make: make("forum_category").get_absolute_url(),
        *FORUM_MEMBERS,
    ),
    row(
        "forum-category-follow",
        lambda make: make("forum_category").get_absolute_url() + "follow/",
        *FORUM_POST_ONLY,
    ),
    row(
        "forum-new-topic",
        lambda make: make("forum_category").get_absolute_url() + "new/",
        *FORUM_MEMBERS,
    ),
    row(
        "forum-topic",
        lambda make: make("forum_topic").get_absolute_url(),
        *FORUM_MEMBERS,
    ),
    row(
        "forum-topic-page-2",
        lambda make: make("forum_topic").get_absolute_url() + "?page=2",
        *FORUM_MEMBERS,
    ),
    row(
        "forum-topic-first-unread",
        lambda make: make("forum_topic").get_absolute_url() + "unread/",
        *FORUM_REDIRECT,
    ),
    row(
        "forum-topic-reply",
        lambda make: make("forum_topic").get_absolute_url() + "reply/",
        *FORUM_MEMBERS,
    ),
    row(
        "forum-topic-quote",
        lambda make: (
            make("forum_topic").get_absolute_url()
            + f"reply/?quote={make('forum_post').pk}"
        ),
        *FORUM_MEMBERS,
    ),
    row(
        "forum-topic-follow",
        lambda make: make("forum_topic").get_absolute_url() + "follow/",
        *FORUM_POST_ONLY,
    ),
    row(
        "forum-topic-moderate",
        lambda make: make("forum_topic").get_absolute_url() + "moderate/",
        *FORUM_MODERATORS,
    ),
    row(
        "forum-hidden-topic",
        lambda make: make("hidden_forum_topic").get_absolute_url(),
        LOGIN,
        403,
        403,
        404,
        200,
        404,
    ),
    row(
        "forum-locked-topic-reply",
        lambda make: make("locked_forum_topic").get_absolute_url() + "reply/",
        *FORUM_MODERATORS,
    ),
    row(
        "forum-post-permalink",
        lambda make: make("forum_post").get_absolute_url(),
        *FORUM_REDIRECT,
    ),
    row(
        "forum-others-post-edit",
        lambda make: make("forum_post").get_absolute_url() + "edit/",
        *FORUM_MODERATORS,
    ),
    row(
        "forum-own-post-edit",
        lambda make: make("own_forum_post").get_absolute_url() + "edit/",
        LOGIN,
        403,
        403,
        200,
        200,
        403,
    ),
    row(
        "forum-own-post-delete",
        lambda make: make("own_forum_post").get_absolute_url() + "delete/",
        LOGIN,
        403,
        403,
        200,
        403,
        403,
    ),
    row(
        "forum-post-react",
        lambda make: make("forum_post").get_absolute_url() + "react/thanks/",
        *FORUM_POST_ONLY,
    ),
    row(
        "forum-post-report",
        lambda make: make("forum_post").get_absolute_url() + "report/",
        *FORUM_MEMBERS,
    ),
    row(
        "forum-post-moderate",
        lambda make: make("forum_post").get_absolute_url() + "moderate/",
        *FORUM_MODERATORS,
    ),
    row(
        "forum-attachment",
        lambda make: make("forum_attachment").get_absolute_url(),
        *FORUM_MEMBERS,
    ),
]


# --- surveys ------------------------------------------------------------------------
def _survey_admin(path):
    return lambda make: f"/admin/surveys/{make('members_survey').pk}/{path}"


SURVEYS_ROWS = [
    row("survey-form", lambda make: make("members_survey").url, LOGIN, 403, 403, 200, 200, 200),
    row(
        "survey-thanks",
        lambda make: make("members_survey").url + "thanks/",
        LOGIN, 403, 403, 200, 200, 200,
    ),
    row(
        "survey-invitation-link",
        lambda make: make("members_survey").url + "invitation/?key=not-a-token",
        LOGIN, 403, 403, 400, 400, 400,
    ),
    row(
        "survey-form-signed-in",
        lambda make: make("signed_in_survey").url,
        LOGIN, 200, 200, 200, 200, 200,
    ),
    row(
        "survey-results-open",
        lambda make: make("members_survey").url + "results/",
        LOGIN, 403, 403, 403, 403, 200,
    ),
    row(
        "survey-results-unpublished",
        lambda make: make("unpublished_survey").url + "results/",
        LOGIN, 403, 403, 403, 403, 200,
    ),
    row(
        "survey-results-published",
        lambda make: make("published_survey").url + "results/",
        LOGIN, 403, 403, 200, 200, 200,
    ),
    row("survey-admin-index", lambda make: "/admin/surveys/", *STAFF_ONLY_ADMIN),
    row("survey-admin-results", _survey_admin("results/"), *STAFF_ONLY_ADMIN),
    row("survey-admin-export-csv", _survey_admin("export.csv"), *STAFF_ONLY_ADMIN),
    row("survey-admin-export-xlsx", _survey_admin("export.xlsx"), *STAFF_ONLY_ADMIN),
    row("survey-admin-not-answered", _survey_admin("not-answered/"), *STAFF_ONLY_ADMIN),
    row(
        "survey-admin-not-answered-csv",
        _survey_admin("not-answered/?format=csv"),
        *STAFF_ONLY_ADMIN,
    ),
    row("survey-admin-invitations", _survey_admin("invitations/"), *STAFF_ONLY_ADMIN),
    row("survey-admin-preparers", lambda make: "/admin/surveys/preparers/", *STAFF_ONLY_ADMIN),
    row(
        "survey-admin-preparers-csv",
        lambda make: "/admin/surveys/preparers/?format=csv",
        *STAFF_ONLY_ADMIN,
    ),
]  # fmt: skip


# --- portal ------------------------------------------------------------------------------
def mailing_list_unsubscribe_path(make) -> str:
    from urllib.parse import urlsplit

    from portal.emails import mailing_list_unsubscribe_url

    url = mailing_list_unsubscribe_url(
        email="kirjaamo@kunta.example", mailing_list="surveys", language="fi"
    )
    return urlsplit(url).path


PORTAL_ROWS = [
    # Leaving a mailing list needs no login: the link's token is signed.
    row("unsubscribe-without-login", mailing_list_unsubscribe_path, *[200] * 6),
]

ALL_ROWS = (
    PORTAL_ROWS
    + NETWORK_ROWS
    + EVENTS_ROWS
    + MATERIALS_ROWS
    + PRACTICES_ROWS
    + FORUMS_ROWS
    + SURVEYS_ROWS
)


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
    if response.streaming:  # a served document: reading it lets the client close it
        b"".join(response.streaming_content)
    if expected[role] == ADMIN_HOME:
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
        return
    assert response.status_code == expected[role], (url, role)
    if expected[role] == LOGIN:
        assert "/accounts/login/" in response["Location"]
