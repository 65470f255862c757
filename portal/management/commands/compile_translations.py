"""Compile every .po catalogue of the project into .mo files, without GNU gettext."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

import polib

SKIPPED_DIRS = {".venv", "node_modules", "var", ".git"}


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (.po to .mo) using polib."

    def handle(self, *args, **options):
        count = 0
        for po_path in sorted(
            Path(settings.BASE_DIR).rglob("locale/*/LC_MESSAGES/*.po")
        ):
            if SKIPPED_DIRS.intersection(po_path.relative_to(settings.BASE_DIR).parts):
                continue
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            count += 1
        self.stdout.write(f"Compiled {count} translation catalogues.")
