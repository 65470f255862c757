"""The portal's authentication backend: allauth's (sign-in by e-mail address), with each
user's row and permission set cached across requests.

Every request of a signed-in person reads the user (Django's `get_user`, after the session)
and most ask "may this user see members-only content?"; without the caches that costs three
queries a request.

- The user row is cached for `USER_TIMEOUT` under `portal.cache.user_key`. Saving or
  deleting a user, or updating users through their queryset (`update`, `bulk_update`, as
  Wagtail's bulk "mark as active/inactive" does), replaces the entry with a "changed" marker
  for a minute, at once and again after the commit (`portal.cache.forget_users`); a reader
  stores what it read only with `cache.add`, which does not overwrite the marker, so a
  request that read the row before a change cannot put the old row back. Only raw SQL is
  left to `USER_TIMEOUT`. Django still checks the session against the password hash of the
  row it gets, so a changed password signs out the other sessions as before.
- The permission set is cached per user under a version that any change to groups or
  permissions bumps (see `portal.cache`). `get_user` reads it with the row, in the same
  round trip (both of the user's keys, superuser or not: which applies is known only from
  the row), and keeps it on the user for the request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q

from allauth.account.auth_backends import AuthenticationBackend

from portal.cache import (
    PERMISSIONS_TIMEOUT,
    USER_TIMEOUT,
    permissions_version,
    user_key,
)


def permissions_key(pk, is_superuser: bool) -> str:
    """Where a user's permission set is cached: per user and superuser flag, under the
    permissions version."""
    return f"portal:perms:{pk}:{int(is_superuser)}:{permissions_version()}"


class PortalBackend(AuthenticationBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        key = user_key(pk)
        # The permission set (asked on nearly every request: "may this user reach the
        # admin?") comes with the row in the same round trip; which of the two keys
        # applies depends on the row's `is_superuser`.
        perms_keys = {flag: permissions_key(pk, flag) for flag in (False, True)}
        found = cache.get_many([key, *perms_keys.values()])
        cached = found.get(key)
        if isinstance(cached, user_model):
            user = cached  # only active users are stored
        else:
            user = super().get_user(pk)  # None when missing or inactive
            if user is not None and cached is None:
                cache.add(key, user, USER_TIMEOUT)
        if user is not None:
            permissions = found.get(perms_keys[bool(user.is_superuser)])
            if permissions is not None and user.is_active:
                user._portal_permissions = set(permissions)
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        # Kept on the user for the rest of the request under the portal's own name (Django's
        # ModelBackend keeps its set as `_perm_cache`, which is its private state).
        if not hasattr(user_obj, "_portal_permissions"):
            key = permissions_key(user_obj.pk, user_obj.is_superuser)
            permissions = cache.get(key)
            if permissions is None:
                permissions = self._load_permissions(user_obj)
                cache.set(key, permissions, PERMISSIONS_TIMEOUT)
            user_obj._portal_permissions = set(permissions)
        return user_obj._portal_permissions

    def _load_permissions(self, user_obj) -> set[str]:
        """The user's own and their groups' permissions in one query (Django's backend
        takes two); a superuser has every permission, as there."""
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj)
        rows = (
            Permission.objects.filter(Q(user=user_obj) | Q(group__user=user_obj))
            .values_list("content_type__app_label", "codename")
            .distinct()
        )
        return {f"{app_label}.{codename}" for app_label, codename in rows}
