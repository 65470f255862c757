"""The network's demo (`network.yaml` beside this module): fictional municipal
representatives, a moderator, the membership manager and the municipalities' contact
addresses.

Every person is made through the membership services, so statuses, groups and audit entries
are what production would have. Demo addresses are on `<municipality>.example` domains
(reserved, never delivered), added to the demo municipalities as extra e-mail domains.
People are looked up by e-mail and municipalities' addresses set only where staff have set
none: a second run creates and changes nothing.
"""

import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from allauth.account.models import EmailAddress

from network import services
from network.models import MemberProfile, Municipality, MunicipalityDomain
from network.roles import MODERATORS_GROUP
from portal.demo.data import read_yaml
from portal.demo.loader import accounts, office, office_person
from portal.demo.registry import Log
from portal.models import User

DATA_DIR = Path(__file__).resolve().parent

#: How a demo person's membership request ended (`membership` in network.yaml).
DOMAIN = "domain"  # verified automatically by a municipal address
APPROVED = "approved"  # no municipal address: waited, then approved by staff
PENDING = "pending"
REJECTED = "rejected"


@cache
def data() -> dict[str, Any]:
    """The contents of `network.yaml`."""
    return read_yaml(DATA_DIR / "network.yaml")


def manager_email() -> str:
    """The membership manager's address: the office person named in network.yaml."""
    return office_person(data()["manager"])["email"]


def demo_domain(municipality: Municipality) -> str:
    """`ouka.fi` → `ouka.example`: a reserved domain that never receives mail."""
    return municipality.website_domain.rsplit(".", 1)[0] + ".example"


def seed(*, log: Log) -> int:
    """Create the demo people once, through the membership services, and give the
    municipalities contact addresses; how many things were created."""
    now = timezone.now()
    members = data()["members"]
    created = _add_demo_domains({person["municipality"] for person in members}, log=log)
    created += _add_contact_addresses(log=log)
    manager, made = _manager(log=log)
    created += made
    people = 0
    for person in members:
        if User.objects.filter(email=person["email"]).exists():
            continue
        _member(person, manager=manager, now=now)
        people += 1
    if people:
        log(
            f"Network: created {people} demo people "
            f"(password {accounts()['password']})."
        )
    moderator = User.objects.get(email=data()["moderator"])
    if not moderator.groups.filter(name=MODERATORS_GROUP).exists():
        services.grant_moderator(user=moderator, by=manager, now=now)
        log(f"Network: {moderator.get_full_name()} moderates the forums.")
        created += 1
    return created + people


def _add_demo_domains(codes: set[str], *, log: Log) -> int:
    added = 0
    for municipality in Municipality.objects.filter(code__in=codes):
        _domain, created = MunicipalityDomain.objects.get_or_create(
            domain=demo_domain(municipality), defaults={"municipality": municipality}
        )
        added += created
    if added:
        log(f"Network: added {added} demo e-mail domains (*.example).")
    return added


def _add_contact_addresses(*, log: Log) -> int:
    """`kirjaamo@hel.example` for every municipality without a contact address, so that
    staff can invite them to surveys."""
    mailbox = data()["municipality_mailbox"]
    missing = list(Municipality.objects.filter(contact_email="").order_by("code"))
    for municipality in missing:
        municipality.contact_email = f"{mailbox}@{demo_domain(municipality)}"
    Municipality.objects.bulk_update(missing, ["contact_email"])
    if missing:
        log(
            f"Network: gave {len(missing)} municipalities a contact address "
            f"({mailbox}@<domain>.example)."
        )
    return len(missing)


def _user(*, email: str, first_name: str, last_name: str, language: str) -> User:
    user = User.objects.create_user(
        email=email,
        password=accounts()["password"],
        first_name=first_name,
        last_name=last_name,
        preferred_language=language,
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def _manager(*, log: Log) -> tuple[User, int]:
    """The office person who manages memberships, with an account; whether it was made."""
    person = office_person(data()["manager"])
    user = User.objects.filter(email=person["email"]).first()
    if user is not None:
        return user, 0
    user = _user(
        email=person["email"],
        first_name=person["first_name"],
        last_name=person["last_name"],
        language=person["languages"][0],
    )
    services.update_profile(
        profile=services.profile_for(user),
        data={
            "organisation_type": MemberProfile.OrganisationType.OFFICE,
            "organisation_name": office()["organisation_name"]["fi"],
            "title": person["title"]["fi"],
            "languages": list(person["languages"]),
        },
    )
    services.grant_membership_manager(user=user)
    log(
        f"Network: membership manager {user.email} (password {accounts()['password']})."
    )
    return user, 1


def _member(person: dict[str, Any], *, manager: User, now: datetime.datetime) -> None:
    user = _user(
        email=person["email"],
        first_name=person["first_name"],
        last_name=person["last_name"],
        language=person["language"],
    )
    requested_at = now - datetime.timedelta(days=person["waited_days"], hours=2)
    profile = services.update_profile(
        profile=services.profile_for(user),
        data={
            "organisation_type": person["organisation_type"],
            "municipality": Municipality.objects.get(code=person["municipality"]),
            "title": person["title"],
            "reform_roles": list(person["roles"]),
            "languages": list(person["languages"]),
            "is_listed_in_directory": person["listed"],
        },
        now=requested_at,
    )
    decided_at = min(requested_at + datetime.timedelta(days=1), now)
    if person["membership"] == APPROVED:
        services.approve_membership(profile=profile, by=manager, now=decided_at)
    elif person["membership"] == REJECTED:
        services.reject_membership(
            profile=profile, by=manager, reason=person["reason"], now=decided_at
        )
    elif person["membership"] not in (DOMAIN, PENDING):
        raise ValueError(
            f"{person['email']}: unknown membership {person['membership']!r}."
        )
