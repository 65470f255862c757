"""Fields kept once per language (`name_fi`, `name_sv`, `name_en`): the one helper that picks
the active language's value, so every model falls back the same way."""

from django.utils import translation

FALLBACK_LANGUAGE = "fi"


def localized_field(model, field: str, language: str | None = None) -> str:
    """The column of `field` in the language (default: the active one), where the model
    has that column; otherwise the Finnish one: `<field>_fi`, or `field` itself where the
    Finnish column has no suffix (`Municipality.region` beside `region_sv`)."""
    language = (language or translation.get_language() or FALLBACK_LANGUAGE)[:2]
    names = {f.name for f in model._meta.get_fields()}
    for name in (f"{field}_{language}", f"{field}_{FALLBACK_LANGUAGE}"):
        if name in names:
            return name
    return field


def localized(obj, field: str, language: str | None = None) -> str:
    """The object's `field` in the language (default: the active one), falling back to
    Finnish where the model has no such column or the value is empty."""
    value = getattr(obj, localized_field(type(obj), field, language), "")
    return value or getattr(obj, localized_field(type(obj), field, FALLBACK_LANGUAGE))
