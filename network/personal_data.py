"""Everything the portal holds about a person: the "download my data" export and erasure.

`network` cannot import the feature apps, so each app that stores personal data registers
a source from its `AppConfig.ready()`:

    from network import personal_data

    personal_data.register(
        "event_registrations",
        collect=lambda user: [...],  # JSON-serialisable data about this user
        erase=erase_registrations,  # or None when the app keeps nothing to erase
    )

`collect(user)` returns what the app holds about the user (dicts, lists, strings, numbers,
dates; `DjangoJSONEncoder` writes it). `erase(user)` removes or anonymises it when the user
deletes the account: personal rows are deleted, content written in shared spaces (forum
posts, survey answers that are reported in aggregate) is kept but detached from the person,
so that it shows as by "deleted user" (see `display_name`). Erase hooks run inside the
account deletion's transaction, before the network removes its own data and anonymises the
`User` row, so the user still has an e-mail address and a profile when a hook runs; a hook
must not delete the `User` row itself.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

#: Anonymised accounts get an address on this reserved domain (RFC 2606).
ERASED_EMAIL_DOMAIN = "deleted.invalid"

#: What the portal shows in place of the name of someone who deleted the account.
DELETED_USER_LABEL = _("deleted user")

#: Shown for an account without a name (never the e-mail address, which is private).
UNNAMED_USER_LABEL = _("unnamed user")


@dataclass(frozen=True)
class PersonalDataSource:
    key: str
    collect: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None


_sources: dict[str, PersonalDataSource] = {}


def register(
    key: str,
    collect: Callable[[Any], Any],
    erase: Callable[[Any], None] | None = None,
) -> None:
    """Add (or replace, by key) a source of personal data and its erasure."""
    _sources[key] = PersonalDataSource(key=key, collect=collect, erase=erase)


def sources() -> list[PersonalDataSource]:
    """The registered sources, in registration order."""
    return list(_sources.values())


def collect_personal_data(user) -> dict[str, Any]:
    """Everything every registered source holds about the user, keyed by source."""
    return {source.key: source.collect(user) for source in sources()}


def run_erase_hooks(user) -> None:
    """Let every source erase or anonymise its data about the user (inside the caller's
    transaction; `network.services.delete_account` is the caller)."""
    for source in sources():
        if source.erase is not None:
            source.erase(user)


def erased_email(user_pk: int) -> str:
    return f"deleted-{user_pk}@{ERASED_EMAIL_DOMAIN}"


def is_erased(user) -> bool:
    """Whether the account was deleted (the row is kept, anonymised, for shared content)."""
    return bool(
        user is not None
        and not user.is_active
        and user.email.endswith("@" + ERASED_EMAIL_DOMAIN)
    )


def display_name(user) -> str:
    """The name to show as the author of shared content: "deleted user" once erased."""
    if user is None or is_erased(user):
        return str(DELETED_USER_LABEL)
    return user.get_full_name() or str(UNNAMED_USER_LABEL)
