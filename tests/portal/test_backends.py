from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

import pytest

from network.roles import MEMBERS_GROUP
from portal import access
from portal.backends import PortalBackend, permissions_key
from portal.cache import (
    USER_CHANGED,
    finish_request,
    forget_users,
    layout_version,
    start_request,
    user_key,
)
from portal.models import User

pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    """The user as the next request loads it (no per-object permission cache)."""
    return User.objects.get(pk=user.pk)


def test_cached_permissions_cost_no_queries_on_the_next_request(
    member_user, django_assert_num_queries
):
    assert access.can_view_members_content(fresh(member_user))
    user = fresh(member_user)
    with django_assert_num_queries(0):
        assert access.can_view_members_content(user)


def permission_keys(user) -> list[str]:
    return [permissions_key(user.pk, flag) for flag in (False, True)]


def test_the_user_row_and_its_permission_set_are_read_in_one_round_trip(
    member_user, monkeypatch
):
    assert access.can_view_members_content(fresh(member_user))  # both cached
    PortalBackend().get_user(member_user.pk)  # the row is cached by the first read
    start_request()  # as in a request: the versions are read once, first
    layout_version()
    expected = sorted([user_key(member_user.pk), *permission_keys(member_user)])
    reads = []
    get, get_many = cache.get, cache.get_many
    inside = []

    def counted_get_many(keys, *args, **kwargs):
        reads.append(sorted(keys))
        inside.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    def counted_get(*args, **kwargs):
        if not inside:  # the local-memory cache's get_many reads key by key
            reads.append(args)
        return get(*args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counted_get_many)
    monkeypatch.setattr(cache, "get", counted_get)
    try:
        user = PortalBackend().get_user(member_user.pk)
        assert access.can_view_members_content(user)
    finally:
        finish_request()

    assert reads == [expected]


def test_a_permission_set_read_with_the_row_follows_a_new_superuser(signed_in_user):
    backend = PortalBackend()
    assert not backend.get_user(signed_in_user.pk).has_perm("network.moderate_forums")
    signed_in_user.is_superuser = True
    signed_in_user.save()
    assert backend.get_user(signed_in_user.pk).has_perm("network.moderate_forums")


def test_leaving_the_members_group_takes_effect_on_the_next_request(member_user):
    assert access.can_view_members_content(fresh(member_user))
    member_user.groups.remove(Group.objects.get(name=MEMBERS_GROUP))
    assert not access.can_view_members_content(fresh(member_user))


def test_joining_the_members_group_takes_effect_on_the_next_request(signed_in_user):
    assert not access.can_view_members_content(fresh(signed_in_user))
    signed_in_user.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    assert access.can_view_members_content(fresh(signed_in_user))


def test_a_new_superuser_gets_every_permission_at_once(signed_in_user):
    assert not fresh(signed_in_user).has_perm("network.moderate_forums")
    signed_in_user.is_superuser = True
    signed_in_user.save()
    assert fresh(signed_in_user).has_perm("network.moderate_forums")


def test_a_permission_set_is_loaded_in_one_query_with_the_same_answer_as_django(
    member_user, django_assert_num_queries
):
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.models import Permission

    member_user.user_permissions.add(
        Permission.objects.get(codename="manage_membership")
    )
    user = fresh(member_user)
    with django_assert_num_queries(1):
        permissions = user.get_all_permissions()
    assert permissions == ModelBackend().get_all_permissions(fresh(member_user))
    assert {"network.view_members_content", "network.manage_membership"} <= permissions


# --- The cached user row -----------------------------------------------------------------


def signed_in(client) -> bool:
    """Whether the next request of this client is signed in as the user."""
    return client.get(reverse("network:account")).status_code == 200


def cache_row(user) -> None:
    """As a minute after the user last changed: the next request caches the row."""
    cache.delete(user_key(user.pk))
    PortalBackend().get_user(user.pk)
    assert isinstance(cache.get(user_key(user.pk)), User)


def test_the_next_request_reads_the_user_from_the_cache(
    member_user, django_assert_num_queries
):
    assert cache.get(user_key(member_user.pk)) == USER_CHANGED  # the fixture saved it
    cache.delete(user_key(member_user.pk))  # a minute later
    first = PortalBackend().get_user(str(member_user.pk))
    with django_assert_num_queries(0):
        again = PortalBackend().get_user(str(member_user.pk))
    assert again == first == member_user
    assert again is not first  # each request gets its own copy
    assert again.email == member_user.email


def test_a_saved_change_is_read_on_the_next_request(member_user):
    cache_row(member_user)
    member_user.first_name = "Uusinimi"
    member_user.save()
    assert PortalBackend().get_user(member_user.pk).first_name == "Uusinimi"


def deactivate(user) -> None:
    user.is_active = False
    user.save()


def change_password(user) -> None:
    user.set_password("Uusi-salasana-2026")
    user.save()


@pytest.mark.parametrize(
    "change",
    [deactivate, change_password, User.delete],
    ids=["deactivated", "password changed", "deleted"],
)
def test_a_changed_user_is_signed_out_on_the_next_request(
    client, signed_in_user, change
):
    """Another session's changed password signs this one out, as without the cache."""
    client.force_login(signed_in_user)
    cache_row(signed_in_user)
    assert signed_in(client)
    change(signed_in_user)
    assert not signed_in(client)


def test_users_marked_inactive_in_wagtails_bulk_action_are_signed_out_at_once(
    client, superuser, member_user, django_capture_on_commit_callbacks
):
    """Wagtail's bulk action updates the rows without saving them (no signal)."""
    from django.test import Client

    member = Client()
    member.force_login(member_user)
    cache_row(member_user)
    assert signed_in(member)
    client.force_login(superuser)
    # Deactivating people is a change of roles: the password is asked first.
    client.post("/fi/accounts/reauthenticate/", {"password": "correct-horse-battery"})
    url = reverse("wagtail_bulk_action", args=("portal", "user", "set_active_state"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{url}?id={member_user.pk}", {"mark_as_active": "False"}
        )
    assert response.status_code == 302
    assert not User.objects.get(pk=member_user.pk).is_active
    assert not signed_in(member)


@pytest.mark.parametrize("how", ["update", "bulk_update"])
def test_users_updated_through_the_queryset_are_signed_out_at_once(
    client, member_user, how
):
    client.force_login(member_user)
    cache_row(member_user)
    assert signed_in(client)
    users = User.objects.filter(pk=member_user.pk)
    if how == "update":
        users.update(is_active=False)
    else:
        member_user.is_active = False
        User.objects.bulk_update([member_user], ["is_active"])
    assert not signed_in(client)


def test_a_row_read_before_a_change_is_not_stored_after_it(member_user):
    """The marker of a change keeps out a request that read the old row before it."""
    old = User.objects.get(pk=member_user.pk)
    member_user.is_active = False
    member_user.save()
    assert cache.get(user_key(member_user.pk)) == USER_CHANGED
    cache.add(user_key(member_user.pk), old, 60)  # what the slow request tries
    assert PortalBackend().get_user(member_user.pk) is None


def test_a_change_is_marked_again_after_the_commit(
    member_user, django_capture_on_commit_callbacks
):
    """A request that read the old row and found the marker expired before the commit
    stored it: the commit replaces it."""
    old = User.objects.get(pk=member_user.pk)
    with django_capture_on_commit_callbacks(execute=True):
        member_user.is_active = False
        member_user.save()
        cache.delete(user_key(member_user.pk))
        cache.add(user_key(member_user.pk), old, 60)
    assert cache.get(user_key(member_user.pk)) == USER_CHANGED
    assert PortalBackend().get_user(member_user.pk) is None


def test_while_marked_changed_the_user_is_read_from_the_database(
    member_user, django_assert_num_queries
):
    forget_users([member_user.pk])
    for _ in range(2):
        with django_assert_num_queries(1):
            assert PortalBackend().get_user(member_user.pk) == member_user
    assert cache.get(user_key(member_user.pk)) == USER_CHANGED


@pytest.mark.parametrize("user_id", ["abc", "", "999999"])
def test_a_session_with_an_unknown_user_id_gets_no_user(user_id):
    assert PortalBackend().get_user(user_id) is None
