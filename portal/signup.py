"""Fields that feature apps add to the sign-up form, and what each does with its value.

`portal` cannot import the apps (dependencies point inward), so an app registers its
field in its `AppConfig.ready()` (letters: "send me the info letters", unticked)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms


@dataclass(frozen=True)
class SignupField:
    key: str
    build: Callable[[], forms.Field]
    save: Callable[[Any, Any, Any], None]  # (request, user, cleaned value)


_fields: dict[str, SignupField] = {}


def register(field: SignupField) -> None:
    """Add (or replace, by key) a field of the sign-up form."""
    _fields[field.key] = field


def registered_fields() -> list[SignupField]:
    return list(_fields.values())
