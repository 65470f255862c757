"""The forum's pages for members: reading, writing, permalinks and search."""

from django.core import mail

import pytest

from forums import services
from forums.models import BODY_MAX_LENGTH, POSTS_PER_PAGE, ForumPreference, Post, Topic
from tests.factories.forums import CategoryFactory, bulk_posts, make_reply, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


def test_index_lists_categories_with_counts_and_latest_post(
    member_client, forum_topic, forum_post
):
    CategoryFactory(name_fi="Pienet kunnat", slug="pienet-kunnat")
    response = member_client.get("/fi/forum/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "KOTO24 yleinen" in html and "Pienet kunnat" in html
    assert forum_topic.title in html
    assert forum_post.get_absolute_url() in html
    assert "Ei vielä viestejä" in html


def test_category_name_follows_the_language(client, member_user):
    CategoryFactory(name_fi="Pienet kunnat", name_sv="Små kommuner", slug="pienet")
    client.force_login(member_user)
    assert "Små kommuner" in client.get("/sv/forum/").content.decode()
    assert "Pienet kunnat" in client.get("/fi/forum/").content.decode()


def test_category_lists_pinned_topics_first_then_latest_activity(
    member_client, forum_category, forum_author, moderator_user
):
    old = make_topic(category=forum_category, author=forum_author, title="Vanha")
    new = make_topic(category=forum_category, author=forum_author, title="Uusi")
    pinned = make_topic(category=forum_category, author=forum_author, title="Tärkeä")
    make_reply(topic=old, author=forum_author)  # old now has the latest activity
    services.pin_topic(topic=new, moderator=moderator_user)
    response = member_client.get(forum_category.get_absolute_url())
    titles = [topic.title for topic in response.context["page_obj"]]
    assert titles == ["Uusi", "Vanha", "Tärkeä"]
    assert pinned.title in response.content.decode()


def test_new_topic_form_publishes_and_redirects_to_the_topic(
    member_client, forum_category
):
    response = member_client.post(
        forum_category.get_absolute_url() + "new/",
        {"title": "Monikielinen orientaatio", "body": "Kuka on aloittanut?"},
    )
    topic = Topic.objects.get(title="Monikielinen orientaatio")
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    page = member_client.get(topic.get_absolute_url()).content.decode()
    assert "Kuka on aloittanut?" in page


def error_summary(response):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".error-summary")
    return soup, summary


def test_new_topic_form_shows_errors_with_400(member_client, forum_category):
    response = member_client.post(
        forum_category.get_absolute_url() + "new/", {"title": "", "body": ""}
    )
    assert response.status_code == 400
    assert response.context["form"].errors.keys() >= {"title", "body"}
    assert not Topic.objects.exists()
    soup, summary = error_summary(response)
    assert summary["role"] == "alert" and summary.has_attr("autofocus")
    assert [a["href"] for a in summary.select("a")] == ["#id_title", "#id_body"]
    assert soup.title.get_text().startswith("Virhe: Aloita uusi keskustelu")


def test_reply_form_shows_an_error_summary_and_keeps_the_text(
    member_client, forum_topic
):
    body = "x" * (BODY_MAX_LENGTH + 1)
    response = member_client.post(
        forum_topic.get_absolute_url() + "reply/", {"body": body}
    )
    assert response.status_code == 400
    soup, summary = error_summary(response)
    assert [a["href"] for a in summary.select("a")] == ["#id_body"]
    assert soup.title.get_text().startswith("Virhe: ")
    assert soup.select_one("textarea#id_body").get_text().strip() == body


def test_forum_times_carry_a_valid_machine_readable_datetime(
    member_client, forum_topic
):
    import re

    html = member_client.get(forum_topic.get_absolute_url()).content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', html)
    assert stamps
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[23]:00", stamp)


def test_rate_limit_error_is_shown_with_429(member_client, forum_topic):
    for _ in range(5):
        member_client.post(forum_topic.get_absolute_url() + "reply/", {"body": "Hei"})
    response = member_client.post(
        forum_topic.get_absolute_url() + "reply/", {"body": "Liikaa"}
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "nopeammin kuin keskustelufoorumi sallii" in response.content.decode()


def test_first_post_asks_about_email_and_records_the_choice(
    member_client, member_user, forum_topic
):
    page = member_client.get(forum_topic.get_absolute_url() + "reply/")
    assert "email_frequency" in page.context["form"].fields
    assert page.context["form"]["email_frequency"].initial == "off"
    member_client.post(
        forum_topic.get_absolute_url() + "reply/",
        {"body": "Kiitos!", "email_frequency": "daily"},
    )
    preference = ForumPreference.objects.get(user=member_user)
    assert (preference.email_frequency, preference.has_chosen_email) == ("daily", True)
    page = member_client.get(forum_topic.get_absolute_url() + "reply/")
    assert "email_frequency" not in page.context["form"].fields


def test_posting_without_choosing_keeps_email_off(
    member_client, member_user, forum_topic
):
    member_client.post(forum_topic.get_absolute_url() + "reply/", {"body": "Kiitos!"})
    assert not ForumPreference.objects.filter(
        user=member_user, email_frequency__in=["batched", "daily"]
    ).exists()


def test_reply_redirects_to_the_new_post(member_client, forum_topic):
    response = member_client.post(
        forum_topic.get_absolute_url() + "reply/", {"body": "Vastaus"}
    )
    post = Post.objects.get(body="Vastaus")
    assert response["Location"] == f"{forum_topic.get_absolute_url()}#{post.anchor}"


def test_quote_link_prefills_the_reply(member_client, forum_topic, forum_post):
    response = member_client.get(
        forum_topic.get_absolute_url() + f"reply/?quote={forum_post.pk}"
    )
    form = response.context["form"]
    assert form["body"].initial.startswith("> **")
    assert form["quote"].initial == forum_post.pk
    member_client.post(
        forum_topic.get_absolute_url() + "reply/",
        {"body": form["body"].initial + "Samaa mieltä.", "quote": forum_post.pk},
    )
    assert Post.objects.get(position=2).reply_to == forum_post


def test_topic_pages_and_permalinks(
    member_client, forum_topic, forum_author, member_user
):
    posts = bulk_posts(topic=forum_topic, authors=[forum_author, member_user], count=45)
    last = posts[-1]
    assert last.position == 46
    response = member_client.get(last.get_absolute_url())
    assert response.status_code == 307
    assert (
        response["Location"] == f"{forum_topic.get_absolute_url()}?page=3#{last.anchor}"
    )
    page = member_client.get(forum_topic.get_absolute_url() + "?page=3")
    assert [post.position for post in page.context["page_obj"]] == list(range(41, 47))
    first_page = member_client.get(forum_topic.get_absolute_url())
    assert len(first_page.context["page_obj"].object_list) == POSTS_PER_PAGE
    assert f'id="{posts[0].anchor}"' in first_page.content.decode()


def test_edited_post_shows_the_mark(member_client, member_user, own_forum_post):
    response = member_client.post(
        own_forum_post.get_absolute_url() + "edit/", {"body": "Korjattu versio"}
    )
    assert response.status_code == 302
    page = member_client.get(own_forum_post.topic.get_absolute_url()).content.decode()
    assert "Korjattu versio" in page
    assert "forum-post__edited" in page


def test_deleting_keeps_the_place_with_a_note(member_client, own_forum_post):
    page = member_client.get(own_forum_post.get_absolute_url() + "delete/")
    assert page.status_code == 200
    member_client.post(own_forum_post.get_absolute_url() + "delete/")
    html = member_client.get(own_forum_post.topic.get_absolute_url()).content.decode()
    assert own_forum_post.body not in html
    assert f'id="{own_forum_post.anchor}"' in html


def test_hidden_post_shows_the_reason_and_text_only_to_moderators(
    client, member_user, moderator_user, forum_post
):
    services.hide_post(post=forum_post, moderator=moderator_user, reason="Asiaton")
    client.force_login(member_user)
    html = client.get(forum_post.topic.get_absolute_url()).content.decode()
    assert "Asiaton" in html and forum_post.body not in html
    client.force_login(moderator_user)
    html = client.get(forum_post.topic.get_absolute_url()).content.decode()
    assert forum_post.body in html


def test_locked_topic_shows_the_reason_and_no_reply_form(
    member_client, locked_forum_topic
):
    response = member_client.get(locked_forum_topic.get_absolute_url())
    html = response.content.decode()
    assert "Vanha" in html
    assert not response.context["can_reply"]
    assert 'action="' + locked_forum_topic.get_absolute_url() + 'reply/"' not in html


def test_post_html_is_the_sanitized_cache(member_client, forum_topic, member_user):
    make_reply(
        topic=forum_topic,
        author=member_user,
        body="<script>alert(1)</script> [x](javascript:alert(2))",
    )
    html = member_client.get(forum_topic.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "javascript:alert(2)" not in html


def test_search_finds_titles_and_post_text_but_not_hidden_or_deleted(
    member_client, forum_category, forum_author, member_user, moderator_user
):
    found = make_topic(
        category=forum_category,
        author=forum_author,
        title="Kotoutumisohjelman hyväksyminen",
        body="Valtuusto päättää syksyllä.",
    )
    reply = make_reply(
        topic=found, author=member_user, body="Meillä VALTUUSTO päätti jo."
    )
    hidden = make_topic(
        category=forum_category, author=forum_author, title="Valtuusto piilossa"
    )
    services.hide_topic(topic=hidden, moderator=moderator_user, reason="Roskaa")
    deleted = make_reply(topic=found, author=member_user, body="valtuusto poistettu")
    services.delete_post(post=deleted, user=member_user)

    response = member_client.get("/fi/forum/search/", {"q": "valtuusto"})
    posts = list(response.context["page_obj"])
    assert {post.pk for post in posts} == {found.posts.get(position=1).pk, reply.pk}
    titles = member_client.get("/fi/forum/search/", {"q": "hyväksyminen"})
    assert list(titles.context["topics"]) == [found]


def test_search_snippets_show_the_text_escaped_once(
    member_client, forum_category, forum_author
):
    make_topic(
        category=forum_category,
        author=forum_author,
        body='Päätös "kotoutumisohjelmasta" & <aikataulusta> syksyllä',
    )
    html = member_client.get("/fi/forum/search/", {"q": "syksyllä"}).content.decode()
    snippet = html.split('<ol class="forum-results">', 1)[1].split("</p>", 1)[0]
    assert (
        "Päätös &quot;kotoutumisohjelmasta&quot; &amp; &lt;aikataulusta&gt;" in snippet
    )
    assert "&amp;auml;" not in snippet and "&amp;amp;" not in snippet
    assert "&amp;quot;" not in snippet


def test_search_needs_every_word(member_client, forum_category, forum_author):
    make_topic(
        category=forum_category, author=forum_author, body="kotoutuminen kunnassa"
    )
    make_topic(category=forum_category, author=forum_author, title="B", body="kunnassa")
    response = member_client.get("/fi/forum/search/", {"q": "kunnassa kotoutuminen"})
    assert response.context["page_obj"].paginator.count == 1


def test_too_short_search_is_a_400(member_client):
    assert member_client.get("/fi/forum/search/", {"q": "a"}).status_code == 400


def test_notifications_badge_shows_unread_count_to_members_only(
    client, member_user, signed_in_user, forum_topic, forum_author
):
    services.subscribe_to_topic(user=member_user, topic=forum_topic)
    make_reply(topic=forum_topic, author=forum_author)
    client.force_login(member_user)
    html = client.get("/fi/").content.decode()
    assert 'class="badge forum-header-links__count">1<' in html
    client.force_login(signed_in_user)
    assert "forum-header-links" not in client.get("/fi/").content.decode()


def test_unsubscribe_link_asks_first_and_then_turns_email_off(client, member_user):
    services.set_email_frequency(user=member_user, frequency="batched")
    url = f"/fi/forum/unsubscribe/{services.unsubscribe_token(member_user)}/"
    assert client.get(url).status_code == 200
    assert ForumPreference.objects.get(user=member_user).email_frequency == "batched"
    response = client.post(url)
    assert response.status_code == 200
    assert ForumPreference.objects.get(user=member_user).email_frequency == "off"
    assert not mail.outbox


def test_forged_unsubscribe_token_is_a_404(client, member_user):
    token = services.unsubscribe_token(member_user)
    assert client.get(f"/fi/forum/unsubscribe/{token}x/").status_code == 404
    assert client.post("/fi/forum/unsubscribe/123/").status_code == 404


def test_follow_buttons_toggle_and_do_not_redirect_offsite(
    member_client, member_user, forum_topic
):
    url = forum_topic.get_absolute_url() + "follow/"
    response = member_client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == forum_topic.get_absolute_url()
    assert services.is_subscribed(user=member_user, topic=forum_topic)
    member_client.post(url)
    assert not services.is_subscribed(user=member_user, topic=forum_topic)


def test_preferences_page_saves_the_choice(member_client, member_user, forum_topic):
    services.subscribe_to_topic(user=member_user, topic=forum_topic)
    page = member_client.get("/fi/forum/preferences/")
    assert forum_topic.title in page.content.decode()
    member_client.post("/fi/forum/preferences/", {"email_frequency": "batched"})
    assert ForumPreference.objects.get(user=member_user).email_frequency == "batched"


def test_my_account_has_the_forum_section_for_members(client, member_user, forum_topic):
    services.subscribe_to_topic(user=member_user, topic=forum_topic)
    client.force_login(member_user)
    html = client.get("/fi/network/account/").content.decode()
    assert 'id="forum-account-heading"' in html
    assert forum_topic.title in html


@pytest.mark.parametrize(
    "path",
    [
        "/fi/forum/",
        "{category}",
        "{topic}",
        "{topic}reply/",
        "/fi/forum/preferences/",
        "/fi/forum/notifications/",
        "/fi/network/account/",
    ],
)
def test_every_post_form_carries_the_csrf_token(
    client, member_user, forum_topic, forum_post, own_forum_post, path
):
    services.subscribe_to_topic(user=member_user, topic=forum_topic)
    client.force_login(member_user)
    url = path.format(
        category=forum_topic.category.get_absolute_url(),
        topic=forum_topic.get_absolute_url(),
    )
    html = client.get(url).content.decode()
    forms = [
        form
        for form in html.split("<form")[1:]
        if 'method="post"' in form.split(">")[0] and "logout" not in form.split(">")[0]
    ]
    assert forms
    assert all(
        'name="csrfmiddlewaretoken"' in form.split("</form>")[0] for form in forms
    )
