"""The events app's Finnish and Swedish catalogues are complete, exact and up to date."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import polib
import pytest

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUES = {
    language: BASE_DIR / "events" / "locale" / language / "LC_MESSAGES" / "django.po"
    for language in ("fi", "sv")
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogue_is_complete_and_has_no_fuzzy_entries(language):
    catalogue = polib.pofile(str(CATALOGUES[language]))

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Language"] == language


@pytest.mark.parametrize("language", CATALOGUES)
def test_translations_keep_every_placeholder(language):
    for entry in polib.pofile(str(CATALOGUES[language])):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = (
            entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        )
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == expected, entry.msgid


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")),
    reason="GNU gettext (xgettext, msgmerge) is not installed",
)
def test_catalogue_holds_every_string_of_events(tmp_path):
    """Run the README's makemessages on a copy of events/: it must find no string we lack."""
    shutil.copytree(
        BASE_DIR / "events",
        tmp_path / "events",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
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
            "--ignore=.venv",
        ],
        cwd=tmp_path / "events",
        env={"PATH": "/usr/bin:/bin", "PORTAL_DATA_DIR": str(tmp_path / "var")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    for language, catalogue in CATALOGUES.items():
        known = {entry.msgid for entry in polib.pofile(str(catalogue))}
        regenerated = polib.pofile(
            str(tmp_path / "events" / "locale" / language / "LC_MESSAGES" / "django.po")
        )
        found = {entry.msgid for entry in regenerated if not entry.obsolete}
        assert found - known == set(), language
        assert known - found == set(), f"{language}: strings no longer used"
