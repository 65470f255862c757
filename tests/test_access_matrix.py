"""Every restricted URL of the portal, with the status each role gets.

A row is (name, url builder, expected statuses). The url builder takes the `make` helper
(fixture lookup) and returns the URL. Statuses list the roles in ROLES order: anonymous,
signed_in, pending, member, moderator (a verified member who moderates the forum), staff
(an editor with Django's `is_staff` flag, which grants nothing), editor (Wagtail's Editors
group, no `is_staff`), registration_staff, membership_manager, administrator. LOGIN means
a redirect to login, HOME Wagtail's refusal (a redirect to the admin's dashboard).
Adding a restricted URL without a row here is a bug.
"""

import pytest

from tests.conftest import ROLES

LOGIN = 302
HOME = "admin-home"  # Wagtail's own refusal: a redirect to the admin's dashboard

# One column per role, in ROLES order:
#    anonymous, signed_in, pending, member, moderator,
#    staff, editor, registration_staff, membership_manager, administrator
# fmt: off
EVERYONE =            (200,   200,   200,   200,   200,  200,  200,  200,  200,  200)
NOBODY_FINDS =        (404,   404,   404,   404,   404,  404,  404,  404,  404,  404)
EVERYONE_GONE =       (410,   410,   410,   410,   410,  410,  410,  410,  410,  410)
SIGNED_IN =           (LOGIN, 200,   200,   200,   200,  200,  200,  200,  200,  200)
SIGNED_IN_POST_ONLY = (LOGIN, 405,   405,   405,   405,  405,  405,  405,  405,  405)
MEMBERS =             (LOGIN, 403,   403,   200,   200,  200,  200,  200,  200,  200)
MEMBERS_POST_ONLY =   (LOGIN, 403,   403,   405,   405,  405,  405,  405,  405,  405)
MEMBERS_REDIRECT =    (LOGIN, 403,   403,   307,   307,  307,  307,  307,  307,  307)
MEMBERS_BAD_REQUEST = (LOGIN, 403,   403,   400,   400,  400,  400,  400,  400,  400)
FORUM_MODERATORS =    (LOGIN, 403,   403,   403,   200,  403,  403,  403,  403,  200)
SURVEY_MANAGERS =     (LOGIN, 403,   403,   403,   403,  200,  200,  403,  403,  200)
# In the admin: people without admin access are sent to log in; a role with admin access
# but without the view's permission gets a plain 403 from the portal's views.
ADMIN_USERS =         (LOGIN, LOGIN, LOGIN, LOGIN, 200,  200,  200,  200,  200,  200)
EDITORS_ADMIN =       (LOGIN, LOGIN, LOGIN, LOGIN, 403,  200,  200,  403,  403,  200)
REGISTRATIONS_ADMIN = (LOGIN, LOGIN, LOGIN, LOGIN, 403,  200,  200,  200,  403,  200)
REGISTRATIONS_POST =  (LOGIN, LOGIN, LOGIN, LOGIN, 403,  405,  405,  405,  403,  405)
MEMBERSHIP_ADMIN =    (LOGIN, LOGIN, LOGIN, LOGIN, 403,  403,  403,  403,  200,  200)
COVERAGE_ADMIN =      (LOGIN, LOGIN, LOGIN, LOGIN, 403,  200,  200,  403,  200,  200)
# Wagtail's page reports: those who may edit pages (editors, administrators).
PAGE_EDITORS_ADMIN =  (LOGIN, LOGIN, LOGIN, LOGIN, HOME, 200,  200,  HOME, HOME, 200)
PAGE_UNLOCKERS =      (LOGIN, LOGIN, LOGIN, LOGIN, HOME, HOME, HOME, HOME, HOME, 200)
SUPERUSERS_ADMIN =    (LOGIN, LOGIN, LOGIN, LOGIN, HOME, HOME, HOME, HOME, HOME, HOME)
ADMINISTRATORS =      (LOGIN, LOGIN, LOGIN, LOGIN, HOME, HOME, HOME, HOME, HOME, 200)
# The office's inbox of requests: editors and administrators (asks.change_request).
REQUESTS_ADMIN =      (LOGIN, LOGIN, LOGIN, LOGIN, 403,  200,  200,  403,  403,  200)
REQUESTS_ADMIN_POST = (LOGIN, LOGIN, LOGIN, LOGIN, 403,  405,  405,  403,  403,  405)
# A request's own page: its requester (the member) and the office's handlers.
OWN_REQUEST =         (LOGIN, 404,   404,   200,   404,  200,  200,  404,  404,  200)
OWN_OPEN_REQUEST =    (LOGIN, 404,   404,   200,   404,  404,  404,  404,  404,  404)
OWN_REQUEST_POST =    (LOGIN, 405,   405,   405,   405,  405,  405,  405,  405,  405)
MEMBERS_FORM =        (LOGIN, 403,   403,   200,   200,  200,  200,  200,  200,  200)
# A question sent before a Q&A hour: its asker (the member) edits it. Its POSTs answer
# a GET with 405 once signed in (tests/asks/test_question_views.py checks the POSTs).
OWN_QUESTION =        (LOGIN, 404,   404,   200,   404,  404,  404,  404,  404,  404)
# fmt: on


def row(name, build, *statuses):
    assert len(statuses) == len(ROLES), name
    return pytest.param(build, dict(zip(ROLES, statuses, strict=True)), id=name)


# --- network ------------------------------------------------------------------------
NETWORK_ROWS = [
    row("my-account", lambda make: "/fi/network/account/", *SIGNED_IN),
    row(
        "my-data-download", lambda make: "/fi/network/account/my-data.json", *SIGNED_IN
    ),
    row("delete-account", lambda make: "/fi/network/account/delete/", *SIGNED_IN),
    row("member-directory", lambda make: "/fi/network/members/", *MEMBERS),
    row("admin-coverage", lambda make: "/admin/network/coverage/", *COVERAGE_ADMIN),
    row(
        "admin-coverage-csv",
        lambda make: "/admin/network/coverage/?export=csv",
        *COVERAGE_ADMIN,
    ),
    row(
        "admin-coverage-xlsx",
        lambda make: "/admin/network/coverage/?export=xlsx",
        *COVERAGE_ADMIN,
    ),
    row(
        "admin-membership-queue",
        lambda make: "/admin/network/membership/?status=pending",
        *MEMBERSHIP_ADMIN,
    ),
    row(
        "admin-membership-queue-csv",
        lambda make: "/admin/network/membership/?status=pending&export=csv",
        *MEMBERSHIP_ADMIN,
    ),
    row(
        "admin-membership-review",
        lambda make: (
            f"/admin/network/membership/review/{make('pending_user').profile.pk}/"
        ),
        *MEMBERSHIP_ADMIN,
    ),
    row(
        "admin-membership-approve",
        lambda make: (
            f"/admin/network/membership/approve/{make('pending_user').profile.pk}/"
        ),
        *MEMBERSHIP_ADMIN,
    ),
    row(
        "admin-membership-bulk-approve",
        lambda make: (
            "/admin/bulk/network/memberprofile/approve/?id="
            + str(make("pending_user").profile.pk)
        ),
        *MEMBERSHIP_ADMIN,
    ),
    row(
        "admin-municipalities",
        lambda make: "/admin/network/municipalities/",
        *MEMBERSHIP_ADMIN,
    ),
]

# --- events -------------------------------------------------------------------------
EVENTS_ROWS = [
    row("members-event-page", lambda make: make("members_event").url, *MEMBERS),
    row(
        "members-event-registration-address",
        lambda make: f"/fi/events/{make('members_event').pk}/register/",
        *MEMBERS,
    ),
    row("members-event-ics", lambda make: make("members_event").url + "ics/", *MEMBERS),
    row(
        "personal-calendar-feed",
        lambda make: make("calendar_token").get_absolute_url(),
        *EVERYONE,
    ),
    row(
        "personal-calendar-feed-revoked",
        lambda make: make("revoked_calendar_token").get_absolute_url(),
        *NOBODY_FINDS,
    ),
    row(
        "registration-manage-link",
        lambda make: make("guest_registration").get_manage_url(),
        *EVERYONE,
    ),
    row(
        "registration-manage-link-expired",
        lambda make: make("expired_guest_registration").get_manage_url(),
        *EVERYONE_GONE,
    ),
    row(
        "registration-manage-link-replaced",
        lambda make: make("replaced_manage_url"),
        *NOBODY_FINDS,
    ),
    row(
        "registration-manage-link-tampered",
        lambda make: make("guest_registration").get_manage_url()[:-4] + "abc/",
        *NOBODY_FINDS,
    ),
    row(
        "registration-cancel",
        lambda make: (
            f"/fi/events/registrations/{make('guest_registration').pk}/cancel/"
        ),
        *SIGNED_IN_POST_ONLY,
    ),
    row(
        "calendar-token-new",
        lambda make: "/fi/events/calendar/new/",
        *SIGNED_IN_POST_ONLY,
    ),
    row(
        "calendar-token-revoke",
        lambda make: "/fi/events/calendar/revoke/",
        *SIGNED_IN_POST_ONLY,
    ),
    row("events-admin-report", lambda make: "/admin/events/", *REGISTRATIONS_ADMIN),
    row(
        "events-admin-report-export",
        lambda make: "/admin/events/?export=xlsx",
        *REGISTRATIONS_ADMIN,
    ),
    row(
        "events-admin-event",
        lambda make: f"/admin/events/{make('members_event').pk}/",
        *REGISTRATIONS_ADMIN,
    ),
    row(
        "events-admin-export-csv",
        lambda make: f"/admin/events/{make('members_event').pk}/export/csv/",
        *REGISTRATIONS_ADMIN,
    ),
    row(
        "events-admin-export-xlsx",
        lambda make: f"/admin/events/{make('members_event').pk}/export/xlsx/",
        *REGISTRATIONS_ADMIN,
    ),
    row(
        "events-admin-attendance",
        lambda make: f"/admin/events/{make('members_event').pk}/attendance/",
        *REGISTRATIONS_ADMIN,
    ),
    row(
        "events-admin-message",
        lambda make: f"/admin/events/{make('members_event').pk}/message/",
        *REGISTRATIONS_ADMIN,
    ),
    row(
        "events-admin-reject",
        lambda make: (
            f"/admin/events/{make('guest_registration').event_id}"
            f"/registrations/{make('guest_registration').pk}/reject/"
        ),
        *REGISTRATIONS_ADMIN,
    ),
    row(
        "events-admin-action",
        lambda make: (
            f"/admin/events/{make('guest_registration').event_id}"
            f"/registrations/{make('guest_registration').pk}/cancel/"
        ),
        *REGISTRATIONS_POST,
    ),
    # The explorer of an event index (`events.explorer.EventPageViewSet`).
    row(
        "event-index-explorer",
        lambda make: f"/admin/pages/{make('event_index').pk}/",
        *PAGE_EDITORS_ADMIN,
    ),
]

# --- materials ----------------------------------------------------------------------
MATERIALS_ROWS = [
    # The explorer of the library (`materials.explorer.MaterialPageViewSet`).
    row(
        "library-explorer",
        lambda make: f"/admin/pages/{make('material_index').pk}/",
        *PAGE_EDITORS_ADMIN,
    ),
    row("members-material", lambda make: make("members_material").url, *MEMBERS),
    row(
        "members-material-document",
        lambda make: make("members_material").attachments[0].value["document"].url,
        *MEMBERS,
    ),
    row("signed-in-material", lambda make: make("signed_in_material").url, *SIGNED_IN),
    row(
        "signed-in-material-document",
        lambda make: make("signed_in_material").attachments[0].value["document"].url,
        *SIGNED_IN,
    ),
    row("members-news", lambda make: make("members_news").url, *MEMBERS),
]


# --- good practices -------------------------------------------------------------------
def _practice_action(action):
    def build(make):
        page = make("shared_practice").page
        return (
            f"/admin/pages/workflow/action/{page.pk}/{action}/"
            f"{page.current_workflow_task_state.pk}/"
        )

    return build


# A practice's files in review: only those who may edit pages (its reviewers).
PRACTICE_REVIEWERS = (LOGIN, 403, 403, 403, 403, 200, 200, 403, 403, 200)
# Wagtail's workflow actions: only the review task's groups may act.
PRACTICE_REVIEW_ACTIONS = (LOGIN, LOGIN, LOGIN, LOGIN, HOME, 200, 200, HOME, HOME, 200)

PRACTICES_ROWS = [
    row("practice-share", lambda make: "/fi/materials/practices/share/", *MEMBERS),
    # Only the person who shared it updates a practice; staff edit it in the admin.
    row("practice-edit-own",
        lambda make: f"/fi/materials/practices/{make('shared_practice').pk}/edit/",
        LOGIN, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    row("members-practice", lambda make: make("members_practice").url, *MEMBERS),
    row("members-practice-document",
        lambda make: make("members_practice").attachments[0].value["document"].url,
        *MEMBERS),
    # A practice in review is no page yet; its files are for its reviewers only.
    row("practice-in-review", lambda make: make("shared_practice").page.url,
        *NOBODY_FINDS),
    row("practice-in-review-document",
        lambda make: make("shared_practice_document").url, *PRACTICE_REVIEWERS),
    row("admin-practice-queue", lambda make: "/admin/reports/shared-practices/",
        *EDITORS_ADMIN),
    row("admin-practice-queue-csv",
        lambda make: "/admin/reports/shared-practices/?export=csv", *EDITORS_ADMIN),
    row("admin-practice-ask-for-changes", _practice_action("request_changes"),
        *PRACTICE_REVIEW_ACTIONS),
    row("admin-practice-decline", _practice_action("decline"),
        *PRACTICE_REVIEW_ACTIONS),
]  # fmt: skip


# --- portal ---------------------------------------------------------------------------
def mailing_list_unsubscribe_path(make) -> str:
    from urllib.parse import urlsplit

    from portal.emails import mailing_list_unsubscribe_url

    url = mailing_list_unsubscribe_url(
        email="kirjaamo@kunta.example", mailing_list="surveys", language="fi"
    )
    return urlsplit(url).path


PORTAL_ROWS = [
    # Leaving a mailing list needs no login: the link's token is signed.
    row("unsubscribe-without-login", mailing_list_unsubscribe_path, *EVERYONE),
]


# --- forums -------------------------------------------------------------------------
FORUMS_ROWS = [
    row("forum-index", lambda make: "/fi/forum/", *MEMBERS),
    row("forum-search", lambda make: "/fi/forum/search/?q=kotoutumis", *MEMBERS),
    row("forum-notifications", lambda make: "/fi/forum/notifications/", *MEMBERS),
    row(
        "forum-notifications-read",
        lambda make: "/fi/forum/notifications/read/",
        *MEMBERS_POST_ONLY,
    ),
    row("forum-mark-all-read", lambda make: "/fi/forum/read/", *MEMBERS_POST_ONLY),
    row("forum-preferences", lambda make: "/fi/forum/preferences/", *MEMBERS),
    row(
        "forum-unsubscribe-without-login",
        lambda make: f"/fi/forum/unsubscribe/{make('forum_unsubscribe_token')}/",
        *EVERYONE,
    ),
    row(
        "forum-category",
        lambda make: make("forum_category").get_absolute_url(),
        *MEMBERS,
    ),
    row(
        "forum-category-follow",
        lambda make: make("forum_category").get_absolute_url() + "follow/",
        *MEMBERS_POST_ONLY,
    ),
    row(
        "forum-new-topic",
        lambda make: make("forum_category").get_absolute_url() + "new/",
        *MEMBERS,
    ),
    row("forum-topic", lambda make: make("forum_topic").get_absolute_url(), *MEMBERS),
    row(
        "forum-topic-page-2",
        lambda make: make("forum_topic").get_absolute_url() + "?page=2",
        *MEMBERS,
    ),
    row(
        "forum-topic-first-unread",
        lambda make: make("forum_topic").get_absolute_url() + "unread/",
        *MEMBERS_REDIRECT,
    ),
    row(
        "forum-topic-reply",
        lambda make: make("forum_topic").get_absolute_url() + "reply/",
        *MEMBERS,
    ),
    row(
        "forum-topic-quote",
        lambda make: (
            make("forum_topic").get_absolute_url()
            + f"reply/?quote={make('forum_post').pk}"
        ),
        *MEMBERS,
    ),
    row(
        "forum-topic-follow",
        lambda make: make("forum_topic").get_absolute_url() + "follow/",
        *MEMBERS_POST_ONLY,
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
        404,
        404,
        404,
        200,
    ),
    row(
        "forum-locked-topic-reply",
        lambda make: make("locked_forum_topic").get_absolute_url() + "reply/",
        *FORUM_MODERATORS,
    ),
    row(
        "forum-post-permalink",
        lambda make: make("forum_post").get_absolute_url(),
        *MEMBERS_REDIRECT,
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
        403,
        403,
        403,
        200,
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
        403,
        403,
        403,
        403,
    ),
    row(
        "forum-post-react",
        lambda make: make("forum_post").get_absolute_url() + "react/thanks/",
        *MEMBERS_POST_ONLY,
    ),
    row(
        "forum-post-report",
        lambda make: make("forum_post").get_absolute_url() + "report/",
        *MEMBERS,
    ),
    row(
        "forum-post-moderate",
        lambda make: make("forum_post").get_absolute_url() + "moderate/",
        *FORUM_MODERATORS,
    ),
    row(
        "forum-attachment",
        lambda make: make("forum_attachment").get_absolute_url(),
        *MEMBERS,
    ),
]


# --- surveys ------------------------------------------------------------------------
def _survey_admin(path):
    return lambda make: f"/admin/surveys/{make('members_survey').pk}/{path}"


SURVEYS_ROWS = [
    row("survey-form", lambda make: make("members_survey").url, *MEMBERS),
    row("survey-thanks", lambda make: make("members_survey").url + "thanks/", *MEMBERS),
    row(
        "survey-invitation-link",
        lambda make: make("members_survey").url + "invitation/?key=not-a-token",
        *MEMBERS_BAD_REQUEST,
    ),
    row("survey-form-signed-in", lambda make: make("signed_in_survey").url, *SIGNED_IN),
    row(
        "survey-results-open",
        lambda make: make("members_survey").url + "results/",
        *SURVEY_MANAGERS,
    ),
    row(
        "survey-results-unpublished",
        lambda make: make("unpublished_survey").url + "results/",
        *SURVEY_MANAGERS,
    ),
    row(
        "survey-results-published",
        lambda make: make("published_survey").url + "results/",
        *MEMBERS,
    ),
    row("survey-admin-index", lambda make: "/admin/surveys/", *EDITORS_ADMIN),
    row("survey-admin-results", _survey_admin("results/"), *EDITORS_ADMIN),
    row("survey-admin-export-csv", _survey_admin("export.csv"), *EDITORS_ADMIN),
    row("survey-admin-export-xlsx", _survey_admin("export.xlsx"), *EDITORS_ADMIN),
    row("survey-admin-not-answered", _survey_admin("not-answered/"), *EDITORS_ADMIN),
    row(
        "survey-admin-not-answered-csv",
        _survey_admin("not-answered/?format=csv"),
        *EDITORS_ADMIN,
    ),
    row("survey-admin-invitations", _survey_admin("invitations/"), *EDITORS_ADMIN),
    row(
        "survey-admin-preparers",
        lambda make: "/admin/surveys/preparers/",
        *EDITORS_ADMIN,
    ),
    row(
        "survey-admin-preparers-csv",
        lambda make: "/admin/surveys/preparers/?format=csv",
        *EDITORS_ADMIN,
    ),
]


# --- letters ------------------------------------------------------------------------
# Editors (and administrators) write and send letters; a role without the office tools
# gets the portal's plain 403; the action URLs answer GET with 405 once allowed.
LETTERS_ACTION = (LOGIN, LOGIN, LOGIN, LOGIN, 403, 405, 405, 403, 403, 405)


def _letter_admin(path):
    return lambda make: f"/admin/letters/{make('members_letter').pk}/{path}"


LETTERS_ROWS = [
    row("letter-members-only", lambda make: make("members_letter").url, *MEMBERS),
    row("letter-unsent", lambda make: make("unsent_letter").url, *NOBODY_FINDS),
    row(
        "letter-subscription-manage-link",
        lambda make: make("letter_subscription").subscriber.get_manage_path(),
        *EVERYONE,
    ),
    row(
        "letter-subscription-manage-link-unknown",
        lambda make: "/fi/letters/manage/not-a-token/",
        *NOBODY_FINDS,
    ),
    row(
        "letter-unsubscribe-link",
        lambda make: (
            f"/fi/letters/unsubscribe/{make('letter_subscription').subscriber.token}/"
            f"{make('letter_subscription').mailing_list_id}/"
        ),
        *EVERYONE,
    ),
    row(
        "letter-confirm-link-forged",
        lambda make: "/fi/letters/confirm/not-a-token/",
        *EVERYONE_GONE,
    ),
    row(
        "letter-account-preferences",
        lambda make: "/fi/letters/account/",
        *SIGNED_IN_POST_ONLY,
    ),
    row("admin-letters", lambda make: "/admin/letters/", *EDITORS_ADMIN),
    row("admin-letters-import", lambda make: "/admin/letters/import/", *EDITORS_ADMIN),
    row(
        "admin-mailing-list-report",
        lambda make: f"/admin/letters/lists/{make('matrix_mailing_list').pk}/report/",
        *EDITORS_ADMIN,
    ),
    row(
        "admin-mailing-list-report-csv",
        lambda make: (
            f"/admin/letters/lists/{make('matrix_mailing_list').pk}/report/"
            "?export=csv&table=municipalities"
        ),
        *EDITORS_ADMIN,
    ),
    row("admin-letter-send", _letter_admin(""), *EDITORS_ADMIN),
    row("admin-letter-preview-html", _letter_admin("preview.html"), *EDITORS_ADMIN),
    row("admin-letter-preview-text", _letter_admin("preview.txt"), *EDITORS_ADMIN),
    row("admin-letter-report-csv", _letter_admin("recipients.csv"), *EDITORS_ADMIN),
    row("admin-letter-report-xlsx", _letter_admin("recipients.xlsx"), *EDITORS_ADMIN),
    *(
        row(
            f"admin-letter-{action}",
            _letter_admin(f"action/{action}/"),
            *LETTERS_ACTION,
        )
        for action in ("send", "schedule", "unschedule", "test", "resend")
    ),
    row(
        "admin-mailing-lists",
        lambda make: "/admin/snippets/letters/mailinglist/",
        *PAGE_EDITORS_ADMIN,
    ),
    row(
        "admin-subscribers", lambda make: "/admin/letters/subscribers/", *EDITORS_ADMIN
    ),
    row(
        "admin-subscribers-results",
        lambda make: "/admin/letters/subscribers/results/?state=confirmed",
        *EDITORS_ADMIN,
    ),
    row(
        "admin-subscribers-csv",
        lambda make: "/admin/letters/subscribers/?export=csv",
        *EDITORS_ADMIN,
    ),
    row(
        "admin-subscribers-xlsx",
        lambda make: "/admin/letters/subscribers/?export=xlsx",
        *EDITORS_ADMIN,
    ),
    row(
        "admin-subscriber",
        lambda make: (
            f"/admin/letters/subscribers/{make('letter_subscription').subscriber_id}/"
        ),
        *EDITORS_ADMIN,
    ),
    *(
        row(
            f"admin-subscriber-{action}",
            lambda make, action=action: (
                "/admin/letters/subscribers/"
                f"{make('letter_subscription').subscriber_id}/{action}/"
            ),
            *LETTERS_ACTION,
        )
        for action in ("unsubscribe", "lift_suppression", "resend_confirmation")
    ),
]


# --- Wagtail's reports, the audit log and the people -------------------------------------
def _exports(name, path, statuses):
    """The report, its results fragment and its CSV and XLSX exports."""
    separator = "&" if "?" in path else "?"
    return [
        row(name, lambda make: path, *statuses),
        row(
            f"{name}-results",
            lambda make: (
                path.replace("/?", "/results/?") if "?" in path else path + "results/"
            ),
            *statuses,
        ),
        row(f"{name}-csv", lambda make: f"{path}{separator}export=csv", *statuses),
        row(f"{name}-xlsx", lambda make: f"{path}{separator}export=xlsx", *statuses),
    ]


# The audit log shows each person only the entries of models they hold a permission on
# (tests/network/test_audit_log.py checks what each role reads there).
REPORTS_ROWS = [
    *_exports("audit-log", "/admin/reports/site-history/", ADMIN_USERS),
    *_exports(
        "audit-log-filtered",
        "/admin/reports/site-history/?action=network.membership.approve",
        ADMIN_USERS,
    ),
    *_exports("report-locked-pages", "/admin/reports/locked/", PAGE_UNLOCKERS),
    *_exports("report-workflows", "/admin/reports/workflow/", PAGE_EDITORS_ADMIN),
    *_exports(
        "report-workflow-tasks", "/admin/reports/workflow_tasks/", PAGE_EDITORS_ADMIN
    ),
    *_exports("report-aging-pages", "/admin/reports/aging-pages/", PAGE_EDITORS_ADMIN),
    *_exports(
        "report-page-types", "/admin/reports/page-types-usage/", PAGE_EDITORS_ADMIN
    ),
    *_exports(
        "report-materials-to-review",
        "/admin/reports/materials-to-review/",
        PAGE_EDITORS_ADMIN,
    ),
    *_exports(
        "report-search-terms",
        "/admin/searchpicks/reports/search-terms/",
        SUPERUSERS_ADMIN,
    ),
    row("admin-users", lambda make: "/admin/users/", *ADMINISTRATORS),
    row(
        "admin-user-edit",
        lambda make: f"/admin/users/edit/{make('member_user').pk}/",
        *ADMINISTRATORS,
    ),
    row("admin-groups", lambda make: "/admin/groups/", *ADMINISTRATORS),
    row("admin-question-forms", lambda make: "/admin/forms/", *PAGE_EDITORS_ADMIN),
    row(
        "admin-question-submissions",
        lambda make: f"/admin/forms/submissions/{make('question_form_page').pk}/",
        *PAGE_EDITORS_ADMIN,
    ),
    row(
        "admin-question-submissions-csv",
        lambda make: (
            f"/admin/forms/submissions/{make('question_form_page').pk}/?export=csv"
        ),
        *PAGE_EDITORS_ADMIN,
    ),
]


# --- requests to the office ---------------------------------------------------------------
def _request_url(suffix):
    return lambda make: f"/fi/requests/{make('office_request').pk}/{suffix}"


def _question_url(suffix):
    return lambda make: f"/fi/requests/questions/{make('advance_question').pk}/{suffix}"


REQUESTS_ROWS = [
    row("requests-start", lambda make: "/fi/requests/", *EVERYONE),
    row("request-general-form", lambda make: "/fi/requests/new/general/", *EVERYONE),
    row("request-legal-form", lambda make: "/fi/requests/new/legal/", *EVERYONE),
    row(
        "request-speaker-form",
        lambda make: "/fi/requests/new/speaker/",
        *MEMBERS_FORM,
    ),
    row(
        "request-consultation-form",
        lambda make: "/fi/requests/new/consultation/",
        *MEMBERS_FORM,
    ),
    row("request-unknown-kind", lambda make: "/fi/requests/new/other/", *NOBODY_FINDS),
    row("request-detail", _request_url(""), *OWN_REQUEST),
    row("request-withdraw", _request_url("withdraw/"), *OWN_OPEN_REQUEST),
    row("request-add-information", _request_url("add/"), *OWN_REQUEST_POST),
    row("request-expert-reply", _request_url("expert-reply/"), *OWN_REQUEST_POST),
    *_exports("admin-requests", "/admin/requests/", REQUESTS_ADMIN),
    row(
        "admin-requests-filtered",
        lambda make: "/admin/requests/?is_open=true&kind=general&age=overdue",
        *REQUESTS_ADMIN,
    ),
    row(
        "admin-requests-report", lambda make: "/admin/requests/report/", *REQUESTS_ADMIN
    ),
    row(
        "admin-requests-report-csv",
        lambda make: "/admin/requests/report/?export=csv",
        *REQUESTS_ADMIN,
    ),
    row(
        "admin-requests-report-xlsx",
        lambda make: "/admin/requests/report/?export=xlsx",
        *REQUESTS_ADMIN,
    ),
    row(
        "admin-request",
        lambda make: f"/admin/requests/{make('office_request').pk}/",
        *REQUESTS_ADMIN,
    ),
    row(
        "question-ask",
        lambda make: f"/fi/requests/questions/event/{make('qa_event').pk}/ask/",
        *SIGNED_IN_POST_ONLY,
    ),
    row(
        "question-ask-members-event",
        lambda make: f"/fi/requests/questions/event/{make('members_event').pk}/ask/",
        *SIGNED_IN_POST_ONLY,
    ),
    row("question-edit", _question_url("edit/"), *OWN_QUESTION),
    row("question-withdraw", _question_url("withdraw/"), *SIGNED_IN_POST_ONLY),
    row("question-vote", _question_url("vote/"), *SIGNED_IN_POST_ONLY),
    row(
        "admin-question-events",
        lambda make: "/admin/event-questions/",
        *REQUESTS_ADMIN,
    ),
    row(
        "admin-event-questions",
        lambda make: f"/admin/event-questions/{make('qa_event').pk}/",
        *REQUESTS_ADMIN,
    ),
    *(
        row(
            f"admin-event-questions-{action}",
            lambda make, action=action: (
                f"/admin/event-questions/{make('qa_event').pk}/{action}/"
            ),
            *REQUESTS_ADMIN_POST,
        )
        for action in ("settings", "publish", "unpublish")
    ),
    *(
        row(
            f"admin-question-{action}",
            lambda make, action=action: (
                f"/admin/event-questions/question/{make('advance_question').pk}/"
                f"{action}/"
            ),
            *REQUESTS_ADMIN_POST,
        )
        for action in ("hide", "show", "answer", "merge", "faq")
    ),
    *(
        row(
            f"admin-request-{action}",
            lambda make, action=action: (
                f"/admin/requests/{make('office_request').pk}/{action}/"
            ),
            *REQUESTS_ADMIN_POST,
        )
        for action in (
            "reply",
            "assign",
            "decline",
            "note",
            "close",
            "faq",
            "event",
            "forum",
        )
    ),
]

ALL_ROWS = (
    PORTAL_ROWS
    + NETWORK_ROWS
    + EVENTS_ROWS
    + MATERIALS_ROWS
    + PRACTICES_ROWS
    + FORUMS_ROWS
    + SURVEYS_ROWS
    + LETTERS_ROWS
    + REPORTS_ROWS
    + REQUESTS_ROWS
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
    if expected[role] == HOME:
        assert (response.status_code, response["Location"]) == (302, "/admin/"), role
        return
    assert response.status_code == expected[role], (url, role)
    if expected[role] == LOGIN:
        assert "/accounts/login/" in response["Location"]
