"""Demo surveys: a survey index in Finnish and Swedish, the open KOTO24 preparer-mapping
survey (its contact persons form the preparer register) and two closed rounds of the pulse
series, "Pulssi 2025/1" and "Pulssi 2025/2", with published results and a trend.

Answers are given through `services.submit_response` with a seeded `random.Random`, so the
numbers are the same on every machine: the first pulse round has the issue's 172 answers
from 157 municipalities, the resources question splitting 66 / 19 / 67 / 5. Dates are
relative to today. Surveys are looked up by slug under the index; existing ones (and their
answers) are left alone, so a second run creates nothing. People are fictional and their
addresses are on reserved `.example` domains.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from network.demo import demo_domain
from network.models import Municipality
from portal.access import Audience
from portal.demo import ensure_page, ensure_translation
from portal.models import HomePage
from surveys import services
from surveys.models import SurveyIndexPage, SurveyPage, SurveySeries

Log = Callable[[str], None]

SWEDISH = {Municipality.Language.SWEDISH, Municipality.Language.BILINGUAL_SWEDISH}

INDEXES = {
    "fi": {
        "title": "Kyselyt",
        "slug": "kyselyt",
        "intro": (
            "<p>Muutostuki kysyy kunnilta valmistelun tilanteesta ja tuen tarpeista. "
            "Vastaukset kootaan kaikkien kuntien yhteiseksi tilannekuvaksi.</p>"
        ),
    },
    "sv": {
        "title": "Enkäter",
        "slug": "enkater",
        "intro": (
            "<p>Förändringsstödet frågar kommunerna om läget i beredningen och om "
            "behovet av stöd. Svaren sammanställs till en gemensam lägesbild.</p>"
        ),
    },
}

# --- Question texts (fi, sv) ------------------------------------------------------------------

RESOURCE_STEPS = {
    "fi": [
        ("Täysin tai melko riittävät", 3),
        ("Eivät riittävät eivätkä riittämättömät", 2),
        ("Melko tai täysin riittämättömät", 1),
    ],
    "sv": [
        ("Helt eller ganska tillräckliga", 3),
        ("Varken tillräckliga eller otillräckliga", 2),
        ("Ganska eller helt otillräckliga", 1),
    ],
}
AGREE_STEPS = {
    "fi": [
        ("Täysin samaa mieltä", 5),
        ("Jokseenkin samaa mieltä", 4),
        ("Ei samaa eikä eri mieltä", 3),
        ("Jokseenkin eri mieltä", 2),
        ("Täysin eri mieltä", 1),
    ],
    "sv": [
        ("Helt av samma åsikt", 5),
        ("Delvis av samma åsikt", 4),
        ("Varken av samma eller av annan åsikt", 3),
        ("Delvis av annan åsikt", 2),
        ("Helt av annan åsikt", 1),
    ],
}
CANT_SAY = {"fi": "En osaa sanoa", "sv": "Kan inte säga"}
TEXT = {
    "municipality": {"fi": "Kunta", "sv": "Kommun"},
    "resources": {
        "fi": "Kuinka riittävät kuntanne resurssit kotoutumisen edistämiseen ovat?",
        "sv": "Hur tillräckliga är kommunens resurser för att främja integration?",
    },
    "division": {
        "fi": "Kunnan ja hyvinvointialueen välinen työnjako on selkeä.",
        "sv": "Arbetsfördelningen mellan kommunen och välfärdsområdet är tydlig.",
    },
    "preparation": {
        "fi": "Miten hyvin seuraavat väittämät kuvaavat valmistelua kunnassanne?",
        "sv": "Hur väl beskriver följande påståenden beredningen i er kommun?",
    },
    "challenge": {
        "fi": "Mikä on tällä hetkellä suurin haaste kotoutumisen edistämisessä?",
        "sv": "Vilken är just nu den största utmaningen i arbetet med integration?",
    },
    "programme_status": {
        "fi": "Missä vaiheessa kuntanne kotoutumisohjelma on?",
        "sv": "I vilket skede är kommunens integrationsprogram?",
    },
}
STATEMENTS = {
    "fi": [
        ("programme", "Kotoutumisohjelman valmistelu etenee aikataulussa."),
        ("employment", "Yhteistyö työllisyysalueen kanssa toimii."),
        ("information", "Saamme riittävästi tietoa uudistuksesta."),
    ],
    "sv": [
        ("programme", "Beredningen av integrationsprogrammet följer tidtabellen."),
        ("employment", "Samarbetet med sysselsättningsområdet fungerar."),
        ("information", "Vi får tillräckligt med information om reformen."),
    ],
}
PROGRAMME_OPTIONS = {
    "fi": [
        ("accepted", "Hyväksytty valtuustossa"),
        ("in_council", "Päätöksenteossa"),
        ("drafting", "Valmisteilla"),
        ("not_started", "Valmistelu ei ole alkanut"),
    ],
    "sv": [
        ("accepted", "Godkänt av fullmäktige"),
        ("in_council", "Under beslutsfattande"),
        ("drafting", "Under beredning"),
        ("not_started", "Beredningen har inte börjat"),
    ],
}
CHALLENGES = {
    "fi": [
        "Henkilöstöresurssit eivät riitä uusiin tehtäviin.",
        "Työnjako hyvinvointialueen kanssa on vielä auki.",
        "Monikielisen neuvonnan järjestäminen pienessä kunnassa.",
        "Tietojärjestelmät eivät vielä tue osaamisen ja palvelutarpeen arviointia.",
        "Rahoitus ja laskennalliset korvaukset ovat epäselviä.",
        "Työllisyysalueen ja kunnan yhteiset prosessit puuttuvat.",
    ],
    "sv": [
        "Personalresurserna räcker inte till för de nya uppgifterna.",
        "Arbetsfördelningen med välfärdsområdet är fortfarande öppen.",
        "Att ordna flerspråkig rådgivning i en liten kommun.",
        "Finansieringen och de kalkylerade ersättningarna är oklara.",
    ],
}

MAPPING_TEXT = {
    "fi": {
        "title": "KOTO24-valmistelijakartoitus",
        "intro": (
            "<p>Kartoitamme, ketkä valmistelevat kotoutumislain uudistusta (KOTO24) "
            "kunnissa ja millaista tukea toivotte. Yhteyshenkilöt kootaan muutostuen "
            "valmistelijarekisteriin, ja heidät kutsutaan muutostuen verkostoon.</p>"
        ),
        "thanks": "<p>Kiitos! Kunnan vastausta voi muuttaa kyselyn sulkeutumiseen asti.</p>",
        "section_people": "Kunta ja valmistelijat",
        "section_people_help": (
            "Kerro, ketkä valmistelevat KOTO24-uudistusta kunnassanne. Tiedot "
            "kootaan muutostuen valmistelijarekisteriin."
        ),
        "preparers": "Ketkä valmistelevat KOTO24-uudistusta kunnassanne?",
        "preparers_help": (
            "Lisää keskeiset valmistelijat, esimerkiksi vastuuvalmistelija, "
            "kotoutumiskoordinaattori ja ohjausryhmän puheenjohtaja."
        ),
        "responsible": "Onko kunnassanne nimetty kotoutumisen edistämisen vastuutaho?",
        "responsible_options": [
            ("yes", "Kyllä"),
            ("preparing", "Valmisteilla"),
            ("no", "Ei"),
        ],
        "responsible_unit": "Mikä yksikkö tai toimielin vastaa?",
        "section_support": "Tuen tarpeet",
        "support": "Millaista tukea toivotte muutostuelta?",
        "support_options": [
            ("training", "Koulutusta ja infotilaisuuksia"),
            ("peer", "Vertaistukea muilta kunnilta"),
            ("materials", "Malleja ja materiaaleja"),
            ("legal", "Juridista neuvontaa"),
            ("systems", "Tukea tietojärjestelmiin"),
        ],
        "other_wishes": "Mitä muuta haluatte kertoa valmistelusta?",
    },
    "sv": {
        "title": "Kartläggning av KOTO24-beredare",
        "intro": (
            "<p>Vi kartlägger vem som bereder reformen av integrationslagen (KOTO24) i "
            "kommunerna och vilket stöd ni önskar. Kontaktpersonerna samlas i "
            "förändringsstödets register över beredare och bjuds in till nätverket.</p>"
        ),
        "thanks": "<p>Tack! Kommunens svar kan ändras tills enkäten stänger.</p>",
        "section_people": "Kommunen och beredarna",
        "section_people_help": (
            "Berätta vem som bereder KOTO24-reformen i er kommun. Uppgifterna samlas "
            "i förändringsstödets register över beredare."
        ),
        "preparers": "Vem bereder KOTO24-reformen i er kommun?",
        "preparers_help": (
            "Lägg till de viktigaste beredarna, till exempel den ansvariga beredaren, "
            "integrationskoordinatorn och styrgruppens ordförande."
        ),
        "responsible": "Har kommunen utsett en ansvarig instans för integrationsfrämjandet?",
        "responsible_options": [
            ("yes", "Ja"),
            ("preparing", "Under beredning"),
            ("no", "Nej"),
        ],
        "responsible_unit": "Vilken enhet eller vilket organ ansvarar?",
        "section_support": "Behov av stöd",
        "support": "Vilket stöd önskar ni av förändringsstödet?",
        "support_options": [
            ("training", "Utbildning och informationsmöten"),
            ("peer", "Kamratstöd från andra kommuner"),
            ("materials", "Modeller och material"),
            ("legal", "Juridisk rådgivning"),
            ("systems", "Stöd med informationssystem"),
        ],
        "other_wishes": "Vad vill ni berätta mer om beredningen?",
    },
}

FIRST_NAMES = [
    "Anna", "Mikko", "Laura", "Jussi", "Sanna", "Timo", "Heidi", "Antti", "Katja",
    "Riikka", "Ville", "Elina", "Markus", "Johanna", "Tuomas", "Noora", "Minna", "Oskari",
]  # fmt: skip
LAST_NAMES = [
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Koskinen",
    "Järvinen", "Lehtonen", "Salminen", "Heinonen", "Kettunen", "Lindqvist", "Sjöberg",
    "Holmström", "Eriksson",
]  # fmt: skip
TITLES = {
    "fi": [
        "Kotoutumiskoordinaattori",
        "Sosiaalijohtaja",
        "Hyvinvointijohtaja",
        "Kehittämispäällikkö",
        "Elinvoimajohtaja",
    ],
    "sv": ["Integrationskoordinator", "Socialdirektör", "Utvecklingschef"],
}
ROLES = {
    "fi": [
        "Vastuuvalmistelija",
        "Ohjausryhmän jäsen",
        "Kotoutumisohjelman valmistelija",
    ],
    "sv": ["Ansvarig beredare", "Medlem i styrgruppen", "Beredare av programmet"],
}


@dataclass(frozen=True)
class Round:
    slug: str
    title_fi: str
    title_sv: str
    opens_days_ago: int
    open_days: int
    extended_by_days: int
    answers: int
    municipalities: int
    resources: dict[str, int]
    division: dict[str, int]
    with_programme: bool
    seed: int


ROUNDS = [
    Round(
        slug="pulssi-2025-1",
        title_fi="Pulssi 2025/1",
        title_sv="Puls 2025/1",
        opens_days_ago=330,
        open_days=24,
        extended_by_days=7,
        answers=172,
        municipalities=157,
        resources={"3": 66, "2": 19, "1": 67, "cant_say": 5},
        division={"5": 18, "4": 52, "3": 31, "2": 41, "1": 14, "cant_say": 10},
        with_programme=False,
        seed=20251,
    ),
    Round(
        slug="pulssi-2025-2",
        title_fi="Pulssi 2025/2",
        title_sv="Puls 2025/2",
        opens_days_ago=60,
        open_days=30,
        extended_by_days=0,
        answers=140,
        municipalities=128,
        resources={"3": 64, "2": 27, "1": 41, "cant_say": 4},
        division={"5": 22, "4": 55, "3": 27, "2": 26, "1": 6, "cant_say": 4},
        with_programme=True,
        seed=20252,
    ),
]

MAPPING_SLUG = "koto24-valmistelijakartoitus"
MAPPING_MUNICIPALITIES = 60


# --- Blocks ------------------------------------------------------------------------------------


def question(kind: str, identifier: str, text: str, **extra) -> dict:
    return {
        "type": kind,
        "value": {
            "identifier": identifier,
            "question": text,
            "help_text": extra.pop("help_text", ""),
            "required": extra.pop("required", False),
            "show_if_question": extra.pop("show_if_question", ""),
            "show_if_value": extra.pop("show_if_value", ""),
            **extra,
        },
    }


def scale(steps, language: str) -> dict:
    return {
        "scale": [{"label": label, "value": value} for label, value in steps],
        "cant_say": True,
        "cant_say_label": CANT_SAY[language],
    }


def choices(pairs) -> list[dict]:
    return [{"value": value, "label": label} for value, label in pairs]


def pulse_questions(language: str, *, with_programme: bool) -> list[dict]:
    blocks = [
        question(
            "municipality",
            "municipality",
            TEXT["municipality"][language],
            required=True,
        ),
        question(
            "likert",
            "resources",
            TEXT["resources"][language],
            required=True,
            **scale(RESOURCE_STEPS[language], language),
        ),
        question(
            "likert",
            "division",
            TEXT["division"][language],
            **scale(AGREE_STEPS[language], language),
        ),
        question(
            "matrix",
            "preparation",
            TEXT["preparation"][language],
            statements=[
                {"identifier": key, "text": text} for key, text in STATEMENTS[language]
            ],
            **scale(AGREE_STEPS[language], language),
        ),
    ]
    if with_programme:
        blocks.append(
            question(
                "single_choice",
                "programme_status",
                TEXT["programme_status"][language],
                choices=choices(PROGRAMME_OPTIONS[language]),
            )
        )
    blocks.append(question("long_text", "challenge", TEXT["challenge"][language]))
    return blocks


def mapping_questions(language: str) -> list[dict]:
    text = MAPPING_TEXT[language]
    return [
        {
            "type": "section",
            "value": {
                "heading": text["section_people"],
                "help_text": text["section_people_help"],
            },
        },
        question(
            "municipality",
            "municipality",
            TEXT["municipality"][language],
            required=True,
        ),
        question(
            "contact_persons",
            "preparers",
            text["preparers"],
            help_text=text["preparers_help"],
            required=True,
            min_persons=1,
            max_persons=5,
        ),
        question(
            "single_choice",
            "responsible",
            text["responsible"],
            required=True,
            choices=choices(text["responsible_options"]),
        ),
        question(
            "short_text",
            "responsible_unit",
            text["responsible_unit"],
            show_if_question="responsible",
            show_if_value="yes",
        ),
        {
            "type": "section",
            "value": {"heading": text["section_support"], "help_text": ""},
        },
        question(
            "multiple_choice",
            "support",
            text["support"],
            choices=choices(text["support_options"]),
            allow_other=True,
            other_label="",
        ),
        question("long_text", "other_wishes", text["other_wishes"]),
    ]


# --- Seeding -------------------------------------------------------------------------------------


def seed(*, log: Log) -> None:
    """Create the demo surveys that do not exist yet, with their answers."""
    indexes = {language: _index(language, log=log) for language in INDEXES}
    series, _created = SurveySeries.objects.get_or_create(
        slug="pulssi",
        defaults={
            "name_fi": "Pulssi",
            "name_sv": "Puls",
            "description": "Kunnille kahdesti vuodessa lähetettävä tilannekysely.",
        },
    )
    created = 0
    for spec in ROUNDS:
        if _exists(indexes["fi"], spec.slug):
            continue
        survey = _pulse(spec, indexes=indexes, series=series)
        count = _answer_pulse(spec, survey)
        log(f"Surveys: created “{survey.title}” with {count} answers.")
        created += 1
    if not _exists(indexes["fi"], MAPPING_SLUG):
        survey = _mapping(indexes=indexes)
        count = _answer_mapping(survey)
        log(f"Surveys: created “{survey.title}” with {count} municipal answers.")
        created += 1
    if not created:
        log("Surveys: nothing to add.")


def _exists(index: SurveyIndexPage, slug: str) -> bool:
    return index.get_children().filter(slug=slug).exists()


def _index(language: str, *, log: Log) -> SurveyIndexPage:
    home = HomePage.objects.get(locale__language_code=language)
    existing = SurveyIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    fields = INDEXES[language]
    source = SurveyIndexPage.objects.filter(locale__language_code="fi").first()
    if language != "fi" and source is not None:
        return ensure_translation(source, home.locale, log=log, **fields)
    return ensure_page(
        parent=home, page=SurveyIndexPage(**fields, show_in_menus=True), log=log
    )


def _publish(page: SurveyPage) -> SurveyPage:
    page.save_revision().publish()
    return SurveyPage.objects.get(pk=page.pk)


def _translate(page: SurveyPage, index: SurveyIndexPage, **fields) -> SurveyPage:
    translation = page.copy_for_translation(index.locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return _publish(translation)


def _pulse(spec: Round, *, indexes, series) -> SurveyPage:
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    opens = today - datetime.timedelta(days=spec.opens_days_ago)
    first_close = opens + datetime.timedelta(
        days=spec.open_days - spec.extended_by_days
    )
    survey = indexes["fi"].add_child(
        instance=SurveyPage(
            title=spec.title_fi,
            slug=spec.slug,
            audience=Audience.PUBLIC,
            answer_mode=SurveyPage.AnswerMode.PER_PERSON,
            is_anonymous=True,
            send_receipt=False,
            opens_at=opens,
            closes_at=first_close,
            series=series,
            results_published=True,
            intro=(
                "<p>Pulssi kysyy kunnilta kahdesti vuodessa samat kysymykset, jotta "
                "muutos näkyy. Vastaukset ovat anonyymejä.</p>"
            ),
            thank_you_text="<p>Kiitos vastauksestasi!</p>",
            questions=pulse_questions("fi", with_programme=spec.with_programme),
        )
    )
    survey = _publish(survey)
    if spec.extended_by_days:
        # Extended once after it had opened: the page shows the original close.
        survey.closes_at = opens + datetime.timedelta(days=spec.open_days)
        survey = _publish(survey)
    _translate(
        survey,
        indexes["sv"],
        title=spec.title_sv,
        intro=(
            "<p>Pulsen ställer samma frågor till kommunerna två gånger om året, så "
            "att förändringen syns. Svaren är anonyma.</p>"
        ),
        thank_you_text="<p>Tack för ditt svar!</p>",
        questions=pulse_questions("sv", with_programme=spec.with_programme),
    )
    return survey


def _mainland() -> list[Municipality]:
    return list(
        Municipality.objects.exclude(wellbeing_county="Ahvenanmaa").order_by("code")
    )


def _shuffled(rng: random.Random, counts: dict[str, int], total: int) -> list:
    """The values with their counts, the rest unanswered (None), in a seeded order."""
    values = [key for key, count in counts.items() for _i in range(count)]
    values += [None] * (total - len(values))
    rng.shuffle(values)
    return values


def _answer_pulse(spec: Round, survey: SurveyPage) -> int:
    rng = random.Random(spec.seed)  # noqa: S311 - seeded demo data, not secrets
    chosen = rng.sample(_mainland(), spec.municipalities)
    respondents = chosen + rng.sample(chosen, spec.answers - spec.municipalities)
    rng.shuffle(respondents)
    resources = _shuffled(rng, spec.resources, spec.answers)
    division = _shuffled(rng, spec.division, spec.answers)
    start = survey.opens_at + datetime.timedelta(hours=2)
    for number, municipality in enumerate(respondents):
        language = "sv" if municipality.language in SWEDISH else "fi"
        answers = {"municipality": municipality.code}
        if resources[number] is not None:
            answers["resources"] = resources[number]
        if division[number] is not None:
            answers["division"] = division[number]
        answers["preparation"] = {
            key: rng.choice(["5", "4", "4", "3", "3", "2", "1", "cant_say"])
            for key, _text in STATEMENTS["fi"]
        }
        if spec.with_programme:
            answers["programme_status"] = rng.choice(
                [
                    "accepted",
                    "accepted",
                    "in_council",
                    "drafting",
                    "drafting",
                    "not_started",
                ]
            )
        if rng.random() < 0.3:
            answers["challenge"] = rng.choice(CHALLENGES[language])
        services.submit_response(
            survey=survey,
            respondent=services.Respondent(),
            answers=answers,
            municipality=municipality,
            now=start + datetime.timedelta(hours=number * 2),
        )
    return len(respondents)


def _mapping(*, indexes) -> SurveyPage:
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    text = MAPPING_TEXT["fi"]
    survey = indexes["fi"].add_child(
        instance=SurveyPage(
            title=text["title"],
            slug=MAPPING_SLUG,
            audience=Audience.PUBLIC,
            answer_mode=SurveyPage.AnswerMode.PER_MUNICIPALITY,
            is_anonymous=False,
            send_receipt=True,
            builds_preparer_register=True,
            opens_at=today - datetime.timedelta(days=20),
            closes_at=today + datetime.timedelta(days=25),
            intro=text["intro"],
            thank_you_text=text["thanks"],
            questions=mapping_questions("fi"),
        )
    )
    survey = _publish(survey)
    sv = MAPPING_TEXT["sv"]
    _translate(
        survey,
        indexes["sv"],
        title=sv["title"],
        intro=sv["intro"],
        thank_you_text=sv["thanks"],
        questions=mapping_questions("sv"),
    )
    return survey


def _person(rng: random.Random, municipality: Municipality, language: str) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    local = f"{first}.{last}".lower().translate(str.maketrans("äöå", "aoa"))
    return {
        "name": f"{first} {last}",
        "title": rng.choice(TITLES[language]),
        "email": f"{local}@{demo_domain(municipality)}",
        "phone": "",
        "role": rng.choice(ROLES[language]),
    }


def _answer_mapping(survey: SurveyPage) -> int:
    rng = random.Random(24)  # noqa: S311 - seeded demo data, not secrets
    chosen = rng.sample(_mainland(), MAPPING_MUNICIPALITIES)
    start = survey.opens_at + datetime.timedelta(hours=1)
    for number, municipality in enumerate(chosen):
        language = "sv" if municipality.language in SWEDISH else "fi"
        responsible = rng.choice(["yes", "yes", "preparing", "no"])
        answers = {
            "municipality": municipality.code,
            "preparers": [
                _person(rng, municipality, language) for _i in range(rng.randint(1, 3))
            ],
            "responsible": responsible,
            "support": {
                "choices": sorted(
                    rng.sample(
                        ["training", "peer", "materials", "legal", "systems"], 2
                    ),
                    key=["training", "peer", "materials", "legal", "systems"].index,
                ),
                "other": "",
            },
        }
        if responsible == "yes":
            answers["responsible_unit"] = (
                "Bildningsnämnden" if language == "sv" else "Hyvinvointilautakunta"
            )
        services.submit_response(
            survey=survey,
            respondent=services.Respondent(invited_municipality=municipality),
            answers=answers,
            now=start + datetime.timedelta(hours=number * 5),
        )
    return len(chosen)
