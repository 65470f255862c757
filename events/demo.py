"""Demo events: an event index in Finnish and Swedish, series, and about fifteen events of
the change-support office, past and upcoming relative to today.

Registrations are made through `services.register_for_event` by the network's demo members
(and a few guests), so seats, waitlists and mails are what production would have. Events are
looked up by slug under their index and existing ones are left alone: a second run creates
and changes nothing.

The office's own speakers are the experts of the materials demo, guests are named in free
text. `seed_demo` runs this module before the materials demo, so the experts are made here
(by the materials demo's own function, which leaves existing ones alone).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from events import services
from events.exceptions import RegistrationError
from events.models import EventIndexPage, EventPage, EventSeries
from materials import demo as materials_demo
from materials.models import Expert
from network.models import MemberProfile
from portal.access import Audience
from portal.demo import ensure_page, ensure_translation
from portal.models import HomePage, Theme, User

Log = Callable[[str], None]

OFFICE_STAFF_EMAIL = "laura.lahtinen@muutostuki.example"

INDEXES = {
    "fi": {
        "title": "Tapahtumat",
        "slug": "tapahtumat",
        "intro": (
            "Infotilaisuudet, tuumaustunnit ja verkostotapaamiset KOTO24- ja "
            "TE24-uudistusten valmistelijoille. Ilmoittaudu, saat Teams-linkin ja "
            "kalenterimerkinnän, ja palaa tapahtuman jälkeen katsomaan diat ja tallenteen."
        ),
    },
    "sv": {
        "title": "Evenemang",
        "slug": "evenemang",
        "intro": (
            "Informationsmöten, frågestunder och nätverksmöten för dem som bereder "
            "KOTO24- och TE24-reformerna i kommunerna."
        ),
    },
}

SERIES = [
    ("te24-tuumaustunnit", "TE24-tuumaustunnit", "TE24-frågestunder", "TE24 Q&A hours"),
    (
        "koto24-verkostotapaamiset",
        "KOTO24-verkostotapaamiset",
        "KOTO24-nätverksmöten",
        "KOTO24 network meetings",
    ),
    (
        "koto-digi",
        "Koto-digi-tuumaustunnit",
        "Koto-digi-frågestunder",
        "Koto-digi Q&A hours",
    ),
]

TEAMS = "https://teams.microsoft.com/l/meetup-join/demo-muutostuki-{slug}"


@dataclass(frozen=True)
class DemoEvent:
    language: str  # which index the page goes under
    slug: str
    title: str
    intro: str
    description: str
    event_type: str
    reform: str
    days: int  # from today
    start: tuple[int, int]
    minutes: int
    series: str = ""
    themes: tuple[str, ...] = ()
    format: str = EventPage.Format.ONLINE
    place: str = ""
    audience: str = Audience.PUBLIC
    capacity: int | None = None
    has_waitlist: bool = True
    requires_approval: bool = False
    max_per_municipality: int | None = None
    municipality_priority: bool = False
    opens_in_days: int | None = None
    closes_days_before: int | None = None
    # Speakers: the office's by the slugs of the materials demo's experts, guests by
    # name, title and organisation.
    experts: tuple[str, ...] = ()
    guest_speakers: tuple[tuple[str, str, str], ...] = ()
    questions: tuple[tuple[str, dict[str, Any]], ...] = ()
    recording_url: str = ""
    materials_for_everyone: bool = False
    registrants: int = 0  # demo members registering, in order
    guests: tuple[tuple[str, str, str], ...] = ()  # name, e-mail, organisation
    cancelled_because: str = ""
    approve: int = 0  # how many pending registrations staff approve


QUESTION_ADVANCE = (
    "long_text",
    {
        "label": "Mitä haluat kysyä etukäteen?",
        "help_text": "Kokoamme kysymykset ja vastaamme niihin tilaisuudessa.",
        "required": False,
    },
)

EVENTS = [
    DemoEvent(
        "fi",
        "te24-tuumaustunti-kuntalain-54-sopimusohje",
        "TE24-tuumaustunti: Kuntalain 54 §:n sopimusohjeen esittely",
        "Käymme läpi työllisyysalueen yhteistoimintasopimuksen ohjeen ja vastaamme "
        "ennakkoon lähetettyihin kysymyksiin.",
        "<p>Tuumaustunnilla esitellään kuntalain 54 §:n mukaisen yhteistoimintasopimuksen "
        "ohje työllisyysalueille. Ohjeessa käsitellään vastuukunnan tehtäviä, "
        "kustannustenjakoa ja yhteistoimintaelimen kokoonpanoa.</p>"
        "<p>Tilaisuus on tarkoitettu kuntien ja työllisyysalueiden valmistelijoille.</p>",
        EventPage.EventType.QA_HOUR,
        "te24",
        days=9,
        start=(9, 30),
        minutes=90,
        series="te24-tuumaustunnit",
        themes=("hallintosaanto", "tyollisyysalueet", "juridiikka"),
        capacity=120,
        experts=("henna-laaksonen",),
        guest_speakers=(
            ("Kaisa Rautio", "Lainsäädäntöneuvos", "Työ- ja elinkeinoministeriö"),
        ),
        questions=(QUESTION_ADVANCE,),
        registrants=7,
        guests=(("Pekka Ojala", "pekka.ojala@kuntaliitto.example", "Kuntaliitto"),),
    ),
    DemoEvent(
        "fi",
        "koto-digi-tuumaustunti",
        "Koto-digi tuumaustunti",
        "Kysy kotoutumisen digipalveluista ja Koto-digi-hankkeen tilannekuvasta.",
        "<p>Koto-digi-hanke kertoo, miten kotoutumisen asiakkuudet siirtyvät kuntien "
        "järjestelmiin ja mitä tietoja kotoutumissuunnitelmaa varten tarvitaan.</p>",
        EventPage.EventType.QA_HOUR,
        "koto24",
        days=12,
        start=(14, 0),
        minutes=60,
        series="koto-digi",
        themes=("tietojarjestelmat", "kotoutumissuunnitelma"),
        capacity=5,
        experts=("jari-arkkio",),
        questions=(QUESTION_ADVANCE,),
        registrants=7,
    ),
    DemoEvent(
        "fi",
        "koto24-verkostotapaaminen-kotoutumisohjelma",
        "KOTO24 verkostotapaaminen: kotoutumisohjelman valmistelu",
        "Jaetaan kokemuksia kunnan kotoutumisohjelman valmistelusta ja "
        "hyvinvointialueyhteistyöstä.",
        "<p>Verkostotapaamisessa kunnat esittelevät kotoutumisohjelmiensa luonnoksia. "
        "Pienryhmissä pohditaan, miten hyvinvointialue ja työllisyysalue osallistuvat "
        "ohjelman laatimiseen.</p>",
        EventPage.EventType.NETWORK_MEETING,
        "koto24",
        days=20,
        start=(12, 0),
        minutes=210,
        series="koto24-verkostotapaamiset",
        themes=("kotoutumisohjelma",),
        format=EventPage.Format.HYBRID,
        place="Työ- ja elinkeinoministeriö, Aleksanterinkatu 4, Helsinki",
        audience=Audience.MEMBERS,
        capacity=6,
        max_per_municipality=2,
        municipality_priority=True,
        questions=(
            (
                "single_choice",
                {
                    "label": "Miten osallistut?",
                    "help_text": "",
                    "required": True,
                    "choices": ["Paikan päällä", "Etänä"],
                },
            ),
            (
                "checkbox",
                {"label": "Osallistun lounaalle", "help_text": "", "required": False},
            ),
            (
                "short_text",
                {
                    "label": "Erityisruokavalio",
                    "help_text": "Esimerkiksi gluteeniton tai vegaaninen.",
                    "required": False,
                    "delete_after_event": True,
                },
            ),
        ),
        registrants=9,
    ),
    DemoEvent(
        "fi",
        "infotilaisuus-te24-rahoitusmalli",
        "Infotilaisuus: TE24-uudistuksen rahoitusmalli kunnille",
        "Valtionosuusrahoitus, kannustinmalli ja siirtyvät kustannukset tiiviisti.",
        "<p>Valtiovarainministeriön ja TEM:n asiantuntijat esittelevät, miten "
        "työllisyyspalvelujen rahoitus siirtyy kunnille ja miten kannustinmalli "
        "toimii.</p>",
        EventPage.EventType.INFO_SESSION,
        "te24",
        days=30,
        start=(9, 0),
        minutes=120,
        themes=("rahoitus-ja-korvaukset",),
        experts=("mikko-rahikainen",),
        guest_speakers=(
            ("Antti Mäkelä", "Finanssineuvos", "Valtiovarainministeriö"),
            ("Hilkka Saari", "Neuvotteleva virkamies", "Työ- ja elinkeinoministeriö"),
        ),
        registrants=5,
    ),
    DemoEvent(
        "fi",
        "webinaari-palvelutarpeen-arviointi",
        "Webinaari: Osaamis- ja kotoutumispalvelutarpeen arviointi",
        "Miten arviointi tehdään ja kirjataan uuden kotoutumislain mukaan?",
        "<p>Webinaarissa käydään läpi alkukartoituksen korvaava arviointi, sen "
        "määräajat ja kirjaaminen.</p>",
        EventPage.EventType.WEBINAR,
        "koto24",
        days=40,
        start=(13, 0),
        minutes=90,
        themes=("osaamis-ja-palvelutarpeen-arviointi",),
        experts=("outi-kotilainen",),
        opens_in_days=5,
    ),
    DemoEvent(
        "fi",
        "koulutus-kotoutumissuunnitelma",
        "Koulutus: Kotoutumissuunnitelman laatiminen",
        "Päivän koulutus kotoutumissuunnitelmien laatijoille Pohjois-Suomessa.",
        "<p>Koulutuksessa harjoitellaan kotoutumissuunnitelman laatimista "
        "esimerkkitapausten avulla. Toimisto hyväksyy ilmoittautumiset, jotta "
        "mukaan mahtuu tekijöitä mahdollisimman monesta kunnasta.</p>",
        EventPage.EventType.TRAINING,
        "koto24",
        days=45,
        start=(9, 0),
        minutes=390,
        themes=("kotoutumissuunnitelma", "ohjaus-ja-neuvonta"),
        format=EventPage.Format.ON_SITE,
        place="Oulun kaupungintalo, Torikatu 10, Oulu",
        capacity=25,
        requires_approval=True,
        registrants=3,
        approve=1,
    ),
    DemoEvent(
        "fi",
        "tyopaja-tyollisyysalueen-hallintosaanto",
        "Työpaja: Työllisyysalueen hallintosääntö",
        "Työstetään hallintosäännön mallipykäliä pienryhmissä.",
        "<p>Työpajassa käydään läpi hallintosäännön muutostarpeet ja kirjoitetaan "
        "mallipykäliä yhdessä.</p>",
        EventPage.EventType.WORKSHOP,
        "te24",
        days=15,
        start=(9, 0),
        minutes=180,
        themes=("hallintosaanto",),
        format=EventPage.Format.HYBRID,
        place="Tampere-talo, Yliopistonkatu 55, Tampere",
        audience=Audience.MEMBERS,
        capacity=3,
        has_waitlist=False,
        registrants=3,
    ),
    DemoEvent(
        "fi",
        "tuumaustunti-monikielinen-yhteiskuntaorientaatio",
        "Tuumaustunti: Monikielinen yhteiskuntaorientaatio",
        "Miten yhteiskuntaorientaatio järjestetään ja hankitaan?",
        "<p>Kysy yhteiskuntaorientaation järjestämisestä, kielivalikoimasta ja "
        "hankinnoista.</p>",
        EventPage.EventType.QA_HOUR,
        "koto24",
        days=3,
        start=(10, 0),
        minutes=60,
        themes=("monikielinen-yhteiskuntaorientaatio",),
        closes_days_before=1,
        registrants=2,
    ),
    DemoEvent(
        "fi",
        "koto-digi-tuumaustunti-syksy",
        "Koto-digi tuumaustunti: asiakastietojen siirto",
        "Miten asiakastiedot siirtyvät TE-toimistoilta kunnille?",
        "<p>Tuumaustunnilla käydään läpi asiakastietojen siirron aikataulu.</p>",
        EventPage.EventType.QA_HOUR,
        "koto24",
        days=5,
        start=(14, 0),
        minutes=60,
        series="koto-digi",
        themes=("tietojarjestelmat",),
        registrants=3,
        cancelled_because=(
            "Puhuja on estynyt. Tilaisuus pidetään myöhemmin; kerromme uuden ajan "
            "sähköpostilla."
        ),
    ),
    DemoEvent(
        "fi",
        "te24-tuumaustunti-palvelutarjonta",
        "TE24-tuumaustunti: Palvelutarjonnan suunnittelu",
        "Miten työllisyysalue kuvaa palvelutarjontansa ja palvelulupauksensa?",
        "<p>Tuumaustunnilla käsiteltiin palvelutarjonnan kuvaamista ja "
        "palvelulupausta.</p>",
        EventPage.EventType.QA_HOUR,
        "te24",
        days=-14,
        start=(9, 30),
        minutes=90,
        series="te24-tuumaustunnit",
        themes=("tyollisyysalueet", "tyovoiman-ulkopuoliset"),
        capacity=100,
        recording_url="https://video.muutostuki.example/te24-palvelutarjonta",
        materials_for_everyone=True,
        registrants=6,
    ),
    DemoEvent(
        "fi",
        "koto24-verkostotapaaminen-alkuvuosi",
        "KOTO24 verkostotapaaminen: alkuvuoden kuulumiset",
        "Kuntien kuulumiset lain voimaantulon jälkeen.",
        "<p>Verkostotapaamisessa kuultiin, miten kunnat ovat käynnistäneet uudet "
        "kotoutumispalvelut.</p>",
        EventPage.EventType.NETWORK_MEETING,
        "koto24",
        days=-35,
        start=(13, 0),
        minutes=120,
        series="koto24-verkostotapaamiset",
        audience=Audience.MEMBERS,
        capacity=4,
        recording_url="https://video.muutostuki.example/koto24-alkuvuosi",
        registrants=6,
    ),
    DemoEvent(
        "sv",
        "informationsmote-for-svensksprakiga-kommuner",
        "Informationsmöte för svenskspråkiga kommuner",
        "KOTO24 och TE24 på svenska: tidtabell, finansiering och stöd till kommunerna.",
        "<p>Vi går igenom reformernas tidtabell och hur förändringsstödet kan hjälpa "
        "svensk- och tvåspråkiga kommuner.</p>",
        EventPage.EventType.INFO_SESSION,
        "both",
        days=18,
        start=(13, 0),
        minutes=90,
        themes=("viestinta",),
        capacity=80,
        experts=("anna-karin-lindqvist", "mikko-rahikainen"),
        registrants=4,
    ),
    DemoEvent(
        "sv",
        "natverksmote-osterbotten-integrationsprogram",
        "Nätverksmöte för Österbotten: integrationsprogrammet",
        "Kommunerna i Österbotten jämför sina utkast till integrationsprogram.",
        "<p>Nätverksmötet hålls på plats i Vasa. Ta gärna med ert utkast.</p>",
        EventPage.EventType.NETWORK_MEETING,
        "koto24",
        days=26,
        start=(10, 0),
        minutes=180,
        series="koto24-verkostotapaamiset",
        themes=("kotoutumisohjelma",),
        format=EventPage.Format.ON_SITE,
        place="Vasa stadshus, Rådhusgatan 28, Vasa",
        audience=Audience.MEMBERS,
        capacity=20,
        registrants=4,
    ),
    DemoEvent(
        "sv",
        "fragestund-forvaltningsstadga",
        "Frågestund: sysselsättningsområdets förvaltningsstadga",
        "Frågor och svar om förvaltningsstadgan inför TE24.",
        "<p>Frågestunden behandlade ändringarna i förvaltningsstadgan.</p>",
        EventPage.EventType.QA_HOUR,
        "te24",
        days=-10,
        start=(14, 0),
        minutes=60,
        series="te24-tuumaustunnit",
        themes=("hallintosaanto",),
        recording_url="https://video.muutostuki.example/te24-forvaltningsstadga",
        registrants=3,
    ),
]


def at(days: int, hour: int, minute: int) -> datetime.datetime:
    """Today + days at a Helsinki wall-clock time."""
    local = timezone.localtime() + datetime.timedelta(days=days)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def seed(*, log: Log) -> None:
    """Create the demo events that do not exist yet, with their registrations."""
    indexes = {language: _index(language, log=log) for language in INDEXES}
    series = {slug: _series(slug, names) for slug, *names in SERIES}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    experts = materials_demo.ensure_experts(themes=themes, log=log)
    members = _members()
    staff = User.objects.filter(email=OFFICE_STAFF_EMAIL).first()
    created = 0
    for spec in EVENTS:
        index = indexes[spec.language]
        if index.get_children().filter(slug=spec.slug).exists():
            continue
        event = _event(spec, index=index, series=series, experts=experts)
        count = _register(spec, event=event, members=members, staff=staff)
        if spec.cancelled_because:
            event.is_cancelled = True
            event.cancellation_reason = spec.cancelled_because
            event.save_revision().publish()
        log(f"Events: created “{event.title}” with {count} registration(s).")
        created += 1
    if not created:
        log("Events: nothing to add.")


def _index(language: str, *, log: Log) -> EventIndexPage:
    home = HomePage.objects.get(locale__language_code=language)
    existing = EventIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    fields = INDEXES[language]
    source = EventIndexPage.objects.filter(locale__language_code="fi").first()
    if language != "fi" and source is not None:
        return ensure_translation(source, home.locale, log=log, **fields)
    return ensure_page(
        parent=home, page=EventIndexPage(**fields, show_in_menus=True), log=log
    )


def _series(slug: str, names: list[str]) -> EventSeries:
    name_fi, name_sv, name_en = names
    series, _created = EventSeries.objects.get_or_create(
        slug=slug, defaults={"name_fi": name_fi, "name_sv": name_sv, "name_en": name_en}
    )
    return series


def _members() -> dict[str, list[User]]:
    """Verified demo members in a stable order; for Swedish events Swedish speakers first."""
    users = [
        profile.user
        for profile in MemberProfile.objects.verified()
        .select_related("user")
        .order_by("user__email")
    ]
    swedish = [user for user in users if user.preferred_language == "sv"]
    return {"fi": users, "sv": swedish + [u for u in users if u not in swedish]}


def _event(
    spec: DemoEvent,
    *,
    index: EventIndexPage,
    series: dict[str, EventSeries],
    experts: dict[str, Expert],
) -> EventPage:
    starts_at = at(spec.days, *spec.start)
    event = EventPage(
        title=spec.title,
        slug=spec.slug,
        intro=spec.intro,
        description=spec.description,
        event_type=spec.event_type,
        reform=spec.reform,
        series=series.get(spec.series),
        language=spec.language,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=spec.minutes),
        format=spec.format,
        place=spec.place,
        online_meeting_url=(
            TEAMS.format(slug=spec.slug)
            if spec.format != EventPage.Format.ON_SITE
            else ""
        ),
        audience=spec.audience,
        capacity=spec.capacity,
        has_waitlist=spec.has_waitlist,
        requires_approval=spec.requires_approval,
        max_seats_per_municipality=spec.max_per_municipality,
        has_municipality_priority=spec.municipality_priority,
        registration_opens_at=(
            at(spec.opens_in_days, 9, 0) if spec.opens_in_days is not None else None
        ),
        registration_closes_at=(
            starts_at - datetime.timedelta(days=spec.closes_days_before)
            if spec.closes_days_before is not None
            else None
        ),
        speakers=[
            *(("expert", experts[slug]) for slug in spec.experts),
            *(
                ("speaker", {"name": name, "title": title, "organisation": org})
                for name, title, org in spec.guest_speakers
            ),
        ],
        registration_questions=list(spec.questions),
        recording_url=spec.recording_url,
        materials_audience=(
            EventPage.MaterialsAudience.EVERYONE
            if spec.materials_for_everyone
            else EventPage.MaterialsAudience.REGISTRANTS
        ),
        show_in_menus=False,
    )
    index.add_child(instance=event)
    event.themes.set(Theme.objects.filter(slug__in=spec.themes))
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def _answers(event: EventPage) -> dict[str, Any]:
    """Plausible answers: the first option of choices, a question in text fields."""
    answers: dict[str, Any] = {}
    for child in event.registration_questions:
        if child.block_type in ("single_choice", "multiple_choice"):
            first = child.value["choices"][0]
            answers[child.id] = (
                first if child.block_type == "single_choice" else [first]
            )
        elif child.value.get("delete_after_event"):
            answers[child.id] = "Gluteeniton"
        elif child.block_type in ("short_text", "long_text"):
            answers[child.id] = "Miten tämä koskee pientä kuntaa?"
    return answers


def _register(spec: DemoEvent, *, event: EventPage, members, staff) -> int:
    """Registrations made before the event (past events: ten days before it starts)."""
    when = min(timezone.now(), event.starts_at - datetime.timedelta(days=10))
    answers = _answers(event)
    made = []
    for user in members[spec.language][: spec.registrants]:
        try:
            made.append(
                services.register_for_event(
                    event=event, user=user, answers=answers, now=when
                )
            )
        except RegistrationError:
            continue  # e.g. the municipality's seats or the event are full, as in life
    for name, email, organisation in spec.guests:
        guest = services.RegistrantDetails(
            name=name, email=email, organisation=organisation, language=spec.language
        )
        made.append(
            services.register_for_event(
                event=event, guest=guest, answers=answers, now=when
            )
        )
    pending = [registration for registration in made if registration.is_pending]
    for registration in pending[: spec.approve]:
        services.approve_registration(
            registration=registration, by=staff, now=when + datetime.timedelta(days=1)
        )
    return len(made)
