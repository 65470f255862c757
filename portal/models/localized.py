"""Fields kept once per language (`name_fi`, `name_sv`, `name_en`): the one helper that picks
the active language's value, so every model falls back the same way."""

from django.utils import translation

FALLBACK_LANGUAGE = "fi"


def localized_field(model, field: str, language: str | None = None) -> str:
    """The column of `field` in the language (default: the active one), where the model
    has that column; otherwise the Finnish one."""
    language = (language or translation.get_language() or FALLBACK_LANGUAGE)[:2]
    name = f"{field}_{language}"
    if any(f.name == name for f in model._meta.get_fields()):
        return name
    return f"{field}_{FALLBACK_LANGUAGE}"


def localized(obj, field: str, language: str | None = None) -> str:
    """The object's `field` in the language (default: the active one), falling back to
    Finnish where the model has no such column or the value is empty."""
    value = getattr(obj, localized_field(type(obj), field, language), "")
    return value or getattr(obj, f"{field}_{FALLBACK_LANGUAGE}")
