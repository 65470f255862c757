"""Demo: the themes of the demo forum categories, so that the discussions of the demo's
shared good practices start in the matching category. The data is
forums/demo/category_themes.yaml; categories that already have themes are left alone."""

from collections.abc import Callable
from pathlib import Path

import yaml

from forums.models import Category
from portal.models import Theme

DATA_FILE = Path(__file__).resolve().parent / "category_themes.yaml"


def seed(*, log: Callable[[str], None]) -> int:
    mapping = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    changed = 0
    for slug, theme_slugs in mapping.items():
        category = Category.objects.filter(slug=slug).first()
        if category is None or category.themes.exists():
            continue
        category.themes.set(Theme.objects.filter(slug__in=theme_slugs))
        changed += 1
    if changed:
        log(
            f"Forums: gave {changed} categories the themes of their practice discussions."
        )
    else:
        log("Forums: category themes: nothing to add.")
    return changed
