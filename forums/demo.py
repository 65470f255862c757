"""Demo forum: the office's categories and realistic discussions by the demo members.

Everything is written through the forum services (counters, subscriptions, mentions and
notifications are what production would have). Categories are looked up by slug and
topics by title within their category: existing ones are left alone. Times are relative
to now. The authors are the verified demo members of `network.demo`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from forums import access as forum_access
from network.models import MemberProfile

from . import services
from .models import Category, Topic

Log = Callable[[str], None]


@dataclass(frozen=True)
class DemoCategory:
    slug: str
    name_fi: str
    name_sv: str
    description_fi: str
    description_sv: str


@dataclass(frozen=True)
class DemoPost:
    author: str  # e-mail of a demo member
    body: str
    hours_ago: float
    quotes_previous: bool = False
    thanked_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoTopic:
    category: str
    title: str
    posts: tuple[DemoPost, ...]
    is_pinned: bool = False
    lock_reason: str = ""
    followers: tuple[str, ...] = field(default=())
    language: str = "fi"


HELSINKI = "jussi.korhonen@hel.example"
ESPOO = "emma.lindqvist@espoo.example"
TAMPERE = "mikko.heikkinen@tampere.example"  # the demo moderator
VANTAA = "sanna.makinen@vantaa.example"
TURKU = "petri.nieminen@turku.example"
OULU = "hanna.virtanen@ouka.example"
JYVASKYLA = "tuomas.laine@jyvaskyla.example"
VAASA = "johanna.bjorklund@vaasa.example"
KORSHOLM = "mats.nystrom@korsholm.example"
JAKOBSTAD = "linnea.holmstrom@jakobstad.example"
RASEBORG = "fredrik.sundqvist@raseborg.example"
JOENSUU = "ville.karjalainen@joensuu.example"

CATEGORIES = [
    DemoCategory(
        "koto24-yleinen",
        "KOTO24 yleinen",
        "KOTO24 allmänt",
        "Kotoutumislain uudistuksen yleiset kysymykset, aikataulut ja ajankohtaiset asiat.",
        "Allmänna frågor, tidtabeller och aktuellt om reformen av integrationslagen.",
    ),
    DemoCategory(
        "kotoutumisohjelma",
        "Kotoutumisohjelma",
        "Integrationsprogrammet",
        "Kunnan kotoutumisohjelman valmistelu, sisältö ja hyväksyminen.",
        "Beredning, innehåll och godkännande av kommunens integrationsprogram.",
    ),
    DemoCategory(
        "monikielinen-yhteiskuntaorientaatio",
        "Monikielinen yhteiskuntaorientaatio",
        "Flerspråkig samhällsorientering",
        "Orientaation järjestäminen, kielet, hankinnat ja yhteistyö.",
        "Att ordna orienteringen: språk, upphandling och samarbete.",
    ),
    DemoCategory(
        "te24-tyollisyysalueet",
        "TE24 ja työllisyysalueet",
        "TE24 och sysselsättningsområdena",
        "Työllisyysalueiden yhteistyö, palvelumallit ja siirtymä TE-palveluista.",
        "Samarbetet inom sysselsättningsområdena, servicemodeller och övergången.",
    ),
    DemoCategory(
        "pienet-kunnat",
        "Pienet kunnat",
        "Små kommuner",
        "Alle 20 000 asukkaan kuntien ratkaisut ja yhteistyö naapurikuntien kanssa.",
        "Lösningar för kommuner med under 20 000 invånare och samarbete med grannar.",
    ),
    DemoCategory(
        "svenskspraakiga-kommuner",
        "Ruotsinkieliset kunnat",
        "Svenskspråkiga kommuner",
        "Ruotsin- ja kaksikielisten kuntien kotoutumis- ja työllisyystyö.",
        "Integrations- och sysselsättningsarbetet i svensk- och tvåspråkiga kommuner.",
    ),
]

TOPICS = [
    DemoTopic(
        "koto24-yleinen",
        "Tervetuloa keskustelemaan – lue ensin",
        (
            DemoPost(
                TAMPERE,
                "Tämä on muutostuen verkoston suljettu keskustelualue kuntien ja "
                "työllisyysalueiden valmistelijoille.\n\n"
                "- Kirjoita omalla nimelläsi, keskustelu näkyy vain verkoston jäsenille.\n"
                "- Älä kirjoita asiakkaiden henkilötietoja.\n"
                "- Ilmoita asiaton viesti moderaattoreille viestin *Ilmoita*-linkistä.\n\n"
                "Kysymykset alustasta: muutostuki@muutostuki.example",
                hours_ago=24 * 30,
            ),
        ),
        is_pinned=True,
        lock_reason="Ohjeviesti: keskustele omissa aiheissaan.",
    ),
    DemoTopic(
        "kotoutumisohjelma",
        "Kotoutumisohjelman aikataulu ja valtuustokäsittely",
        (
            DemoPost(
                HELSINKI,
                "Missä vaiheessa teillä on kotoutumisohjelman valmistelu? Meillä "
                "luonnos menee lautakuntaan marraskuussa ja valtuustoon joulukuussa.\n\n"
                "Onko joku jo ehtinyt kuulla järjestöjä ja hyvinvointialuetta?",
                hours_ago=24 * 9,
            ),
            DemoPost(
                ESPOO,
                "Meillä on sama aikataulu. Järjestöjen kuuleminen pidettiin "
                "työpajana, ja hyvinvointialueen kanssa sovimme yhteisestä "
                "tilannekuvasta. Työpajan runko löytyy materiaalipankista.",
                hours_ago=24 * 8,
                thanked_by=(HELSINKI, VANTAA),
            ),
            DemoPost(
                VANTAA,
                "Hyvä vinkki! @Emma Lindqvist, teittekö kuulemisen suomeksi vai "
                "useammalla kielellä?",
                hours_ago=24 * 7,
                quotes_previous=True,
            ),
            DemoPost(
                ESPOO,
                "Suomeksi ja englanniksi, lisäksi tulkit arabiaksi ja ukrainaksi. "
                "Kannatti varata tulkit hyvissä ajoin.",
                hours_ago=24 * 6,
                thanked_by=(VANTAA,),
            ),
        ),
        followers=(OULU,),
    ),
    DemoTopic(
        "kotoutumisohjelma",
        "Kotoutumisohjelman mittarit",
        (
            DemoPost(
                OULU,
                "Millaisia mittareita olette kirjanneet ohjelmaan? Ajattelimme "
                "seurata ainakin näitä:\n\n"
                "| Mittari | Lähde |\n|---|---|\n"
                "| Kotoutumissuunnitelmien määrä | oma järjestelmä |\n"
                "| Työllistyneiden osuus | työllisyysalue |\n"
                "| Orientaation suorittaneet | palveluntuottaja |",
                hours_ago=30,
            ),
            DemoPost(
                JYVASKYLA,
                "Meillä on samat, lisäksi asiakaskokemus kerran vuodessa. "
                "Tilastokeskuksen tiedoista on apua: https://stat.fi",
                hours_ago=20,
                thanked_by=(OULU,),
            ),
        ),
    ),
    DemoTopic(
        "monikielinen-yhteiskuntaorientaatio",
        "Orientaation hankinta yhdessä naapurikuntien kanssa",
        (
            DemoPost(
                TURKU,
                "Selvitämme yhteishankintaa monikielisestä yhteiskuntaorientaatiosta "
                "seudun kuntien kanssa. Onko kokemuksia siitä, millä kielillä "
                "orientaatio kannattaa hankkia ja miten 70 tunnin laajuus jaetaan?",
                hours_ago=24 * 4,
            ),
            DemoPost(
                JOENSUU,
                "Meillä kielet valittiin viime vuoden asiakasmäärien perusteella: "
                "arabia, dari, ukraina, venäjä ja englanti. Osa sisällöstä on "
                "verkossa, osa lähiopetuksena.",
                hours_ago=24 * 3,
                thanked_by=(TURKU,),
            ),
            DemoPost(
                TAMPERE,
                "Tampereen seudulla teimme samoin. @petri.nieminen, lähetän "
                "tarjouspyynnön rungon sähköpostilla.",
                hours_ago=24 * 2,
            ),
        ),
    ),
    DemoTopic(
        "te24-tyollisyysalueet",
        "Työllisyysalueen ja kunnan kotoutumispalvelujen työnjako",
        (
            DemoPost(
                JYVASKYLA,
                "Miten olette sopineet, kuka tekee osaamisen ja palvelutarpeen "
                "arvioinnin, kun asiakas on työnhakija? Meillä asiasta on "
                "kaksi tulkintaa.",
                hours_ago=12,
            ),
            DemoPost(
                HELSINKI,
                "Meillä työllisyysalue tekee arvioinnin työnhakijoille ja kunta "
                "muille. Kirjasimme tämän yhteistyösopimukseen.",
                hours_ago=6,
                thanked_by=(JYVASKYLA, OULU),
            ),
        ),
    ),
    DemoTopic(
        "pienet-kunnat",
        "Kotoutumisohjelma yhteisenä seutukunnan kanssa?",
        (
            DemoPost(
                JOENSUU,
                "Voiko kotoutumisohjelman tehdä yhdessä naapurikuntien kanssa? "
                "Pienessä kunnassa ei ole omaa koordinaattoria.",
                hours_ago=24 * 5,
            ),
            DemoPost(
                OULU,
                "Laki sallii yhteisen ohjelman, kunhan jokainen valtuusto hyväksyy "
                "sen. Muutostuen tuumaustunnilla käsiteltiin tätä viime kuussa.",
                hours_ago=24 * 4,
            ),
        ),
    ),
    DemoTopic(
        "svenskspraakiga-kommuner",
        "Integrationsprogrammet på svenska – material?",
        (
            DemoPost(
                VAASA,
                "Hej! Finns det färdiga mallar för integrationsprogrammet på "
                "svenska? Vi i Vasa vill gärna jämföra med andra tvåspråkiga "
                "kommuner.",
                hours_ago=24 * 3,
            ),
            DemoPost(
                JAKOBSTAD,
                "Vi har översatt vår stomme och delar den gärna. "
                "@Mats Nyström, ni har väl också en version?",
                hours_ago=24 * 2,
                thanked_by=(VAASA,),
            ),
            DemoPost(
                KORSHOLM,
                "Ja, vi skickar den till nätverksmötet nästa vecka. "
                "**Obs!** Tidtabellen för fullmäktige är snäv.",
                hours_ago=24,
                quotes_previous=True,
                thanked_by=(JAKOBSTAD, VAASA),
            ),
        ),
        followers=(RASEBORG,),
        language="sv",
    ),
    DemoTopic(
        "svenskspraakiga-kommuner",
        "Samhällsorientering på svenska för små grupper",
        (
            DemoPost(
                RASEBORG,
                "Hur ordnar ni flerspråkig samhällsorientering när gruppen är "
                "liten? Vi har bara några deltagare per termin.",
                hours_ago=10,
            ),
        ),
        language="sv",
    ),
]


def seed(*, log: Log) -> None:
    """Create the categories and discussions once, through the forum services."""
    now = timezone.now()
    members = _demo_members(log=log)
    if not members:
        log("Forum: no verified members to write the demo discussions; skipped.")
        return
    categories = {item.slug: _category(item) for item in CATEGORIES}
    moderator = next(
        (user for user in members.values() if forum_access.can_moderate(user)),
        next(iter(members.values())),
    )
    created = 0
    for item in TOPICS:
        category = categories[item.category]
        if Topic.objects.filter(category=category, title=item.title).exists():
            continue
        with translation.override(item.language):
            _topic(
                item, category=category, members=members, moderator=moderator, now=now
            )
        created += 1
    if created:
        log(f"Forum: created {created} demo topics in {len(categories)} categories.")


def _demo_members(*, log: Log) -> dict[str, object]:
    """Verified members by e-mail; the network's demo people, made first if missing."""
    if not MemberProfile.objects.verified().exists():
        from network import demo as network_demo

        network_demo.seed(log=log)
    users = get_user_model().objects.filter(profile__status="verified", is_active=True)
    return {user.email: user for user in users.order_by("email")}


def _category(item: DemoCategory) -> Category:
    category, _created = Category.objects.get_or_create(
        slug=item.slug,
        defaults={
            "name_fi": item.name_fi,
            "name_sv": item.name_sv,
            "description_fi": item.description_fi,
            "description_sv": item.description_sv,
            "sort_order": (CATEGORIES.index(item) + 1) * 10,
        },
    )
    return category


def _author(email: str, members: dict) -> object:
    """The named demo member, or (when the network's demo differs) a stable stand-in."""
    if email in members:
        return members[email]
    emails = sorted(members)
    return members[emails[sum(map(ord, email)) % len(emails)]]


def _topic(item: DemoTopic, *, category, members, moderator, now) -> Topic:
    first, *replies = item.posts
    topic = services.start_topic(
        category=category,
        user=_author(first.author, members),
        title=item.title,
        body=first.body,
        now=now - datetime.timedelta(hours=first.hours_ago),
    )
    previous = topic.posts.get()
    _react(previous, first, members)
    for email in item.followers:
        services.subscribe_to_topic(user=_author(email, members), topic=topic)
    for post in replies:
        previous = services.reply_to_topic(
            topic=topic,
            user=_author(post.author, members),
            body=_with_quote(previous, post),
            quoting=previous if post.quotes_previous else None,
            now=now - datetime.timedelta(hours=post.hours_ago),
        )
        _react(previous, post, members)
    if item.is_pinned:
        services.pin_topic(topic=topic, moderator=moderator)
    if item.lock_reason:
        services.lock_topic(topic=topic, moderator=moderator, reason=item.lock_reason)
    return topic


def _with_quote(previous, post: DemoPost) -> str:
    if not post.quotes_previous:
        return post.body
    return services.quote_for_reply(post=previous) + post.body


def _react(post, item: DemoPost, members) -> None:
    for email in item.thanked_by:
        user = _author(email, members)
        if user.pk != post.author_id:
            services.add_reaction(post=post, user=user, kind="thanks")
