"""Settings shared by every environment.

Every environment variable the portal reads is read here, in one block, with a
type and a safe development default. The other modules only adjust these values.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from portal.monitoring import init_sentry, logging_config

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# --- Environment ---------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
EMAIL_URL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Muutostuki <no-reply@muutostuki.example>"
)
PORTAL_REPLY_TO_EMAIL = os.environ.get(
    "PORTAL_REPLY_TO_EMAIL", "muutostuki@muutostuki.example"
)
PORTAL_TASK_BACKEND = os.environ.get("PORTAL_TASK_BACKEND", "immediate")
PORTAL_EMAIL_QUEUE_GRACE_SECONDS = env_int("PORTAL_EMAIL_QUEUE_GRACE_SECONDS", 600)
PORTAL_TASK_STALLED_SECONDS = env_int("PORTAL_TASK_STALLED_SECONDS", 600)
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Calendar UIDs end in this; it must never change, whatever host serves the portal.
PORTAL_CALENDAR_UID_DOMAIN = os.environ.get(
    "PORTAL_CALENDAR_UID_DOMAIN", "muutostuki.fi"
)
PORTAL_EVENT_REMINDER_HOURS = env_int("PORTAL_EVENT_REMINDER_HOURS", 24)
# A guest's private registration link works until this many days after the event.
PORTAL_EVENT_MANAGE_LINK_DAYS = env_int("PORTAL_EVENT_MANAGE_LINK_DAYS", 1)
PORTAL_EVENT_GUEST_REGISTRATIONS_PER_HOUR = env_int(
    "PORTAL_EVENT_GUEST_REGISTRATIONS_PER_HOUR", 10
)
# Info letters: how long a subscription's confirmation link works, how many letter mails
# go out per minute, how many public subscriptions an address may send per hour, and
# after how many permanently failed mails (5xx) an address gets no more letters.
PORTAL_LETTERS_CONFIRM_DAYS = env_int("PORTAL_LETTERS_CONFIRM_DAYS", 7)
PORTAL_LETTERS_PER_MINUTE = env_int("PORTAL_LETTERS_PER_MINUTE", 600)
PORTAL_LETTERS_SUBSCRIBES_PER_HOUR = env_int("PORTAL_LETTERS_SUBSCRIBES_PER_HOUR", 10)
PORTAL_LETTERS_BOUNCE_LIMIT = env_int("PORTAL_LETTERS_BOUNCE_LIMIT", 3)
# Largest file a member may attach to a shared good practice, in megabytes.
PORTAL_PRACTICE_MAX_FILE_MB = env_int("PORTAL_PRACTICE_MAX_FILE_MB", 20)
# Requests to the office: guests' general and legal questions, their hourly limit per
# address, the inbox's age warning and the mailbox told of new requests.
PORTAL_REQUESTS_GUESTS_ALLOWED = env_bool("PORTAL_REQUESTS_GUESTS_ALLOWED", True)
PORTAL_REQUESTS_GUEST_PER_HOUR = env_int("PORTAL_REQUESTS_GUEST_PER_HOUR", 5)
PORTAL_REQUESTS_WARNING_WORKING_DAYS = env_int(
    "PORTAL_REQUESTS_WARNING_WORKING_DAYS", 5
)
PORTAL_REQUESTS_OFFICE_EMAIL = os.environ.get(
    "PORTAL_REQUESTS_OFFICE_EMAIL", PORTAL_REPLY_TO_EMAIL
)
PORTAL_DATA_DIR = Path(os.environ.get("PORTAL_DATA_DIR", str(BASE_DIR / "var")))
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(PORTAL_DATA_DIR / "media"))
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(PORTAL_DATA_DIR / "static"))
# Files only permission-checked views serve (forum attachments); never under MEDIA_ROOT.
PORTAL_PRIVATE_MEDIA_ROOT = os.environ.get(
    "PORTAL_PRIVATE_MEDIA_ROOT", str(PORTAL_DATA_DIR / "private")
)
PORTAL_SSL_REDIRECT = env_bool("PORTAL_SSL_REDIRECT", True)
# Proxies in front of the portal that each append to X-Forwarded-For (0: none).
PORTAL_TRUSTED_PROXY_COUNT = env_int("PORTAL_TRUSTED_PROXY_COUNT", 0)
# Where browsers report Content Security Policy violations (empty: nowhere).
PORTAL_CSP_REPORT_URI = os.environ.get("PORTAL_CSP_REPORT_URI", "")
# Everyone who can reach the admin signs in with a second factor (dev.py/test.py: off).
PORTAL_STAFF_MFA_REQUIRED = env_bool("PORTAL_STAFF_MFA_REQUIRED", True)
PORTAL_HEALTH_MAX_QUEUE_AGE_SECONDS = env_int(
    "PORTAL_HEALTH_MAX_QUEUE_AGE_SECONDS", 30 * 60
)
# How long personal data is kept (see portal.retention and the privacy statement).
PORTAL_RETENTION_REGISTRATION_MONTHS = env_int(
    "PORTAL_RETENTION_REGISTRATION_MONTHS", 12
)
PORTAL_RETENTION_GUEST_REGISTRATION_MONTHS = env_int(
    "PORTAL_RETENTION_GUEST_REGISTRATION_MONTHS", 3
)
PORTAL_RETENTION_EVENT_ANSWER_DAYS = env_int("PORTAL_RETENTION_EVENT_ANSWER_DAYS", 7)
PORTAL_RETENTION_UNCONFIRMED_ACCOUNT_DAYS = env_int(
    "PORTAL_RETENTION_UNCONFIRMED_ACCOUNT_DAYS", 7
)
PORTAL_RETENTION_SENT_EMAIL_DAYS = env_int("PORTAL_RETENTION_SENT_EMAIL_DAYS", 30)
PORTAL_RETENTION_TASK_RESULT_DAYS = env_int("PORTAL_RETENTION_TASK_RESULT_DAYS", 30)
PORTAL_RETENTION_LOG_MONTHS = env_int("PORTAL_RETENTION_LOG_MONTHS", 12)
#: Closed and withdrawn requests to the office are deleted this many months after closing.
PORTAL_RETENTION_REQUEST_MONTHS = env_int("PORTAL_RETENTION_REQUEST_MONTHS", 24)
# Anonymous visitors get public pages from the whole-page cache (portal.pagecache), each
# entry kept at most this many seconds (changes expire it at once).
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", True)
PORTAL_PAGE_CACHE_SECONDS = env_int("PORTAL_PAGE_CACHE_SECONDS", 300)
PORTAL_LOG_FORMAT = os.environ.get("PORTAL_LOG_FORMAT", "text")
PORTAL_LOG_LEVEL = os.environ.get("PORTAL_LOG_LEVEL", "WARNING").upper()
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
# --------------------------------------------------------------------------------------

if not DEBUG and not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
if PORTAL_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("PORTAL_LOG_FORMAT must be text or json.")

INSTALLED_APPS = [
    "portal",
    "network",
    "forums",
    "surveys",
    "events",
    "materials",
    "asks",
    "letters",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.search_promotions",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's WebAuthn pages
    "django.contrib.postgres",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.HealthCheckMiddleware",
    # Before everything an anonymous page from the cache does not need; the policies it
    # stored with the page (CSP with a fresh nonce) come with it.
    "portal.pagecache.PageCacheMiddleware",
    "portal.middleware.BrowserPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.SafeCsvMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.middleware.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.mfa.StaffSecondFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# What public pages show besides pages: a change to any of these (or to any page) makes
# every page in the whole-page cache out of date (portal.pagecache; its entry of
# PORTAL_CACHE_DEPENDENCIES below). Seats
# left (event pages, cards, the home page) change with the event's seat counters, whose
# writers (`events.services`) bump that event's seat version, which only the pages that
# show its seats depend on. Each model here has a case in
# tests/portal/test_pagecache_dependencies.py.
PORTAL_PAGE_CACHE_DEPENDENCIES = [
    "portal.SiteSettings",  # site name, menus, footer, descriptions
    "portal.Theme",
    "network.Municipality",  # the registration form's list
    "events.EventSeries",
    "materials.Expert",
    "surveys.SurveySeries",
    "wagtailcore.Locale",
    "wagtailcore.Site",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Revision",  # e.g. a capacity change (a queryset update and revisions)
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "taggit.Tag",
]

# What one event's page shows besides its seats, by the attribute that names the event: a
# change to a row marks only that event's pages out of date in the page cache (its own
# version, `portal.pagecache.shows_event` and `event_changed`); every page when the event
# is gone. Each model has a case in tests/portal/test_pagecache_dependencies.py.
PORTAL_EVENT_PAGE_DEPENDENCIES = {
    # The questions an event page shows (asks: published answers, the note on asking).
    "asks.EventQuestionSettings": "event_id",
    "asks.Question": "event_id",
    "asks.QuestionVote": "question.event_id",
}

# What each cached piece depends on: the one place. Saving or deleting a row of a listed
# model (and a change to its many-to-many fields) marks the piece out of date on every
# instance, through the shared cache (`portal.cache.connect_dependencies` connects them
# all; docs/performance.md). "wagtailcore.Page" stands for every page model, and for
# publishing, unpublishing and moving a page. Writes that send no signal (a queryset
# `update()`, `bulk_create`, raw SQL) call `portal.cache.mark_out_of_date(name)` instead.
PORTAL_CACHE_DEPENDENCIES = {
    # Header, breadcrumbs, footer and language switcher (`{% layout_fragment %}`), the
    # request's site with its home page and root paths (`portal.middleware`), the filter
    # forms (themes, series), event cards (series), the registration form (municipalities),
    # the letters' theme choices (`letters.forms.theme_choices`), the translations' tree
    # paths and the home page's cached sections.
    "layout": [
        "wagtailcore.Page",
        "portal.SiteSettings",
        "portal.Theme",
        "wagtailcore.Site",
        "wagtailcore.Locale",
        "events.EventSeries",
        "network.Municipality",
    ],
    # Each user's permission set (`portal.backends`): users, groups, permissions and the
    # memberships between them.
    "permissions": ["portal.User", "auth.Group", "auth.Permission"],
    # Each signed-in user's row (`portal.backends`): only that user's entry is dropped.
    "user-rows": ["portal.User"],
    # The table of view restrictions every page is checked against (`portal.cache`).
    "view-restrictions": ["wagtailcore.PageViewRestriction"],
    # The speakers an event page lists (`events.views.event_speakers`): the experts' names,
    # titles and addresses.
    "event-speakers": ["materials.Expert"],
    # The municipality list of forms (`network.models.municipalities.municipality_names`).
    "municipalities": ["network.Municipality"],
    # Survey results (`surveys.results`).
    "survey-answers": ["surveys.SurveyResponse"],
    # The registration form's fields pre-filled from a member's profile
    # (`events.views.registration_fields_cache_key`): the profiles, and the
    # municipalities whose names stand in for a missing organisation.
    "member-profiles": ["network.MemberProfile", "network.Municipality"],
    # Each member's unread count in the forum's header link
    # (`forums.services.unread_notification_count`): the notifications, and the posts and
    # topics whose hiding or deletion takes theirs out of it. The services' queryset
    # updates and bulk inserts of notifications mark it themselves.
    "forum-notifications": ["forums.Notification", "forums.Post", "forums.Topic"],
    # The anonymous whole-page cache (`portal.pagecache`).
    "public-content": ["wagtailcore.Page", *PORTAL_PAGE_CACHE_DEPENDENCIES],
    # One event's pages in it.
    "event-pages": list(PORTAL_EVENT_PAGE_DEPENDENCIES),
}

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    # Model choice fields iterate with .iterator(); a server-side cursor costs three round
    # trips (declare, fetch, close) for lists of a few hundred rows.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compiling: the planner's estimates for the listings' visibility
        # subqueries pass `jit_above_cost` on a grown database, and compiling then took
        # about 36 ms for a count that runs in 2 (docs/performance.md, "JIT").
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
else:
    PORTAL_DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": PORTAL_DATA_DIR / "portal.sqlite3",
            "OPTIONS": {
                # Parallel writers wait for the lock instead of failing.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.PortalRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    # One cache that every worker process shares, so allauth's rate limits hold.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if PORTAL_TASK_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

AUTH_USER_MODEL = "portal.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["portal.backends.PortalBackend"]

# --- allauth --------------------------------------------------------------------------
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "change_email": "1/m/user",
}
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# Confirming the address signs the new person in, when it happens in the browser (the
# session) that signed up; a link opened elsewhere still asks to log in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
if PORTAL_RETENTION_UNCONFIRMED_ACCOUNT_DAYS < ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS:
    raise ImproperlyConfigured(
        "PORTAL_RETENTION_UNCONFIRMED_ACCOUNT_DAYS must be at least the "
        f"{ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS} days a confirmation link is valid."
    )
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Muutostuki] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# Adding, removing and choosing e-mail addresses asks for the password (or a second
# factor) again unless given in the last five minutes, like the MFA pages.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Second factors (allauth.mfa): an authenticator app, security keys and passkeys (also
# to sign in without a password), and recovery codes. A failed code counts against
# allauth's "login_failed" limit of the account. See docs/security.md.
MFA_ADAPTER = "portal.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
# A passkey sign-in replaces both factors, so the key must check its owner (PIN, biometry).
MFA_WEBAUTHN_USER_VERIFICATION = "required"
MFA_TOTP_ISSUER = "Muutostuki"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
# Dates and times in one style per language (portal.dates), also where Django formats them.
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
# Files served at the site's root by WhiteNoise (/favicon.ico, which browsers ask for).
WHITENOISE_ROOT = PROJECT_DIR / "root"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail ---------------------------------------------------------------------------
if EMAIL_URL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = EMAIL_URL_HOST
elif EMAIL_FILE_PATH:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Muutostuki"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
# Wagtail's database backend, each page stemmed in its own language (docs/languages.md).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "portal.search_backend",
        # Content without a language (documents, images, people).
        "SEARCH_CONFIG": "finnish",
        "SEARCH_CONFIGS_BY_LANGUAGE": {
            "fi": "finnish",
            "sv": "swedish",
            "en": "english",
        },
    }
}
# Workflows whose tasks grant publishing (the practice review) publish without Wagtail's
# page permission; see portal/workflows.py.
WAGTAIL_FINISH_WORKFLOW_ACTION = "portal.workflows.finish_workflow"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odp",
    "ods",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The first handler notices an upload that was cut off (portal.uploads).
FILE_UPLOAD_HANDLERS = [
    "portal.uploads.InterruptionAwareUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Browser-side protection (docs/security.md) ---------------------------------------
# The public site and the members' pages: nothing inline but what carries the request's
# nonce, nothing from other sites, no plug-ins, no framing by other sites.
_REPORT = {"report-uri": [PORTAL_CSP_REPORT_URI]} if PORTAL_CSP_REPORT_URI else {}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # data: for the authenticator app's QR code (allauth's set-up page).
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        **_REPORT,
    }
}
# The Wagtail admin (everything under /admin/, page previews included): the strictest
# policy Wagtail 8's admin works under. Its form widgets start themselves with inline
# scripts (`initDateChooser(...)`, `new DocumentChooser(...)`: Wagtail renders them
# without the request, so they cannot carry a nonce) and its editors insert <style>
# elements from JavaScript, so scripts and styles may be inline here, and only here;
# everything else still comes from the portal itself. A nonce would switch
# 'unsafe-inline' off, so the admin's policy has none. docs/security.md has the details.
PORTAL_ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    # blob: and data: for the previews of images being uploaded and for icons.
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    # The page preview is a frame of the admin's own origin.
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
    **_REPORT,
}
# Features no page of the portal uses are switched off; WebAuthn for this origin only.
PORTAL_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), publickey-credentials-get=(self)"
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail would load the editors' avatars from gravatar.com and look for new releases
# at releases.wagtail.org from every editor's browser.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Security defaults that hold everywhere -------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the shared cache and written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = logging_config(log_format=PORTAL_LOG_FORMAT, level=PORTAL_LOG_LEVEL)
if SENTRY_DSN:
    init_sentry(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT)
WAGTAIL_PASSWORD_RESET_ENABLED = False
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupForm"
