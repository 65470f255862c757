"""Authentication backend whose permission sets are cached across requests."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Q

from portal.cache import PERMISSIONS_TIMEOUT, permissions_version


class CachedPermissionsBackend(ModelBackend):
    """Django's model backend, reading each user's permission set from the cache.

    Every page asks "may this user see members-only content?"; without the cache that
    costs two queries a request. The set is dropped when groups or permissions change
    (see `portal.cache`).
    """

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
