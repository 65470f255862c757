"""Every app's Finnish and Swedish catalogues are complete, keep placeholders and markup,
and hold exactly the strings the app uses. (The portal's catalogue, which also covers the
top-level templates, is checked in tests/portal/test_translations.py.)"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import polib
import pytest

BASE_DIR = Path(settings.BASE_DIR)
APP_DIRS = ["events", "materials", "network", "forums", "surveys"]
LANGUAGES = ("fi", "sv")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
TAG = re.compile(r"</?\w+>")


def catalogue(root: Path, language: str) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


def entries(app: str, language: str):
    return [
        entry for entry in catalogue(BASE_DIR / app, language) if not entry.obsolete
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APP_DIRS)
def test_catalogue_is_complete_without_fuzzy_entries(app, language):
    po = catalogue(BASE_DIR / app, language)
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", APP_DIRS)
def test_translations_keep_placeholders_and_markup(app, language):
    for entry in entries(app, language):
        if entry.msgid_plural:
            continue  # a plural's singular may say "one" instead of the number
        assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(
            PLACEHOLDER.findall(entry.msgid)
        ), entry.msgid
        assert sorted(TAG.findall(entry.msgstr)) == sorted(TAG.findall(entry.msgid)), (
            entry.msgid
        )


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")),
    reason="GNU gettext (xgettext, msgmerge) is not installed",
)
@pytest.mark.parametrize("app", APP_DIRS)
def test_catalogue_holds_exactly_the_strings_in_use(app, tmp_path):
    """makemessages on a copy of the app finds no string missing or unused."""
    copy = tmp_path / "app"
    shutil.copytree(
        BASE_DIR / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [
            sys.executable,
            str(BASE_DIR / "manage.py"),
            "makemessages",
            "-l",
            "fi",
            "-l",
            "sv",
        ],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "PORTAL_DATA_DIR": str(tmp_path / "var")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for language in LANGUAGES:
        known = {entry.msgid for entry in entries(app, language)}
        found = {
            entry.msgid for entry in catalogue(copy, language) if not entry.obsolete
        }
        assert found == known, (language, found ^ known)
