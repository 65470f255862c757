"""The surveys app's Finnish and Swedish catalogues are complete, exact and up to date."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import polib
import pytest

SURVEYS_DIR = Path(settings.BASE_DIR) / "network" / "surveys"
LANGUAGES = ("fi", "sv")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalogue(root: Path, language: str) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_without_fuzzy_entries(language):
    entries = catalogue(SURVEYS_DIR, language)
    assert entries.untranslated_entries() == []
    assert entries.fuzzy_entries() == []
    assert not entries.metadata_is_fuzzy
    assert entries.metadata["Language"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    for entry in catalogue(SURVEYS_DIR, language):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == expected, entry.msgid


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")),
    reason="GNU gettext (xgettext, msgmerge) is not installed",
)
def test_catalogue_holds_exactly_the_strings_in_use(tmp_path):
    """makemessages on a copy of network/surveys finds no string missing or unused."""
    copy = tmp_path / "surveys"
    shutil.copytree(
        SURVEYS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
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
        known = {entry.msgid for entry in catalogue(SURVEYS_DIR, language)}
        found = {e.msgid for e in catalogue(copy, language) if not e.obsolete}
        assert found == known, language


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_markup(language):
    for entry in catalogue(SURVEYS_DIR, language):
        tags = sorted(re.findall(r"</?\w+>", entry.msgid))
        assert sorted(re.findall(r"</?\w+>", entry.msgstr or "")) == tags or (
            entry.msgid_plural
        ), entry.msgid
