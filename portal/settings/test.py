"""Tests: fast, isolated, deterministic."""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("PORTAL_STAFF_MFA_REQUIRED", "0")
os.environ.setdefault("SECRET_KEY", "test-only-key")
# Off unless a test switches it on (tests/portal/test_pagecache.py).
os.environ.setdefault("PORTAL_PAGE_CACHE", "0")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
MEDIA_ROOT = tempfile.mkdtemp(prefix="muutostuki-test-media-")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
WAGTAILADMIN_BASE_URL = "http://testserver"
PORTAL_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
