"""Demo network: fictional municipal representatives, a moderator and a membership manager.

Every person is made through the membership services, so statuses, groups and audit
entries are what production would have. Demo addresses are on `<municipality>.example`
domains (reserved, never delivered), added to the demo municipalities as extra e-mail
domains. People are looked up by e-mail: existing ones are left alone.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from allauth.account.models import EmailAddress

from network import services
from network.models import MemberProfile, Municipality, MunicipalityDomain
from portal.demo import DEMO_ADMIN_PASSWORD
from portal.models import User

Log = Callable[[str], None]

#: Demo people log in with this password (the documented demo admin password).
DEMO_PASSWORD = DEMO_ADMIN_PASSWORD

#: The demo membership manager (office staff) who approves and rejects requests.
MANAGER_EMAIL = "laura.lahtinen@muutostuki.example"

#: The demo forum moderator (a verified member).
MODERATOR_EMAIL = "mikko.heikkinen@tampere.example"

DOMAIN = "domain"  # verified automatically by a municipal address
APPROVED = "approved"  # no municipal address: waited, then approved by staff
PENDING = "pending"
REJECTED = "rejected"


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    email: str
    municipality: str
    title: str
    outcome: str
    roles: tuple[str, ...] = ("koto24",)
    languages: tuple[str, ...] = ("fi",)
    listed: bool = True
    language: str = "fi"
    organisation_type: str = MemberProfile.OrganisationType.MUNICIPALITY
    waited_days: int = 0
    reason: str = ""


PEOPLE = [
    DemoPerson(
        "Aino",
        "Aaltonen",
        "aino.aaltonen@hel.example",
        "091",
        "Kotoutumiskoordinaattori",
        DOMAIN,
        ("koto24",),
        ("fi", "sv", "en"),
    ),
    DemoPerson(
        "Jussi",
        "Korhonen",
        "jussi.korhonen@hel.example",
        "091",
        "Työllisyyspalvelujen päällikkö",
        DOMAIN,
        ("te24",),
        ("fi", "en"),
        organisation_type=MemberProfile.OrganisationType.EMPLOYMENT_AREA,
    ),
    DemoPerson(
        "Emma",
        "Lindqvist",
        "emma.lindqvist@espoo.example",
        "049",
        "Maahanmuuttoasioiden asiantuntija",
        DOMAIN,
        ("koto24", "te24"),
        ("fi", "sv"),
    ),
    DemoPerson(
        "Mikko",
        "Heikkinen",
        "mikko.heikkinen@tampere.example",
        "837",
        "Kotoutumisohjelman projektipäällikkö",
        DOMAIN,
        ("koto24",),
        ("fi", "en"),
    ),
    DemoPerson(
        "Sanna",
        "Mäkinen",
        "sanna.makinen@vantaa.example",
        "092",
        "Kotoutumispalvelujen esihenkilö",
        DOMAIN,
        ("koto24",),
        ("fi",),
    ),
    DemoPerson(
        "Petri",
        "Nieminen",
        "petri.nieminen@turku.example",
        "853",
        "TE24-muutosjohtaja",
        DOMAIN,
        ("te24",),
        ("fi", "sv", "en"),
        organisation_type=MemberProfile.OrganisationType.EMPLOYMENT_AREA,
    ),
    DemoPerson(
        "Hanna",
        "Virtanen",
        "hanna.virtanen@ouka.example",
        "564",
        "Kotoutumiskoordinaattori",
        DOMAIN,
        ("koto24",),
        ("fi", "ru"),
    ),
    DemoPerson(
        "Tuomas",
        "Laine",
        "tuomas.laine@jyvaskyla.example",
        "179",
        "Työllisyyskoordinaattori",
        DOMAIN,
        ("te24",),
        ("fi",),
    ),
    DemoPerson(
        "Riikka",
        "Hämäläinen",
        "riikka.hamalainen@kuopio.example",
        "297",
        "Monikulttuurisuustyön suunnittelija",
        DOMAIN,
        ("koto24", "other"),
        ("fi", "en"),
    ),
    DemoPerson(
        "Antti",
        "Koskinen",
        "antti.koskinen@lahti.example",
        "398",
        "Työllisyyspalvelujen päällikkö",
        DOMAIN,
        ("te24", "koto24"),
        ("fi",),
        listed=False,
    ),
    DemoPerson(
        "Johanna",
        "Björklund",
        "johanna.bjorklund@vaasa.example",
        "905",
        "Integrationskoordinator",
        DOMAIN,
        ("koto24",),
        ("sv", "fi"),
        language="sv",
    ),
    DemoPerson(
        "Mats",
        "Nyström",
        "mats.nystrom@korsholm.example",
        "499",
        "Sysselsättningschef",
        DOMAIN,
        ("te24",),
        ("sv", "fi"),
        language="sv",
    ),
    DemoPerson(
        "Linnea",
        "Holmström",
        "linnea.holmstrom@jakobstad.example",
        "598",
        "Integrationskoordinator",
        DOMAIN,
        ("koto24",),
        ("sv", "fi", "en"),
        language="sv",
    ),
    DemoPerson(
        "Fredrik",
        "Sundqvist",
        "fredrik.sundqvist@raseborg.example",
        "710",
        "Projektledare för integrationsprogrammet",
        DOMAIN,
        ("koto24", "other"),
        ("sv", "fi"),
        language="sv",
    ),
    DemoPerson(
        "Päivi",
        "Salonen",
        "paivi.salonen@porvoo.example",
        "638",
        "Kotoutumiskoordinaattori",
        DOMAIN,
        ("koto24",),
        ("fi", "sv"),
    ),
    DemoPerson(
        "Ville",
        "Karjalainen",
        "ville.karjalainen@joensuu.example",
        "167",
        "Työllisyysalueen valmistelija",
        DOMAIN,
        ("te24",),
        ("fi",),
        organisation_type=MemberProfile.OrganisationType.EMPLOYMENT_AREA,
    ),
    DemoPerson(
        "Katja",
        "Rantanen",
        "katja.rantanen@posti.example",
        "698",
        "Maahanmuuttokoordinaattori",
        APPROVED,
        ("koto24",),
        ("fi", "en"),
        waited_days=9,
    ),
    DemoPerson(
        "Eeva",
        "Lehtonen",
        "eeva.lehtonen@posti.example",
        "743",
        "Työllisyyspalvelujen suunnittelija",
        APPROVED,
        ("te24",),
        ("fi",),
        waited_days=6,
    ),
    DemoPerson(
        "Anders",
        "Eriksson",
        "anders.eriksson@brev.example",
        "545",
        "Integrationssamordnare",
        APPROVED,
        ("koto24",),
        ("sv",),
        language="sv",
        waited_days=5,
    ),
    DemoPerson(
        "Heikki",
        "Pesonen",
        "heikki.pesonen@posti.example",
        "205",
        "Kotoutumisen asiantuntija",
        PENDING,
        ("koto24",),
        ("fi",),
        waited_days=3,
    ),
    DemoPerson(
        "Maria",
        "Westerlund",
        "maria.westerlund@brev.example",
        "445",
        "Integrationskoordinator",
        PENDING,
        ("koto24",),
        ("sv", "fi"),
        language="sv",
        waited_days=2,
    ),
    DemoPerson(
        "Olli",
        "Turunen",
        "olli.turunen@posti.example",
        "491",
        "Työllisyyskoordinaattori",
        PENDING,
        ("te24",),
        ("fi",),
        waited_days=1,
    ),
    DemoPerson(
        "Niina",
        "Väisänen",
        "niina.vaisanen@posti.example",
        "405",
        "Kotoutumispalvelujen esihenkilö",
        PENDING,
        ("koto24", "te24"),
        ("fi", "en"),
        waited_days=0,
    ),
    DemoPerson(
        "Jari",
        "Lindholm",
        "jari.lindholm@posti.example",
        "734",
        "Projektisuunnittelija",
        PENDING,
        ("other",),
        ("fi",),
        waited_days=4,
    ),
    DemoPerson(
        "Teemu",
        "Kallio",
        "teemu.kallio@posti.example",
        "240",
        "Konsultti",
        REJECTED,
        ("other",),
        ("fi",),
        waited_days=12,
        reason="Henkilö työskentelee yksityisessä konsulttiyrityksessä, ei kunnassa.",
    ),
]


def seed(*, log: Log) -> None:
    """Create the demo people once, through the membership services."""
    now = timezone.now()
    _add_demo_domains({person.municipality for person in PEOPLE}, log=log)
    manager = _manager(log=log)
    created = 0
    for person in PEOPLE:
        if User.objects.filter(email=person.email).exists():
            continue
        _member(person, manager=manager, now=now)
        created += 1
    if created:
        log(f"Network: created {created} demo people (password {DEMO_PASSWORD}).")
    moderator = User.objects.get(email=MODERATOR_EMAIL)
    if not moderator.groups.filter(name="Forum moderators").exists():
        services.grant_moderator(user=moderator, by=manager, now=now)
        log(f"Network: {moderator.get_full_name()} moderates the forums.")


def _add_demo_domains(codes: set[str], *, log: Log) -> None:
    added = 0
    for municipality in Municipality.objects.filter(code__in=codes):
        domain = demo_domain(municipality)
        _obj, created = MunicipalityDomain.objects.get_or_create(
            domain=domain, defaults={"municipality": municipality}
        )
        added += created
    if added:
        log(f"Network: added {added} demo e-mail domains (*.example).")


def demo_domain(municipality: Municipality) -> str:
    """`ouka.fi` → `ouka.example`: a reserved domain that never receives mail."""
    return municipality.website_domain.rsplit(".", 1)[0] + ".example"


def _user(*, email: str, first_name: str, last_name: str, language: str) -> User:
    user = User.objects.create_user(
        email=email,
        password=DEMO_PASSWORD,
        first_name=first_name,
        last_name=last_name,
        preferred_language=language,
    )
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def _manager(*, log: Log) -> User:
    user = User.objects.filter(email=MANAGER_EMAIL).first()
    if user is None:
        user = _user(
            email=MANAGER_EMAIL, first_name="Laura", last_name="Lahtinen", language="fi"
        )
        services.update_profile(
            profile=services.profile_for(user),
            data={
                "organisation_type": MemberProfile.OrganisationType.OFFICE,
                "organisation_name": "Muutostuen verkosto",
                "title": "Erityisasiantuntija",
                "languages": ["fi", "sv", "en"],
            },
        )
        services.grant_membership_manager(user=user)
        log(f"Network: membership manager {MANAGER_EMAIL} (password {DEMO_PASSWORD}).")
    return user


def _member(person: DemoPerson, *, manager: User, now: datetime.datetime) -> None:
    user = _user(
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        language=person.language,
    )
    requested_at = now - datetime.timedelta(days=person.waited_days, hours=2)
    profile = services.update_profile(
        profile=services.profile_for(user),
        data={
            "organisation_type": person.organisation_type,
            "municipality": Municipality.objects.get(code=person.municipality),
            "title": person.title,
            "reform_roles": list(person.roles),
            "languages": list(person.languages),
            "is_listed_in_directory": person.listed,
        },
        now=requested_at,
    )
    decided_at = min(requested_at + datetime.timedelta(days=1), now)
    if person.outcome == APPROVED:
        services.approve_membership(profile=profile, by=manager, now=decided_at)
    elif person.outcome == REJECTED:
        services.reject_membership(
            profile=profile, by=manager, reason=person.reason, now=decided_at
        )
