"""Settings come from environment variables, with safe development defaults."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

BASE_DIR = Path(settings.BASE_DIR)
SETTINGS_ENV_PREFIXES = ("DJANGO_", "PORTAL_", "EMAIL_", "SENTRY_")
SETTINGS_ENV_NAMES = {
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DEBUG",
    "DEFAULT_FROM_EMAIL",
    "MEDIA_ROOT",
    "REDIS_URL",
    "SECRET_KEY",
    "STATIC_ROOT",
}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python code in a fresh interpreter with only the given settings variables."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if name not in SETTINGS_ENV_NAMES and not name.startswith(SETTINGS_ENV_PREFIXES)
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def loaded_settings(module: str, *names: str, **env: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, "
        "default=str))"
    )
    result = run_python(code, DJANGO_SETTINGS_MODULE=module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(
        "from django.conf import settings; settings.INSTALLED_APPS",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_debug_mode_starts_without_a_secret_key_only_in_development(tmp_path):
    values = loaded_settings(
        "portal.settings.dev", "DEBUG", "SECRET_KEY", PORTAL_DATA_DIR=str(tmp_path)
    )
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"].startswith("dev-only")


def test_database_url_is_honoured(tmp_path):
    values = loaded_settings(
        "portal.settings.production",
        "DATABASES",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://portal:salasana@db.example:5433/muutostuki",
        PORTAL_DATA_DIR=str(tmp_path),
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"], database["PORT"]) == (
        "muutostuki",
        "db.example",
        5433,
    )
    assert (database["USER"], database["PASSWORD"]) == ("portal", "salasana")
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["OPTIONS"]["options"] == "-c jit=off"


def test_options_in_the_database_url_are_kept_with_jit_off(tmp_path):
    values = loaded_settings(
        "portal.settings.production",
        "DATABASES",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://portal@db.example/muutostuki"
        "?options=-c%20statement_timeout%3D5000",
        PORTAL_DATA_DIR=str(tmp_path),
    )
    options = values["DATABASES"]["default"]["OPTIONS"]["options"]
    assert options == "-c statement_timeout=5000 -c jit=off"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own setting"
)
@pytest.mark.django_db
def test_postgresql_compiles_no_query_just_in_time():
    """A short query whose estimate passes `jit_above_cost` is not JIT-compiled (which
    cost about 36 ms on the grown library's count)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_default_sqlite_database_opens_in_wal_mode_with_immediate_transactions(
    tmp_path,
):
    code = (
        "from django.db import connection; "
        "cursor = connection.cursor(); "
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0], "
        "connection.transaction_mode, connection.settings_dict['NAME'])"
    )
    result = run_python(
        code,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        PORTAL_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    journal_mode, transaction_mode, name = result.stdout.split()
    assert journal_mode == "wal"
    assert transaction_mode == "IMMEDIATE"
    assert name == str(tmp_path / "portal.sqlite3")


def test_cache_is_shared_by_all_workers_with_or_without_redis(tmp_path):
    without_redis = loaded_settings(
        "portal.settings.dev", "CACHES", PORTAL_DATA_DIR=str(tmp_path)
    )
    assert without_redis["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.db.DatabaseCache"
    )
    with_redis = loaded_settings(
        "portal.settings.dev",
        "CACHES",
        PORTAL_DATA_DIR=str(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert with_redis["CACHES"]["default"] == {
        "BACKEND": "portal.cache_backends.PortalRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }


def test_production_settings_use_the_database_task_backend_and_hashed_static_files(
    tmp_path,
):
    values = loaded_settings(
        "portal.settings.production",
        "TASKS",
        "STORAGES",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        SECRET_KEY="x" * 60,
        PORTAL_DATA_DIR=str(tmp_path),
        PORTAL_TASK_BACKEND="database",
        EMAIL_HOST="smtp.example.fi",
    )
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_HOST"] == "smtp.example.fi"


ENV_READ = re.compile(
    r"""(?:os\.environ\.get|env_bool|env_list|env_int)\(\s*"(\w+)\""""
)


def test_every_environment_variable_read_in_base_settings_is_in_the_readme():
    source = (BASE_DIR / "portal" / "settings" / "base.py").read_text()
    names = set(ENV_READ.findall(source))
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= names
    readme = (BASE_DIR / "README.md").read_text()
    documented = set(re.findall(r"^\| `(\w+)` \|", readme, flags=re.MULTILINE))
    assert names - documented == set()


@pytest.mark.parametrize("module", ["dev", "test", "production"])
def test_only_base_settings_read_the_environment(module):
    source = (BASE_DIR / "portal" / "settings" / f"{module}.py").read_text()
    assert ENV_READ.findall(source) == []


@pytest.mark.parametrize(
    ("arguments", "environment", "expected"),
    [
        (["PORT=8123"], {}, "http://127.0.0.1:8123"),
        ([], {}, "http://127.0.0.1:8000"),
        (["PORT=8123"], {"PORTAL_BASE_URL": "https://x.example"}, "https://x.example"),
    ],
)
def test_make_run_links_mails_to_the_port_it_serves(
    tmp_path, arguments, environment, expected
):
    """`make run PORT=…` sets PORTAL_BASE_URL (unless it is set), so the links and
    calendar entries of the mails it writes point at the port that serves the portal."""
    python = tmp_path / "python"
    log = tmp_path / "log"
    python.write_text(f'#!/bin/sh\necho "$PORTAL_BASE_URL $*" >> {log}\n')
    python.chmod(0o755)
    clean = {
        name: value
        for name, value in os.environ.items()
        if name not in SETTINGS_ENV_NAMES and not name.startswith(SETTINGS_ENV_PREFIXES)
    }
    subprocess.run(  # noqa: S603 - make with our Makefile; the interpreter is a stub
        ["make", "-s", "-o", "prepare", "run", f"PY={python}", *arguments],  # noqa: S607
        cwd=BASE_DIR,
        env={**clean, **environment},
        check=True,
        capture_output=True,
    )
    port = arguments[0].split("=")[1] if arguments else "8000"
    commands = log.read_text().splitlines()
    assert commands[-1] == f"{expected} manage.py runserver 127.0.0.1:{port}"
    assert all(line.startswith(f"{expected} ") for line in commands)
