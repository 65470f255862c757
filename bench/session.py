"""Sign users in without a password: store a Django session for each and return its cookie.

    DJANGO_SETTINGS_MODULE=portal.settings.production python -m bench.session USER_ID

prints the `Cookie:` header value (`sessionid=...`) for that user, as a browser would send
it after signing in. The burst uses `session_cookies` for its 500 registrants.
"""

import os
import sys


def session_cookies(user_ids: list[int]) -> dict[int, str]:
    """{user id: session key}: a real session row per user, with what `auth.login` stores."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.utils.module_loading import import_string

    store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    backend = settings.AUTHENTICATION_BACKENDS[0]
    keys = {}
    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True):
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys[user.pk] = store.session_key
    missing = set(user_ids) - set(keys)
    if missing:
        raise SystemExit(f"bench.session: no active user with id {sorted(missing)[:5]}")
    return keys


def main() -> None:
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        raise SystemExit("usage: python -m bench.session USER_ID")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    from django.conf import settings

    user_id = int(sys.argv[1])
    key = session_cookies([user_id])[user_id]
    sys.stdout.write(f"{settings.SESSION_COOKIE_NAME}={key}\n")


if __name__ == "__main__":
    main()
