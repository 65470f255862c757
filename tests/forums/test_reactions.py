"""Thanks and useful: one of each kind per person, counted on the post, plain forms."""

import pytest

from forums import services
from forums.exceptions import ForumError, NotAllowedError
from forums.models import Post, Reaction

pytestmark = pytest.mark.django_db


def test_reaction_counts_once_per_person_and_kind(
    forum_post, member_user, moderator_user
):
    services.add_reaction(post=forum_post, user=member_user, kind="thanks")
    services.add_reaction(post=forum_post, user=member_user, kind="thanks")
    services.add_reaction(post=forum_post, user=member_user, kind="useful")
    post = services.add_reaction(post=forum_post, user=moderator_user, kind="thanks")
    assert (post.thanks_count, post.useful_count) == (2, 1)
    assert Reaction.objects.filter(post=forum_post).count() == 3


def test_removing_a_reaction_lowers_the_count(forum_post, member_user):
    services.add_reaction(post=forum_post, user=member_user, kind="useful")
    post = services.remove_reaction(post=forum_post, user=member_user, kind="useful")
    assert post.useful_count == 0
    post = services.remove_reaction(post=forum_post, user=member_user, kind="useful")
    assert post.useful_count == 0


def test_nobody_reacts_to_their_own_post(forum_post, forum_author):
    with pytest.raises(NotAllowedError):
        services.add_reaction(post=forum_post, user=forum_author, kind="thanks")


def test_no_reactions_to_hidden_posts(forum_post, member_user, moderator_user):
    services.hide_post(post=forum_post, moderator=moderator_user, reason="Asiaton")
    forum_post.refresh_from_db()
    with pytest.raises(NotAllowedError):
        services.add_reaction(post=forum_post, user=member_user, kind="thanks")


def test_unknown_reaction_kind_is_refused(forum_post, member_user):
    with pytest.raises(ForumError):
        services.add_reaction(post=forum_post, user=member_user, kind="love")


def test_reaction_button_toggles_without_javascript(client, member_user, forum_post):
    client.force_login(member_user)
    url = forum_post.get_absolute_url() + "react/thanks/"
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#{forum_post.anchor}")
    assert Post.objects.get(pk=forum_post.pk).thanks_count == 1
    page = client.get(forum_post.topic.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page
    client.post(url)
    assert Post.objects.get(pk=forum_post.pk).thanks_count == 0


def test_unknown_reaction_url_is_a_404(client, member_user, forum_post):
    client.force_login(member_user)
    assert client.post(forum_post.get_absolute_url() + "react/love/").status_code == 404
