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


def verified_addresses(user) -> set[str]:
    """The person's confirmed e-mail addresses, in lower case: what they left without an
    account under one of them (a guest registration, a question) is theirs too. An
    unconfirmed address is left out, so that adding someone else's address to an account
    reveals nothing of theirs."""
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return {address.lower() for address in addresses}


def verified_addresses_query(user):
    """`verified_addresses` as a subquery (one column, `address`, in lower case), for
    reading what is matched by them in the same query."""
    from django.db.models.functions import Lower

    from allauth.account.models import EmailAddress

    return (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )


def display_name(user) -> str:
    """The name to show as the author of shared content: "deleted user" once erased."""
    if user is None or is_erased(user):
        return str(DELETED_USER_LABEL)
    return user.get_full_name() or str(UNNAMED_USER_LABEL)


# --- The network's own sources (registered in NetworkConfig.ready) -----------------------


def collect_account(user) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }


def collect_email_addresses(user) -> list[dict[str, Any]]:
    from allauth.account.models import EmailAddress

    return [
        {
            "email": address.email,
            "verified": address.verified,
            "primary": address.primary,
        }
        for address in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def collect_profile(user) -> dict[str, Any] | None:
    from network.models import MemberProfile

    profile = (
        MemberProfile.objects.filter(user=user).select_related("municipality").first()
    )
    if profile is None:
        return None
    municipality = profile.municipality
    return {
        "organisation_type": profile.organisation_type,
        "organisation_name": profile.organisation_name,
        "municipality": (
            {"code": municipality.code, "name": municipality.name_fi}
            if municipality
            else None
        ),
        "title": profile.title,
        "phone": profile.phone,
        "reform_roles": profile.reform_roles,
        "languages": profile.languages,
        "is_listed_in_directory": profile.is_listed_in_directory,
        "status": profile.status,
        "verification_method": profile.verification_method,
        "status_reason": profile.status_reason,
        "requested_at": profile.requested_at,
        "decided_at": profile.decided_at,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def collect_membership_history(user) -> list[dict[str, Any]]:
    """The audit entries about the person's membership (who decided is staff's data)."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import ModelLogEntry

    from network.models import MemberProfile

    profile_ids = [
        str(pk)
        for pk in MemberProfile.objects.filter(user=user).values_list("pk", flat=True)
    ]
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(MemberProfile),
        object_id__in=profile_ids,
    ).order_by("timestamp", "pk")
    return [
        {"action": entry.action, "timestamp": entry.timestamp, "data": entry.data}
        for entry in entries
    ]


def collect_sent_emails(user) -> list[dict[str, Any]]:
    from allauth.account.models import EmailAddress

    from portal.models import OutgoingEmail

    addresses = {user.email.lower()} | {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list(
            "email", flat=True
        )
    }
    return [
        {
            "to": message.to,
            "subject": message.subject,
            "kind": message.kind,
            "status": message.status,
            "created_at": message.created_at,
            "sent_at": message.sent_at,
        }
        for message in OutgoingEmail.objects.filter(to__in=addresses).order_by(
            "created_at", "pk"
        )
    ]


def register_network_sources() -> None:
    """The network's own data; its erasure is part of `services.delete_account`."""
    register("account", collect_account)
    register("email_addresses", collect_email_addresses)
    register("profile", collect_profile)
    register("membership_history", collect_membership_history)
    register("emails_sent", collect_sent_emails)
