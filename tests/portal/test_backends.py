from django.contrib.auth.models import Group

import pytest

from network import access
from network.roles import MEMBERS_GROUP
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
