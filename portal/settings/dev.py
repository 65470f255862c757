"""Local development: debug on, a fixed insecure key, mail to the console, and the demo
admin signs in without a second factor."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("PORTAL_STAFF_MFA_REQUIRED", "0")
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

from .base import *  # noqa: F403

ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# WebAuthn on http://127.0.0.1 (fido2 takes only https and localhost as secure).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
