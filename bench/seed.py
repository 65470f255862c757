"""Seed the events benchmark into an empty, migrated database: an event index in Finnish,
1,000 event pages and 50,000 registrations from 4,000 users and guests.

    DJANGO_SETTINGS_MODULE=portal.settings.production DATABASE_URL=postgres://... \
        python -m bench.seed --targets bench/results/targets.json

Deterministic (one seeded `random.Random`), with dates relative to today so that about a
third of the events are upcoming. Pages go in with one bulk insert of the page rows and one
insert per event row (the tree paths computed here, as `add_child` would); users, profiles
and registrations with `bulk_create`. The registrations are consistent with the services'
rules: seats are confirmed first come first served up to the capacity, the rest waitlisted
(or cancelled where there is no waitlist), one active registration per person and event.
The URLs and ids the load run needs are written as JSON to `--targets`.
"""

import argparse
import datetime
import json
import os
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

SEED = 4_2024
EVENT_COUNT = 1_000
REGISTRATION_COUNT = 50_000
MEMBER_COUNT = 3_600
NON_MEMBER_COUNT = 400
BURST_USER_COUNT = 500
BURST_CAPACITIES = (100, 150)
GUEST_SHARE = 0.15  # of the registrations to public events
CANCELLED_SHARE = 0.05
BATCH_SIZE = 2_000

FIRST_NAMES = (
    "Aino",
    "Anna",
    "Antti",
    "Eero",
    "Elina",
    "Emilia",
    "Hanna",
    "Heikki",
    "Helmi",
    "Ilkka",
    "Jari",
    "Johanna",
    "Juha",
    "Jukka",
    "Kaisa",
    "Kari",
    "Katja",
    "Laura",
    "Leena",
    "Liisa",
    "Marja",
    "Markku",
    "Matti",
    "Mika",
    "Minna",
    "Noora",
    "Outi",
    "Paula",
    "Pekka",
    "Petri",
    "Riikka",
    "Sami",
    "Sanna",
    "Satu",
    "Seppo",
    "Tiina",
    "Timo",
    "Tuula",
    "Ville",
    "Kristina",
    "Johan",
    "Malin",
    "Henrik",
    "Sofia",
    "Amina",
    "Ahmed",
    "Olga",
    "Dmitri",
)
LAST_NAMES = (
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Salo",
    "Laitinen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lahtinen",
    "Ahonen",
    "Lindqvist",
    "Nyström",
    "Forsman",
    "Holmberg",
    "Sandberg",
    "Ali",
    "Hassan",
    "Ivanova",
)
MEMBER_TITLES = (
    "kotoutumiskoordinaattori",
    "työllisyyspalvelujen päällikkö",
    "erityisasiantuntija",
    "palveluohjaaja",
    "projektipäällikkö",
    "kehittämispäällikkö",
    "sosiaalityöntekijä",
    "hallintojohtaja",
    "integrationskoordinator",
)
VENUES = (
    "Kuntatalo, Toinen linja 14, Helsinki",
    "Tampere-talo, Yliopistonkatu 55, Tampere",
    "Oulun kaupungintalo, Kirkkokatu 2 a, Oulu",
    "Turun kaupungintalo, Aurakatu 2, Turku",
    "Vaasan kaupungintalo, Kaupungintalonkatu 4, Vaasa",
    "Kuopion kaupungintalo, Tulliportinkatu 31, Kuopio",
)
SPEAKERS = (
    ("Laura Lahtinen", "erityisasiantuntija", "Muutostuki"),
    ("Mikko Salonen", "lakimies", "Muutostuki"),
    ("Sari Koskinen", "neuvotteleva virkamies", "Työ- ja elinkeinoministeriö"),
    ("Johan Lindqvist", "utvecklingschef", "Svenska Finlands kommunförbund"),
    ("Hanna Mäkelä", "kotoutumiskoordinaattori", "Tampereen kaupunki"),
    ("Ahmed Hassan", "asiantuntija", "Kotoutumisen osaamiskeskus"),
    ("Riikka Heinonen", "tietohallintopäällikkö", "KEHA-keskus"),
    ("Timo Järvinen", "työllisyysjohtaja", "Oulun seudun työllisyysalue"),
)

# Topic in Finnish, in Swedish, the theme slugs it belongs to.
TOPICS = (
    (
        "Kuntalain §54 sopimusohjeen esittely",
        "Avtalsanvisningen enligt 54 § kommunallagen",
        ["hallintosaanto", "juridiikka"],
    ),
    ("Koto-digi", "Koto-digi", ["tietojarjestelmat"]),
    (
        "Kotoutumisohjelman laatiminen kunnassa",
        "Att utarbeta kommunens integrationsprogram",
        ["kotoutumisohjelma"],
    ),
    (
        "Osaamis- ja palvelutarpeen arviointi",
        "Bedömning av kompetens- och servicebehov",
        ["osaamis-ja-palvelutarpeen-arviointi"],
    ),
    (
        "Kotoutumissuunnitelma ja sen seuranta",
        "Integrationsplanen och uppföljningen av den",
        ["kotoutumissuunnitelma"],
    ),
    (
        "Monikielinen yhteiskuntaorientaatio",
        "Flerspråkig samhällsorientering",
        ["monikielinen-yhteiskuntaorientaatio"],
    ),
    (
        "Valtion korvaukset kunnille",
        "Statlig ersättning till kommunerna",
        ["rahoitus-ja-korvaukset"],
    ),
    (
        "Työllisyysalueen hallintosääntö",
        "Sysselsättningsområdets förvaltningsstadga",
        ["hallintosaanto", "tyollisyysalueet"],
    ),
    (
        "Asiakastietojärjestelmien siirtymä",
        "Övergången av klientdatasystemen",
        ["tietojarjestelmat"],
    ),
    (
        "Työvoiman ulkopuolella olevien kotoutuminen",
        "Integration för personer utanför arbetskraften",
        ["tyovoiman-ulkopuoliset"],
    ),
    (
        "Viestintä kuntalaisille uudistuksesta",
        "Att kommunicera reformen till invånarna",
        ["viestinta"],
    ),
    (
        "Henkilöstön siirto ja liikkeenluovutus",
        "Personalöverföring och överlåtelse av rörelse",
        ["juridiikka", "tyollisyysalueet"],
    ),
    (
        "Palvelutarjonnan suunnittelu työllisyysalueella",
        "Planering av serviceutbudet i sysselsättningsområdet",
        ["tyollisyysalueet"],
    ),
    (
        "Hyvinvointialueen ja kunnan yhteistyö kotoutumisessa",
        "Samarbetet mellan välfärdsområdet och kommunen inom integration",
        ["kotoutumisohjelma", "ohjaus-ja-neuvonta"],
    ),
    (
        "Ohjaus ja neuvonta kotoutumisen alkuvaiheessa",
        "Handledning och rådgivning i början av integrationen",
        ["ohjaus-ja-neuvonta"],
    ),
)

# Event type: Finnish and Swedish title prefixes.
TYPE_TITLES = {
    "qa_hour": ("{reform}-tuumaustunti", "Frågestund om {reform}"),
    "info_session": ("Infotilaisuus", "Informationsmöte"),
    "network_meeting": ("{reform}-verkostotapaaminen", "Nätverksmöte för {reform}"),
    "webinar": ("Webinaari", "Webbinarium"),
    "training": ("Koulutus", "Utbildning"),
    "workshop": ("Työpaja", "Workshop"),
}
TYPE_WEIGHTS = {
    "qa_hour": 30,
    "info_session": 20,
    "network_meeting": 20,
    "webinar": 15,
    "training": 10,
    "workshop": 5,
}
SERIES = (
    (
        "te24-tuumaustunnit",
        "TE24 tuumaustunnit",
        "TE24 frågestunder",
        "qa_hour",
        "te24",
    ),
    (
        "koto24-tuumaustunnit",
        "KOTO24 tuumaustunnit",
        "KOTO24 frågestunder",
        "qa_hour",
        "koto24",
    ),
    (
        "koto24-verkostotapaamiset",
        "KOTO24 verkostotapaamiset",
        "KOTO24 nätverksmöten",
        "network_meeting",
        "koto24",
    ),
    (
        "tyollisyysalueiden-verkosto",
        "Työllisyysalueiden verkosto",
        "Sysselsättningsområdenas nätverk",
        "network_meeting",
        "te24",
    ),
    (
        "infotilaisuudet",
        "Muutostuen infotilaisuudet",
        "Muutostödets informationsmöten",
        "info_session",
        "both",
    ),
    (
        "koto-digi-webinaarit",
        "Koto-digi-webinaarit",
        "Koto-digi-webbinarier",
        "webinar",
        "both",
    ),
)
QUESTIONS = (
    {
        "type": "long_text",
        "value": {
            "label": "Mitä kysymyksiä haluat käsiteltävän?",
            "help_text": "Vastaamme ennakkoon lähetettyihin kysymyksiin ensin.",
            "required": False,
        },
    },
    {
        "type": "single_choice",
        "value": {
            "label": "Osallistutko",
            "help_text": "",
            "required": True,
            "choices": ["Paikan päällä", "Etänä"],
        },
    },
    {
        "type": "multiple_choice",
        "value": {
            "label": "Mistä aiheista haluat kuulla lisää?",
            "help_text": "",
            "required": False,
            "choices": ["Rahoitus", "Tietojärjestelmät", "Henkilöstö", "Viestintä"],
        },
    },
    {
        "type": "checkbox",
        "value": {
            "label": "Tarvitsen erityisruokavalion tai muita järjestelyjä",
            "help_text": "",
            "required": False,
        },
    },
)
SAMPLE_ANSWERS = (
    "Miten korvaushaku etenee käytännössä?",
    "Kuka vastaa kotoutumissuunnitelmasta siirtymävaiheessa?",
    "Onko sopimuspohjasta tulossa päivitys?",
    "",
)


@dataclass
class EventSpec:
    """One event to create, and how many registrations it gets."""

    title: str
    slug: str
    fields: dict
    theme_slugs: list[str]
    registrations: int = 0
    force_people: list[int] = field(default_factory=list)


ASCII = str.maketrans("äöåéÄÖÅ", "aoaeAOA")


def ascii_slug(text: str) -> str:
    """Letters and digits only, for e-mail addresses."""
    return "".join(c for c in text.translate(ASCII).lower() if c.isalnum())


def page_slug(title: str, n: int) -> str:
    from django.utils.text import slugify

    return f"{slugify(title.translate(ASCII))[:60].rstrip('-')}-{n}"


def aware(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def stable_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def log(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


# --- People -------------------------------------------------------------------------


def seed_people(rng: random.Random, municipalities: list) -> dict:
    """Users with member profiles: verified members, signed-in non-members, the demo member
    the load run signs in as, and the burst's registrants (verified members)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from network.models import MemberProfile
    from network.roles import MEMBERS_GROUP
    from portal.models import User

    def person(n: int, tag: str) -> dict:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        municipality = rng.choice(municipalities)
        domain = ascii_slug(municipality.name_fi) + ".fi"
        return {
            "first_name": first,
            "last_name": last,
            "email": f"{ascii_slug(first)}.{ascii_slug(last)}.{tag}{n}@{domain}",
            "municipality": municipality,
            "language": "sv" if municipality.language == "sv" else "fi",
        }

    kinds = (
        [("member", n) for n in range(MEMBER_COUNT)]
        + [("signed_in", n) for n in range(NON_MEMBER_COUNT)]
        + [("burst", n) for n in range(BURST_USER_COUNT)]
    )
    people = [
        person(n, {"member": "m", "signed_in": "s", "burst": "r"}[kind])
        for kind, n in kinds
    ]
    helsinki = next(m for m in municipalities if m.name_fi == "Helsinki")
    kinds.insert(0, ("demo", 0))
    people.insert(
        0,
        {
            "first_name": "Aino",
            "last_name": "Virtanen",
            "email": "aino.virtanen.bench@hel.fi",
            "municipality": helsinki,
            "language": "fi",
        },
    )
    unusable = make_password(None)  # nobody signs in with a password here
    joined = datetime.datetime(2024, 1, 8, 9, tzinfo=datetime.UTC)
    users = User.objects.bulk_create(
        [
            User(
                email=p["email"],
                first_name=p["first_name"],
                last_name=p["last_name"],
                preferred_language=p["language"],
                password=unusable,
                date_joined=joined,
            )
            for p in people
        ],
        batch_size=BATCH_SIZE,
    )
    verified = MemberProfile.Status.VERIFIED
    profiles = []
    for (kind, _n), user, p in zip(kinds, users, people, strict=True):
        status = (
            verified
            if kind != "signed_in"
            else rng.choice([MemberProfile.Status.NONE, MemberProfile.Status.PENDING])
        )
        profiles.append(
            MemberProfile(
                user=user,
                municipality=p["municipality"],
                title=rng.choice(MEMBER_TITLES),
                status=status,
                is_koto24_preparer=rng.random() < 0.6,
                is_te24_preparer=rng.random() < 0.5,
                languages=[p["language"]],
                verification_method=(
                    MemberProfile.VerificationMethod.DOMAIN
                    if status == verified
                    else ""
                ),
                decided_at=joined if status == verified else None,
            )
        )
    MemberProfile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
    members_group = Group.objects.get(name=MEMBERS_GROUP)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [
            Membership(user_id=user.pk, group_id=members_group.pk)
            for (kind, _n), user in zip(kinds, users, strict=True)
            if kind != "signed_in"
        ],
        batch_size=BATCH_SIZE,
    )
    by_kind: dict[str, list] = {"demo": [], "member": [], "signed_in": [], "burst": []}
    for (kind, _n), user, p in zip(kinds, users, people, strict=True):
        user.seed_municipality = p["municipality"]
        by_kind[kind].append(user)
    return by_kind


# --- Events -------------------------------------------------------------------------


def plan_events(
    rng: random.Random, now: datetime.datetime, series: dict
) -> list[EventSpec]:
    """Specs of the 1,000 events: a showcase event the load run opens, an unlimited one the
    query count registers into, the two burst events, and 996 varied ones."""
    from django.utils import timezone

    from events.models import EventPage
    from portal.access import Audience

    today = timezone.localdate(now)
    specs: list[EventSpec] = []
    types = list(TYPE_WEIGHTS)
    weights = list(TYPE_WEIGHTS.values())
    series_by_type: dict[str, list] = {}
    for s in series.values():
        series_by_type.setdefault(s.seed_type, []).append(s)

    def spec(n: int, *, days: int, **overrides) -> EventSpec:
        event_type = overrides.pop("event_type", None) or rng.choices(types, weights)[0]
        reform = (
            overrides.pop("reform", None)
            or rng.choices(["koto24", "te24", "both"], [40, 40, 20])[0]
        )
        language = (
            overrides.pop("language", None)
            or rng.choices(["fi", "sv", "en"], [80, 15, 5])[0]
        )
        topic_fi, topic_sv, theme_slugs = rng.choice(TOPICS)
        reform_label = {"koto24": "KOTO24", "te24": "TE24", "both": "KOTO24/TE24"}[
            reform
        ]
        prefix_fi, prefix_sv = TYPE_TITLES[event_type]
        if language == "sv":
            title = f"{prefix_sv.format(reform=reform_label)}: {topic_sv}"
            intro = (
                f"{topic_sv}: vad kommunerna ska göra nu och hur Muutostuki hjälper."
            )
        else:
            title = f"{prefix_fi.format(reform=reform_label)}: {topic_fi}"
            intro = (
                f"{topic_fi}: mitä kuntien on tehtävä nyt ja miten Muutostuki auttaa."
            )
        day = today + datetime.timedelta(days=days)
        if day.weekday() >= 5:
            day += datetime.timedelta(days=7 - day.weekday())
        hour, minute = rng.choice(
            [(9, 0), (9, 30), (10, 0), (12, 30), (13, 0), (14, 0)]
        )
        starts_at = aware(day, hour, minute)
        ends_at = starts_at + datetime.timedelta(minutes=rng.choice([60, 90, 120, 180]))
        fmt = (
            overrides.pop("format", None)
            or rng.choices(["online", "on_site", "hybrid"], [60, 15, 25])[0]
        )
        candidates = [
            s
            for s in series_by_type.get(event_type, [])
            if s.seed_reform in (reform, "both")
        ]
        fields = {
            "event_type": event_type,
            "reform": reform,
            "language": language,
            "intro": intro,
            "description": (
                f"<p>{intro}</p><p>Tilaisuudessa käydään läpi ajankohtaiset ohjeet, "
                "kuntien kokemukset ja seuraavat askeleet. Kysymyksiä voi esittää "
                "ennakkoon ilmoittautumisen yhteydessä ja tilaisuuden aikana.</p>"
            ),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "format": fmt,
            "place": rng.choice(VENUES) if fmt != "online" else "",
            "online_meeting_url": (
                f"https://teams.example/l/meetup-join/muutostuki-{n}"
                if fmt != "on_site"
                else ""
            ),
            "audience": rng.choices(
                [Audience.PUBLIC, Audience.SIGNED_IN, Audience.MEMBERS], [55, 10, 35]
            )[0],
            "capacity": rng.choices(
                [None, 20, 30, 40, 50, 60, 80, 100, 150, 200],
                [30, 5, 10, 10, 12, 8, 10, 8, 4, 3],
            )[0],
            "has_waitlist": rng.random() < 0.85,
            "requires_approval": rng.random() < 0.05,
            "max_seats_per_municipality": 3 if rng.random() < 0.05 else None,
            "has_municipality_priority": rng.random() < 0.05,
            "series": rng.choice(candidates)
            if candidates and rng.random() < 0.8
            else None,
            "speakers": [
                {
                    "type": "speaker",
                    "value": dict(
                        zip(("name", "title", "organisation"), s, strict=True)
                    ),
                    "id": stable_uuid(rng),
                }
                for s in rng.sample(SPEAKERS, rng.randint(1, 3))
            ],
            "registration_questions": [
                {**q, "id": stable_uuid(rng)}
                for q in (
                    rng.sample(QUESTIONS, rng.randint(1, 2))
                    if rng.random() < 0.4
                    else []
                )
            ],
            "materials_audience": rng.choice(["registrants", "everyone"]),
        }
        if rng.random() < 0.3:
            fields["registration_closes_at"] = starts_at - datetime.timedelta(days=1)
        if starts_at < now:
            if rng.random() < 0.3:
                fields["recording_url"] = f"https://video.example/muutostuki/{n}"
        elif days > 60 and rng.random() < 0.15:
            fields["registration_opens_at"] = now + datetime.timedelta(days=days // 3)
        if rng.random() < 0.03:
            fields["is_cancelled"] = True
            fields["cancellation_reason"] = (
                "Puhuja on estynyt. Järjestämme tilaisuuden uudelleen myöhemmin."
            )
        fields.update(overrides)
        slug = page_slug(title, n + 1)
        return EventSpec(title=title, slug=slug, fields=fields, theme_slugs=theme_slugs)

    showcase = spec(
        0,
        days=10,
        event_type=EventPage.EventType.QA_HOUR,
        reform="te24",
        language="fi",
        format=EventPage.Format.HYBRID,
        audience=Audience.MEMBERS,
        capacity=80,
        has_waitlist=True,
        requires_approval=False,
        max_seats_per_municipality=None,
        is_cancelled=False,
        registration_closes_at=None,
        registration_opens_at=None,
        registration_questions=[{**q, "id": stable_uuid(rng)} for q in QUESTIONS[:2]],
    )
    showcase.registrations = 55
    unlimited = spec(
        1,
        days=12,
        event_type=EventPage.EventType.WEBINAR,
        language="fi",
        audience=Audience.PUBLIC,
        capacity=None,
        requires_approval=False,
        max_seats_per_municipality=None,
        is_cancelled=False,
        registration_closes_at=None,
        registration_opens_at=None,
        registration_questions=[],
    )
    unlimited.registrations = 40
    specs += [showcase, unlimited]
    burst_common = {
        "language": "fi",
        "audience": Audience.MEMBERS,
        "has_waitlist": True,
        "requires_approval": False,
        "max_seats_per_municipality": None,
        "has_municipality_priority": False,
        "is_cancelled": False,
        "registration_closes_at": None,
        "registration_opens_at": None,
        "registration_questions": [],
    }
    burst = [
        spec(
            2 + k,
            days=14 + 7 * k,
            event_type=event_type,
            reform=reform,
            capacity=capacity,
            **burst_common,
        )
        for k, (capacity, event_type, reform) in enumerate(
            zip(
                BURST_CAPACITIES,
                ["qa_hour", "info_session"],
                ["te24", "koto24"],
                strict=True,
            )
        )
    ]
    specs += burst
    for n in range(4, EVENT_COUNT):
        days = rng.randint(-400, 200)
        event = spec(n, days=days)
        specs.append(event)
    return specs


def plan_registration_counts(rng: random.Random, specs: list[EventSpec], now) -> None:
    """Spread REGISTRATION_COUNT over the varied events: fuller for past and soon-starting
    events, none before registration opens."""
    varied = specs[4:]
    fixed = sum(s.registrations for s in specs[:4])
    weights = []
    for s in varied:
        f = s.fields
        days_ahead = (f["starts_at"] - now).days
        opens_at = f.get("registration_opens_at")
        if opens_at and opens_at > now:
            weights.append(0.0)
            continue
        base = f["capacity"] or rng.randint(20, 140)
        fill = (
            rng.uniform(0.5, 1.4)
            if days_ahead < 0
            else (rng.uniform(0.3, 1.2) if days_ahead <= 30 else rng.uniform(0.05, 0.6))
        )
        if f["capacity"] and not f["has_waitlist"]:
            fill = min(fill, 1.05)
        weights.append(base * fill)
    scale = (REGISTRATION_COUNT - fixed) / sum(weights)
    counts = [int(w * scale) for w in weights]
    shortfall = REGISTRATION_COUNT - fixed - sum(counts)
    open_events = [i for i, w in enumerate(weights) if w > 0]
    for i in rng.sample(open_events, shortfall):
        counts[i] += 1
    for s, count in zip(varied, counts, strict=True):
        s.registrations = count


def seed_events(
    rng: random.Random, index, specs: list[EventSpec], themes: dict
) -> list:
    """Live event pages under the index: page rows in one bulk insert, then each event row."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F

    from wagtail.models import Page

    from events.models import EventPage

    content_type = ContentType.objects.get_for_model(EventPage)
    depth = index.depth + 1
    pages = []
    for n, s in enumerate(specs, start=1):
        published = s.fields["starts_at"] - datetime.timedelta(days=45)
        pages.append(
            Page(
                title=s.title,
                draft_title=s.title,
                slug=s.slug,
                content_type=content_type,
                path=Page._get_path(index.path, depth, n),
                depth=depth,
                numchild=0,
                url_path=f"{index.url_path}{s.slug}/",
                locale_id=index.locale_id,
                translation_key=stable_uuid(rng),
                live=True,
                first_published_at=published,
                last_published_at=published,
            )
        )
    Page.objects.bulk_create(pages, batch_size=BATCH_SIZE)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
    events = []
    Through = EventPage.themes.through
    links = []
    for page, s in zip(pages, specs, strict=True):
        event = EventPage(page_ptr=page, **s.fields)
        event.calendar_fingerprint = event.compute_calendar_fingerprint()
        event.save_base(raw=True)
        events.append(event)
        links += [
            Through(eventpage_id=page.pk, theme_id=themes[slug].pk)
            for slug in s.theme_slugs
        ]
    Through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return events


# --- Registrations ------------------------------------------------------------------


def settle_database() -> None:
    """Leave the database as a running portal's is, not as a bulk load leaves it: the
    planner's statistics (`ANALYZE`), the tables vacuumed (the visibility map and hint bits
    set, so autovacuum has nothing to catch up on during the load) and the bulk load's
    dirty buffers written out (`CHECKPOINT`), so that the measured requests do not pay for
    the seeding. `CHECKPOINT` needs a superuser (or `pg_checkpoint`); without one it is
    skipped with a note."""
    from django.db import DatabaseError, connection

    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        cursor.execute("VACUUM (ANALYZE)")
        try:
            cursor.execute("CHECKPOINT")
        except DatabaseError as error:
            log(f"no CHECKPOINT after seeding ({error})")


def seed_registrations(rng, specs, events, people, municipalities, now) -> int:
    """Registrations in the order people registered: the first `capacity` seats confirmed
    (pending or rejected where staff approve), the rest waitlisted or, without a waitlist,
    cancelled; some cancelled anyway; attendance and sent mails marked for past events."""
    from events.models import Registration
    from events.services import recount_seats

    Status = Registration.Status
    members = people["member"]
    everyone = members + people["signed_in"]
    demo = people["demo"][0]
    guest_counter = 0
    rows = []
    for s, event in zip(specs, events, strict=True):
        f = s.fields
        k = s.registrations
        if k == 0:
            continue
        pool = members if f["audience"] == "members" else everyone
        guests = int(k * GUEST_SHARE) if f["audience"] == "public" else 0
        registrants = [(u, u.seed_municipality) for u in rng.sample(pool, k - guests)]
        if demo in s.force_people and all(u is not demo for u, _m in registrants):
            registrants[0] = (demo, demo.seed_municipality)
        for _g in range(guests):
            guest_counter += 1
            municipality = rng.choice(municipalities)
            registrants.append((None, municipality))
        rng.shuffle(registrants)
        closes = f.get("registration_closes_at") or f["starts_at"]
        end = min(now - datetime.timedelta(minutes=5), closes)
        start = end - datetime.timedelta(days=rng.randint(10, 50))
        span = (end - start).total_seconds()
        moments = sorted(
            start + datetime.timedelta(seconds=rng.uniform(0, span))
            for _ in registrants
        )
        is_past = f["ends_at"] <= now
        seats = 0
        per_municipality: dict[int, int] = {}
        for (user, municipality), created_at in zip(registrants, moments, strict=True):
            if user is None:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                name = f"{first} {last}"
                domain = ascii_slug(municipality.name_fi) + ".fi"
                email = (
                    f"{ascii_slug(first)}.{ascii_slug(last)}.g{guest_counter}@{domain}"
                )
                language = "sv" if municipality.language == "sv" else "fi"
            else:
                name, email, language = (
                    user.get_full_name(),
                    user.email,
                    user.preferred_language,
                )
            used = per_municipality.get(municipality.pk, 0)
            over_limit = (
                f["max_seats_per_municipality"] is not None
                and used >= f["max_seats_per_municipality"]
            )
            if rng.random() < CANCELLED_SHARE or over_limit:
                status = Status.CANCELLED
            elif f["capacity"] is None or seats < f["capacity"]:
                status = Status.CONFIRMED
                if f["requires_approval"]:
                    status = rng.choices(
                        [Status.CONFIRMED, Status.PENDING, Status.REJECTED],
                        [85, 0, 15] if is_past else [40, 50, 10],
                    )[0]
            elif f["has_waitlist"]:
                status = Status.WAITLISTED
            else:
                status = Status.CANCELLED
            if status in (Status.CONFIRMED, Status.PENDING):
                seats += 1
            if status in Registration.ACTIVE_STATUSES:
                per_municipality[municipality.pk] = used + 1
            confirmed_past = is_past and status == Status.CONFIRMED
            rows.append(
                Registration(
                    event_id=event.pk,
                    user=user,
                    name=name,
                    email=email,
                    organisation=municipality.name_fi,
                    municipality=municipality,
                    language=language or "fi",
                    status=status,
                    answers=answers_for(rng, f["registration_questions"]),
                    has_attended=confirmed_past and rng.random() < 0.8,
                    created_at=created_at,
                    status_changed_at=created_at,
                    reminder_sent_at=(
                        f["starts_at"] - datetime.timedelta(hours=24)
                        if confirmed_past
                        else None
                    ),
                    followup_sent_at=(
                        f["ends_at"] + datetime.timedelta(hours=2)
                        if is_past and status in (Status.CONFIRMED, Status.WAITLISTED)
                        else None
                    ),
                )
            )
    Registration.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    recount_seats(event_ids={row.event_id for row in rows})
    return len(rows)


def answers_for(rng: random.Random, questions: list[dict]) -> dict:
    answers = {}
    for q in questions:
        value = q["value"]
        if q["type"] in ("short_text", "long_text"):
            answers[q["id"]] = rng.choice(SAMPLE_ANSWERS)
        elif q["type"] == "single_choice":
            answers[q["id"]] = rng.choice(value["choices"])
        elif q["type"] == "multiple_choice":
            answers[q["id"]] = rng.sample(value["choices"], rng.randint(0, 2))
        else:
            answers[q["id"]] = rng.random() < 0.1
    return answers


# --- Entry point --------------------------------------------------------------------


def seed(targets_path: Path) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from wagtail.models import Locale

    from events.models import EventIndexPage, EventPage, EventSeries
    from network.models import Municipality
    from portal.models import HomePage, Theme

    if EventIndexPage.objects.exists():
        raise SystemExit(
            "bench.seed: the database already has an event index; use a fresh one."
        )
    rng = random.Random(SEED)  # noqa: S311 - reproducible test data, not secrets
    now = timezone.now()
    started = time.monotonic()
    with transaction.atomic():
        municipalities = list(Municipality.objects.order_by("code"))
        themes = {t.slug: t for t in Theme.objects.all()}
        home = HomePage.objects.get(locale=Locale.objects.get(language_code="fi"))
        index = home.add_child(
            instance=EventIndexPage(
                title="Tapahtumat",
                slug="tapahtumat",
                intro=(
                    "Infotilaisuudet, tuumaustunnit ja verkostotapaamiset kotoutumislain "
                    "(KOTO24) ja TE-palvelujen (TE24) uudistusten valmistelijoille."
                ),
            )
        )
        series = {}
        for slug, name_fi, name_sv, event_type, reform in SERIES:
            s = EventSeries.objects.create(slug=slug, name_fi=name_fi, name_sv=name_sv)
            s.seed_type, s.seed_reform = event_type, reform
            series[slug] = s
        people = seed_people(rng, municipalities)
        user_count = sum(len(v) for v in people.values())
        log(f"people: {user_count} users ({time.monotonic() - started:.1f} s)")
        specs = plan_events(rng, now, series)
        plan_registration_counts(rng, specs, now)
        demo_events = [
            s
            for s in specs[4:]
            if s.registrations >= 5 and s.fields["audience"] != "public"
        ]
        upcoming = [s for s in demo_events if s.fields["starts_at"] > now][:6]
        past = [s for s in demo_events if s.fields["ends_at"] < now][:6]
        for s in upcoming + past:
            s.force_people.append(people["demo"][0])
        events = seed_events(rng, index, specs, themes)
        log(f"events: {len(events)} pages ({time.monotonic() - started:.1f} s)")
        count = seed_registrations(rng, specs, events, people, municipalities, now)
        log(f"registrations: {count} ({time.monotonic() - started:.1f} s)")
    settle_database()
    index.refresh_from_db()
    showcase = EventPage.objects.get(pk=events[0].pk)
    targets = {
        "index_url": index.url,
        "event_url": showcase.url,
        "event_id": showcase.pk,
        "feed_url": "/fi/events/feed.ics",
        "query_post_event_id": events[1].pk,
        "member_id": people["demo"][0].pk,
        "burst": {
            "event_ids": [e.pk for e in events[2:4]],
            "capacities": list(BURST_CAPACITIES),
            "user_ids": [u.pk for u in people["burst"]],
        },
        "counts": {"events": len(events), "registrations": count},
        "seconds": round(time.monotonic() - started, 1),
    }
    targets_path.parent.mkdir(parents=True, exist_ok=True)
    targets_path.write_text(json.dumps(targets, indent=2))
    log(f"seeded in {targets['seconds']} s; targets in {targets_path}")
    return targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--targets", type=Path, default=Path("bench/results/targets.json")
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    seed(args.targets)


if __name__ == "__main__":
    main()
