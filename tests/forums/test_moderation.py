"""Moderators pin, lock, move and hide topics, hide and restore posts, and work the
report queue in the admin; every action is in Wagtail's audit log."""

from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

import pytest

from forums import services
from forums.exceptions import (
    AlreadyReportedError,
    ForumError,
    InvalidMoveError,
    NotAllowedError,
)
from forums.models import Category, Post, Report, Topic
from tests.factories.forums import CategoryFactory, make_reply, make_topic

pytestmark = pytest.mark.django_db


def audit(action: str) -> ModelLogEntry:
    return ModelLogEntry.objects.get(action=action)


def test_every_forum_action_has_a_label_in_the_audit_log():
    from forums.wagtail_hooks import LOG_ACTION_LABELS

    for action in LOG_ACTION_LABELS:
        assert log_registry.action_exists(action), action


def test_pin_and_unpin_are_audited(forum_topic, moderator_user):
    topic = services.pin_topic(topic=forum_topic, moderator=moderator_user)
    assert topic.is_pinned
    topic = services.unpin_topic(topic=forum_topic, moderator=moderator_user)
    assert not topic.is_pinned
    assert audit("forums.pin_topic").user == moderator_user
    assert audit("forums.unpin_topic").object_id == str(forum_topic.pk)


def test_lock_needs_a_reason_that_is_shown_and_audited(
    client, forum_topic, moderator_user, member_user
):
    with pytest.raises(ForumError):
        services.lock_topic(topic=forum_topic, moderator=moderator_user, reason=" ")
    services.lock_topic(topic=forum_topic, moderator=moderator_user, reason="Ratkaistu")
    assert audit("forums.lock_topic").data == {"reason": "Ratkaistu"}
    client.force_login(member_user)
    assert "Ratkaistu" in client.get(forum_topic.get_absolute_url()).content.decode()
    topic = services.unlock_topic(topic=forum_topic, moderator=moderator_user)
    assert (topic.is_locked, topic.lock_reason) == (False, "")


def test_move_recounts_both_categories(forum_topic, member_user, moderator_user):
    make_reply(topic=forum_topic, author=member_user)
    old = forum_topic.category
    new = CategoryFactory(slug="pienet-kunnat")
    services.move_topic(topic=forum_topic, moderator=moderator_user, category=new)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.topic_count, old.post_count, old.last_post) == (0, 0, None)
    assert (new.topic_count, new.post_count) == (1, 2)
    assert new.last_post == forum_topic.posts.order_by("-position").first()
    assert audit("forums.move_topic").data["to_id"] == new.pk
    with pytest.raises(InvalidMoveError):
        services.move_topic(topic=forum_topic, moderator=moderator_user, category=new)


def test_hidden_topic_is_gone_for_members_but_not_for_moderators(
    client, forum_topic, moderator_user, member_user
):
    services.hide_topic(topic=forum_topic, moderator=moderator_user, reason="Mainos")
    category = Category.objects.get()
    assert (category.topic_count, category.post_count) == (0, 0)
    client.force_login(member_user)
    assert client.get(forum_topic.get_absolute_url()).status_code == 404
    listing = client.get(category.get_absolute_url())
    assert forum_topic not in list(listing.context["page_obj"])
    client.force_login(moderator_user)
    assert client.get(forum_topic.get_absolute_url()).status_code == 200
    services.unhide_topic(topic=forum_topic, moderator=moderator_user)
    assert Category.objects.get().topic_count == 1
    assert {e.action for e in ModelLogEntry.objects.all()} >= {
        "forums.hide_topic",
        "forums.unhide_topic",
    }


def test_hide_and_restore_a_post_recount_the_topic(
    forum_topic, member_user, moderator_user
):
    reply = make_reply(topic=forum_topic, author=member_user)
    services.hide_post(post=reply, moderator=moderator_user, reason="Henkilötietoja")
    forum_topic.refresh_from_db()
    assert (forum_topic.post_count, forum_topic.last_post.position) == (1, 1)
    assert Post.objects.get(pk=reply.pk).hidden_reason == "Henkilötietoja"
    services.restore_post(post=reply, moderator=moderator_user)
    forum_topic.refresh_from_db()
    assert (forum_topic.post_count, forum_topic.last_post) == (2, reply)
    assert audit("forums.hide_post").data == {"reason": "Henkilötietoja"}
    assert audit("forums.restore_post").user == moderator_user


@pytest.mark.parametrize("role", ["member_user", "staff_user"])
def test_only_moderators_moderate(request, forum_topic, forum_post, role):
    user = request.getfixturevalue(role)
    for action in (
        lambda: services.pin_topic(topic=forum_topic, moderator=user),
        lambda: services.lock_topic(topic=forum_topic, moderator=user, reason="x"),
        lambda: services.hide_post(post=forum_post, moderator=user, reason="x"),
    ):
        with pytest.raises(NotAllowedError):
            action()
    assert not ModelLogEntry.objects.filter(action__startswith="forums.").exists()


def test_moderation_page_applies_actions_and_explains_missing_reason(
    client, forum_topic, moderator_user
):
    client.force_login(moderator_user)
    url = forum_topic.get_absolute_url() + "moderate/"
    response = client.post(url, {"action": "lock", "reason": ""})
    assert response.status_code == 400
    assert not Topic.objects.get().is_locked
    response = client.post(url, {"action": "lock", "reason": "Valmis"})
    assert response.status_code == 302
    assert Topic.objects.get().lock_reason == "Valmis"
    client.post(url, {"action": "pin"})
    assert Topic.objects.get().is_pinned


def test_post_moderation_page_hides_with_reason(client, forum_post, moderator_user):
    client.force_login(moderator_user)
    url = forum_post.get_absolute_url() + "moderate/"
    assert client.post(url, {"action": "hide", "reason": ""}).status_code == 400
    client.post(url, {"action": "hide", "reason": "Asiaton"})
    assert Post.objects.get(pk=forum_post.pk).is_hidden
    client.post(url, {"action": "restore"})
    assert not Post.objects.get(pk=forum_post.pk).is_hidden


# --- Reports ------------------------------------------------------------------------------


def test_member_reports_a_post_once(forum_post, member_user):
    report = services.report_post(
        post=forum_post, reporter=member_user, reason="Asiaton"
    )
    assert (report.status, report.reason) == (Report.Status.OPEN, "Asiaton")
    with pytest.raises(AlreadyReportedError):
        services.report_post(post=forum_post, reporter=member_user, reason="Taas")
    assert Report.objects.count() == 1


def test_own_posts_cannot_be_reported(forum_post, forum_author):
    with pytest.raises(NotAllowedError):
        services.report_post(post=forum_post, reporter=forum_author, reason="x")


def test_report_form_sends_the_report(client, forum_post, member_user):
    client.force_login(member_user)
    url = forum_post.get_absolute_url() + "report/"
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Loukkaava"})
    assert response.status_code == 302
    assert Report.objects.get().reporter == member_user


def test_hiding_from_a_report_closes_all_its_reports(
    forum_post, member_user, moderator_user, staff_user
):
    first = services.report_post(post=forum_post, reporter=member_user, reason="a")
    services.report_post(post=forum_post, reporter=staff_user, reason="b")
    services.hide_reported_post(report=first, moderator=moderator_user, note="Asiaton")
    assert Post.objects.get(pk=forum_post.pk).hidden_reason == "Asiaton"
    assert set(Report.objects.values_list("status", flat=True)) == {"actioned"}
    assert audit("forums.hide_post").user == moderator_user


def test_dismissing_a_report_keeps_the_post(forum_post, member_user, moderator_user):
    report = services.report_post(post=forum_post, reporter=member_user, reason="a")
    report = services.dismiss_report(report=report, moderator=moderator_user, note="OK")
    assert (report.status, report.resolved_by) == ("dismissed", moderator_user)
    assert not Post.objects.get(pk=forum_post.pk).is_hidden
    assert audit("forums.dismiss_report").data == {"note": "OK"}


@pytest.fixture
def report(forum_post, member_user):
    return services.report_post(post=forum_post, reporter=member_user, reason="Asiaton")


def test_moderators_see_the_queue_in_the_admin(client, moderator_user, report):
    client.force_login(moderator_user)
    response = client.get("/admin/forum_reports/")
    assert response.status_code == 200
    assert "Asiaton" in response.content.decode()
    page = client.get(f"/admin/forum_reports/edit/{report.pk}/")
    assert page.status_code == 200
    assert report.post.body in page.content.decode()


def test_moderator_hides_the_post_from_the_queue(client, moderator_user, report):
    client.force_login(moderator_user)
    url = f"/admin/forum_reports/edit/{report.pk}/"
    response = client.post(url, {"decision": "hide", "note": ""})
    assert response.status_code == 200  # the reason is required
    assert Report.objects.get().is_open
    response = client.post(url, {"decision": "hide", "note": "Henkilötietoja"})
    assert response.status_code == 302
    assert Post.objects.get(pk=report.post_id).is_hidden
    assert Report.objects.get().status == "actioned"


def test_moderator_dismisses_from_the_queue_and_cannot_decide_twice(
    client, moderator_user, report
):
    client.force_login(moderator_user)
    url = f"/admin/forum_reports/edit/{report.pk}/"
    assert client.post(url, {"decision": "dismiss", "note": ""}).status_code == 302
    assert Report.objects.get().status == "dismissed"
    assert client.post(url, {"decision": "hide", "note": "x"}).status_code == 200
    assert not Post.objects.get(pk=report.post_id).is_hidden


@pytest.mark.parametrize(
    ("role", "reports", "categories"),
    [
        ("member_user", "login", "login"),
        ("moderator_user", 200, "denied"),
        ("staff_user", "denied", 200),
        ("superuser", 200, 200),
    ],
)
def test_admin_forum_views_by_role(request, client, report, role, reports, categories):
    client.force_login(request.getfixturevalue(role))
    for url, expected in [
        ("/admin/forum_reports/", reports),
        (f"/admin/forum_reports/edit/{report.pk}/", reports),
        ("/admin/forum_categories/", categories),
        ("/admin/forum_categories/new/", categories),
    ]:
        response = client.get(url)
        if expected == "login":
            assert "/accounts/login/" in response["Location"], url
        elif expected == "denied":  # Wagtail sends those without permission home
            assert (response.status_code, response["Location"]) == (302, "/admin/"), url
        else:
            assert response.status_code == 200, url


def test_staff_create_a_category_in_the_admin(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/admin/forum_categories/new/",
        {
            "name_fi": "Pienet kunnat",
            "name_sv": "Små kommuner",
            "name_en": "",
            "description_fi": "Alle 10 000 asukkaan kunnat.",
            "description_sv": "Kommuner med under 10 000 invånare.",
            "description_en": "",
            "slug": "pienet-kunnat",
            "sort_order": 50,
        },
    )
    assert response.status_code == 302
    assert Category.objects.get().name_sv == "Små kommuner"


def test_a_category_with_topics_cannot_be_deleted(client, superuser, forum_topic):
    client.force_login(superuser)
    url = f"/admin/forum_categories/delete/{forum_topic.category_id}/"
    client.post(url)
    assert Category.objects.exists()
    empty = CategoryFactory()
    client.post(f"/admin/forum_categories/delete/{empty.pk}/")
    assert not Category.objects.filter(pk=empty.pk).exists()


def test_front_page_of_the_forum_links_moderators_to_the_queue(
    client, moderator_user, member_user, report
):
    client.force_login(moderator_user)
    assert "/admin/forum_reports/" in client.get("/fi/forum/").content.decode()
    client.force_login(member_user)
    assert "/admin/forum_reports/" not in client.get("/fi/forum/").content.decode()


def test_moderator_edits_any_post_from_the_site(client, forum_post, moderator_user):
    client.force_login(moderator_user)
    response = client.post(
        forum_post.get_absolute_url() + "edit/", {"body": "Siistitty"}
    )
    assert response.status_code == 302
    post = Post.objects.get(pk=forum_post.pk)
    assert (post.body, post.edited_by) == ("Siistitty", moderator_user)
    assert audit("forums.edit_post").user == moderator_user


def test_new_topic_in_hidden_state_is_not_counted(
    forum_category, forum_author, moderator_user
):
    topic = make_topic(category=forum_category, author=forum_author)
    services.hide_topic(topic=topic, moderator=moderator_user, reason="x")
    make_topic(category=forum_category, author=forum_author, title="Näkyvä")
    assert Category.objects.get().topic_count == 1


def test_queue_rows_open_the_report(client, moderator_user, report):
    client.force_login(moderator_user)
    html = client.get("/admin/forum_reports/").content.decode()
    assert f'href="/admin/forum_reports/edit/{report.pk}/"' in html
