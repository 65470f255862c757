"""The materials catalogues are complete in Finnish and Swedish."""

import re
from pathlib import Path

import polib
import pytest

LOCALE_DIR = Path(__file__).resolve().parents[2] / "materials" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_catalogue_is_complete_and_keeps_placeholders(language):
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 200
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert [entry.msgid for entry in catalogue.obsolete_entries()] == []
    for entry in catalogue.translated_entries():
        translations = (
            entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        )
        for translation in translations:
            assert set(PLACEHOLDER.findall(translation)) == set(
                PLACEHOLDER.findall(entry.msgid)
            ), entry.msgid
