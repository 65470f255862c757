"""The portal's authentication backend: allauth's (sign-in by e-mail address), with each
user's row and permission set cached across requests.

Every request of a signed-in person reads the user (Django's `get_user`, after the session)
and most ask "may this user see members-only content?"; without the caches that costs three
queries a request.

- The user row is cached for `USER_TIMEOUT` under `portal:user:<pk>`. Saving or deleting a
  user replaces the entry with a `CHANGED` marker for `CHANGED_TIMEOUT`, at once and again
  after the commit; a reader stores what it read only with `cache.add`, which does not
  overwrite the marker, so a request that read the row before a change cannot put the old
  row back. Changes that bypass `save()` (Wagtail's bulk "mark as active/inactive") call
  `forget_users` themselves (`portal.wagtail_hooks`); anything else is bounded by
  `USER_TIMEOUT`. Django still checks the session against the password hash of the row it
  gets, so a changed password signs out the other sessions as before.
- The permission set is cached per user under a version that any change to groups or
  permissions bumps (see `portal.cache`).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from allauth.account.auth_backends import AuthenticationBackend

from portal.cache import PERMISSIONS_TIMEOUT, permissions_version, write_safely

USER_TIMEOUT = 5 * 60
CHANGED = "changed"
CHANGED_TIMEOUT = 60


def user_key(pk) -> str:
    return f"portal:user:{pk}"


def forget_users(pks) -> None:
    """These users changed: mark their cached rows as changed now and after the commit."""
    keys = [user_key(pk) for pk in pks]

    def mark() -> None:
        write_safely(
            lambda: cache.set_many(dict.fromkeys(keys, CHANGED), CHANGED_TIMEOUT)
        )

    if keys:
        mark()
        transaction.on_commit(mark)


def forget_changed_user(sender, instance, **kwargs) -> None:
    """Signal receiver (post_save, post_delete of the user model)."""
    forget_users([instance.pk])


class PortalBackend(AuthenticationBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        key = user_key(pk)
        cached = cache.get(key)
        if isinstance(cached, user_model):
            return cached if self.user_can_authenticate(cached) else None
        user = super().get_user(pk)  # None when missing or inactive: not cached
        if user is not None and cached is None:
            cache.add(key, user, USER_TIMEOUT)
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"portal:perms:{user_obj.pk}:{int(user_obj.is_superuser)}"
            key = f"{key}:{permissions_version()}"
            permissions = cache.get(key)
            if permissions is None:
                permissions = self._load_permissions(user_obj)
                cache.set(key, permissions, PERMISSIONS_TIMEOUT)
            user_obj._perm_cache = set(permissions)
        return user_obj._perm_cache

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
