"""The portal's Finnish and Swedish catalogues are complete, exact and up to date."""

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
    language: BASE_DIR / "portal" / "locale" / language / "LC_MESSAGES" / "django.po"
    for language in ("fi", "sv")
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
# The command the README gives for the portal's catalogue.
MAKEMESSAGES_IGNORES = [
    ".venv/*",
    "events/*",
    "materials/*",
    "network/*",
    "var/*",
    "bench/*",
    "tests/*",
]


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
            if entry.msgid_plural and "%(counter)s" not in text:
                continue
            assert sorted(PLACEHOLDER.findall(text)) == expected, entry.msgid


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")),
    reason="GNU gettext (xgettext, msgmerge) is not installed",
)
def test_catalogue_holds_every_string_of_portal_and_templates(tmp_path):
    """Run makemessages on a copy of the tree: it must find no string we lack."""
    for name in ("portal", "templates"):
        shutil.copytree(
            BASE_DIR / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
        )
    shutil.copy(BASE_DIR / "manage.py", tmp_path)
    for path in BASE_DIR.iterdir():
        if not (tmp_path / path.name).exists() and path.name not in {".git", "var"}:
            (tmp_path / path.name).symlink_to(path)
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fi",
            "-l",
            "sv",
            *(f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORES),
        ],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PORTAL_DATA_DIR": str(tmp_path / "var")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for language, catalogue in CATALOGUES.items():
        known = {entry.msgid for entry in polib.pofile(str(catalogue))}
        regenerated = polib.pofile(str(tmp_path / catalogue.relative_to(BASE_DIR)))
        found = {entry.msgid for entry in regenerated if not entry.obsolete}
        assert found - known == set(), language
        assert known - found == set(), f"{language}: strings no longer used"
