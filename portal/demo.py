"""The portal's own demo content: site settings, content pages, statements, home pages.

Pages are written in Finnish and translated with Wagtail's translation API, so the
language switcher links the versions. Existing pages (looked up by slug under their
parent, or as the translation of the Finnish page) are left alone: a second run
creates and changes nothing.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from wagtail.models import Locale, Page, Site

from portal import retention
from portal.models import HomePage, SiteSettings, StandardPage, StatementPage, User

Log = Callable[[str], None]
Ref = Callable[
    [str], int
]  # page key -> primary key of that page in the current language

DEMO_ADMIN_EMAIL = "admin@muutostuki.example"
DEMO_ADMIN_PASSWORD = "muutostuki-demo"  # noqa: S105 - a documented demo account

OFFICE = {
    "organisation_name": "Muutostuen verkosto",
    "contact_email": "muutostuki@muutostuki.example",
    "contact_phone": "+358 29 500 4100",
}


def heading(text: str) -> dict[str, Any]:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def paragraph(html: str) -> dict[str, Any]:
    return {"type": "paragraph", "value": html}


def call_to_action(text: str, link_text: str, page_id: int) -> dict[str, Any]:
    return {
        "type": "call_to_action",
        "value": {"text": text, "link_text": link_text, "page": page_id, "url": ""},
    }


def accordion(title: str, items: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "type": "accordion",
        "value": {
            "heading": title,
            "items": [{"title": item, "body": body} for item, body in items],
        },
    }


# --- Content pages (Finnish with Swedish translations) --------------------------------
# Each page: key, parent key (None = home page), then per language its fields and a body
# built with `ref`, which resolves another page's key in the same language.

CONTENT_PAGES: list[dict[str, Any]] = [
    {
        "key": "contact",
        "parent": None,
        "fi": {
            "title": "Ota yhteyttä",
            "slug": "ota-yhteytta",
            "intro": "Muutostuen toimisto neuvoo kuntia, hyvinvointialueita ja "
            "työllisyysalueita arkisin kello 9–15.",
            "body": lambda ref: [
                heading("Toimisto"),
                paragraph(
                    "<p>Sähköposti: muutostuki@muutostuki.example<br/>"
                    "Puhelin: +358 29 500 4100 (arkisin klo 9–15)</p>"
                ),
                heading("Asiantuntijat"),
                paragraph(
                    "<ul><li>Laura Lahtinen, erityisasiantuntija – kotoutumisen "
                    "edistäminen (KOTO24)</li>"
                    "<li>Mikael Berg, erityisasiantuntija – työllisyyspalvelut (TE24), "
                    "palvelee myös ruotsiksi</li>"
                    "<li>Sanna Korhonen, verkostokoordinaattori – tapahtumat ja "
                    "verkostotapaamiset</li></ul>"
                ),
                paragraph(
                    "<p>Tuumaustunnilla voit kysyä asiantuntijoilta mitä tahansa "
                    "uudistusten toimeenpanosta. Tuumaustunti pidetään etänä joka "
                    "kuukauden toisena tiistaina kello 13–14.</p>"
                ),
            ],
        },
        "sv": {
            "title": "Kontakta oss",
            "slug": "kontakta-oss",
            "intro": "Förändringsstödets kansli ger råd till kommuner, välfärdsområden "
            "och sysselsättningsområden vardagar klockan 9–15.",
            "body": lambda ref: [
                heading("Kansliet"),
                paragraph(
                    "<p>E-post: muutostuki@muutostuki.example<br/>"
                    "Telefon: +358 29 500 4100 (vardagar kl. 9–15)</p>"
                ),
                heading("Sakkunniga"),
                paragraph(
                    "<ul><li>Laura Lahtinen, specialsakkunnig – främjande av "
                    "integration (KOTO24)</li>"
                    "<li>Mikael Berg, specialsakkunnig – sysselsättningstjänster (TE24), "
                    "betjänar på svenska</li>"
                    "<li>Sanna Korhonen, nätverkskoordinator – evenemang och "
                    "nätverksmöten</li></ul>"
                ),
                paragraph(
                    "<p>Under frågetimmen kan du fråga våra sakkunniga om allt som gäller "
                    "genomförandet av reformerna. Frågetimmen hålls på distans den andra "
                    "tisdagen varje månad klockan 13–14.</p>"
                ),
            ],
        },
    },
    {
        "key": "about",
        "parent": None,
        "fi": {
            "title": "Tietoa muutostuesta",
            "slug": "tietoa-muutostuesta",
            "intro": "Muutostuen verkosto tukee kuntia kotoutumislain uudistuksen "
            "(KOTO24) ja työllisyyspalvelujen uudistuksen (TE24) toimeenpanossa.",
            "body": lambda ref: [
                heading("Mitä teemme"),
                paragraph(
                    "<ul><li>Järjestämme infotilaisuuksia, verkostotapaamisia ja "
                    "tuumaustunteja.</li>"
                    "<li>Kokoamme materiaaleja, malleja ja usein kysyttyjä "
                    "kysymyksiä.</li>"
                    "<li>Ylläpidämme keskustelualuetta, jossa kuntien varmennetut "
                    "edustajat jakavat kokemuksiaan.</li>"
                    "<li>Keräämme kyselyillä tilannekuvaa uudistusten etenemisestä "
                    "kunnissa ja työllisyysalueilla.</li></ul>"
                ),
                heading("Kenelle palvelu on tarkoitettu"),
                paragraph(
                    "<p>Palvelu on tarkoitettu kuntien, hyvinvointialueiden ja "
                    "työllisyysalueiden työntekijöille ja päättäjille, jotka "
                    "valmistelevat kotoutumis- ja työllisyyspalveluja. Tapahtumat ja "
                    "materiaalit ovat pääosin kaikkien saatavilla; keskustelualue on "
                    "vain varmennetuille verkoston jäsenille.</p>"
                ),
                call_to_action(
                    "Onko sinulla kysyttävää uudistuksista?",
                    "Ota yhteyttä muutostukeen",
                    ref("contact"),
                ),
            ],
        },
        "sv": {
            "title": "Om förändringsstödet",
            "slug": "om-forandringsstodet",
            "intro": "Förändringsstödets nätverk stöder kommunerna i genomförandet av "
            "reformen av integrationslagen (KOTO24) och reformen av "
            "sysselsättningstjänsterna (TE24).",
            "body": lambda ref: [
                heading("Vad vi gör"),
                paragraph(
                    "<ul><li>Vi ordnar informationsmöten, nätverksmöten och "
                    "frågetimmar.</li>"
                    "<li>Vi samlar material, modeller och vanliga frågor.</li>"
                    "<li>Vi upprätthåller ett diskussionsforum där kommunernas "
                    "verifierade representanter delar sina erfarenheter.</li>"
                    "<li>Med enkäter samlar vi en lägesbild av hur reformerna "
                    "framskrider i kommunerna och sysselsättningsområdena.</li></ul>"
                ),
                heading("För vem är tjänsten avsedd"),
                paragraph(
                    "<p>Tjänsten är avsedd för anställda och beslutsfattare i kommuner, "
                    "välfärdsområden och sysselsättningsområden som bereder integrations- "
                    "och sysselsättningstjänster. Evenemangen och materialen är i regel "
                    "öppna för alla; diskussionsforumet är endast för verifierade "
                    "medlemmar i nätverket.</p>"
                ),
                call_to_action(
                    "Har du frågor om reformerna?",
                    "Kontakta förändringsstödet",
                    ref("contact"),
                ),
            ],
        },
    },
    {
        "key": "koto24",
        "parent": "about",
        "fi": {
            "title": "KOTO24 – kotoutumislain uudistus",
            "slug": "koto24",
            "intro": "Laki kotoutumisen edistämisestä (681/2023) tuli voimaan "
            "1.1.2025. Kunnilla on nyt päävastuu kotoutumispalveluista.",
            "body": lambda ref: [
                paragraph(
                    "<p>Uudistuksessa kotoutumisen edistäminen kytkettiin tiiviimmin "
                    "kunnan työllisyyspalveluihin. Kunnat ja hyvinvointialueet "
                    "suunnittelevat palvelut yhdessä, ja kotoutumiskoulutus "
                    "järjestetään osana kunnan palveluja.</p>"
                ),
                accordion(
                    "Usein kysyttyä",
                    [
                        (
                            "Mitä kunnan pitää valmistella?",
                            "<p>Kunnan tehtävänä on muun muassa alkukartoitusten, "
                            "kotoutumissuunnitelmien ja kotoutumiskoulutuksen "
                            "järjestäminen sekä kotoutumisen edistämisen ohjelman "
                            "laatiminen yhdessä hyvinvointialueen kanssa.</p>",
                        ),
                        (
                            "Mistä löydän mallipohjia?",
                            "<p>Materiaalipankista löytyy muiden kuntien "
                            "kotoutumisohjelmia ja asiakirjamalleja.</p>",
                        ),
                    ],
                ),
            ],
        },
        "sv": {
            "title": "KOTO24 – reformen av integrationslagen",
            "slug": "koto24",
            "intro": "Lagen om främjande av integration (681/2023) trädde i kraft "
            "1.1.2025. Kommunerna har nu huvudansvaret för integrationstjänsterna.",
            "body": lambda ref: [
                paragraph(
                    "<p>Genom reformen kopplades främjandet av integration närmare till "
                    "kommunens sysselsättningstjänster. Kommunerna och "
                    "välfärdsområdena planerar tjänsterna tillsammans, och "
                    "integrationsutbildningen ordnas som en del av kommunens "
                    "tjänster.</p>"
                ),
                accordion(
                    "Vanliga frågor",
                    [
                        (
                            "Vad ska kommunen förbereda?",
                            "<p>Kommunen ska bland annat ordna inledande kartläggningar, "
                            "integrationsplaner och integrationsutbildning samt "
                            "utarbeta ett program för främjande av integration "
                            "tillsammans med välfärdsområdet.</p>",
                        ),
                        (
                            "Var hittar jag mallar?",
                            "<p>I materialbanken finns andra kommuners "
                            "integrationsprogram och dokumentmallar.</p>",
                        ),
                    ],
                ),
            ],
        },
    },
    {
        "key": "te24",
        "parent": "about",
        "fi": {
            "title": "TE24 – työllisyyspalvelujen uudistus",
            "slug": "te24",
            "intro": "Työllisyyspalvelujen järjestämisvastuu siirtyi valtiolta "
            "kunnille 1.1.2025.",
            "body": lambda ref: [
                paragraph(
                    "<p>Kunnat järjestävät työllisyyspalvelut yksin tai yhdessä "
                    "muodostamillaan työllisyysalueilla. Työllisyysalueen työvoimaan "
                    "kuuluu vähintään 20 000 henkilöä.</p>"
                ),
                paragraph(
                    "<p>Muutostuen verkosto kokoaa työllisyysalueiden kokemuksia "
                    "palvelumallien, asiakasohjauksen ja yhteistyösopimusten "
                    "valmistelusta.</p>"
                ),
            ],
        },
        "sv": {
            "title": "TE24 – reformen av sysselsättningstjänsterna",
            "slug": "te24",
            "intro": "Ansvaret för att ordna sysselsättningstjänster överfördes från "
            "staten till kommunerna 1.1.2025.",
            "body": lambda ref: [
                paragraph(
                    "<p>Kommunerna ordnar sysselsättningstjänsterna ensamma eller i de "
                    "sysselsättningsområden som de bildar tillsammans. Till "
                    "arbetskraften i ett sysselsättningsområde hör minst 20 000 "
                    "personer.</p>"
                ),
                paragraph(
                    "<p>Förändringsstödets nätverk samlar sysselsättningsområdenas "
                    "erfarenheter av att bereda servicemodeller, kundhandledning och "
                    "samarbetsavtal.</p>"
                ),
            ],
        },
    },
]


# --- Statements (Finnish, Swedish, English) -------------------------------------------

# Where the privacy statement's retention paragraph goes: written at seeding time from
# the PORTAL_RETENTION_* settings that `purge_expired_data` applies (`retention_paragraph`).
RETENTION_PARAGRAPH = paragraph("<p>{retention}</p>")

RETENTION_TEXTS = {
    "fi": (
        "<p>Säilytämme henkilötietoja vain niin kauan kuin niitä tarvitaan. Tiedot, "
        "joiden säilytysaika on päättynyt, poistetaan tai muutetaan "
        "tunnistamattomiksi päivittäin.</p>"
        "<ul><li>Käyttäjätilin tiedot säilytetään, kunnes poistat tilin. Jos "
        "sähköpostiosoitetta ei vahvisteta, tili poistetaan "
        "{unconfirmed_account_days} kuluttua rekisteröitymisestä.</li>"
        "<li>Tapahtumailmoittautumiset vastauksineen poistetaan "
        "{registration_months} kuluttua tapahtumasta ja ilman käyttäjätiliä tehdyt "
        "ilmoittautumiset {guest_registration_months} kuluttua tapahtumasta. "
        "Tilastointia varten säilytetään vain tapahtuma- ja kuntakohtaiset "
        "osallistujamäärät, joista ketään ei voi tunnistaa.</li>"
        "<li>Vastaukset, jotka lomakkeessa on merkitty poistettaviksi tapahtuman "
        "jälkeen (esimerkiksi ruokavaliotiedot), poistetaan {event_answer_days} "
        "kuluttua tapahtumasta.</li>"
        "<li>Lähettämiemme sähköpostien sisältö poistetaan {sent_email_days} "
        "kuluttua lähettämisestä. Tieto lähetyksestä (vastaanottaja, aihe ja aika) "
        "säilytetään {log_months} ajan.</li>"
        "<li>Kirjautumis- ja tietoturvalokit sekä ylläpidon tapahtumaloki "
        "säilytetään {log_months} ajan. Taustatehtävien tekniset tiedot poistetaan "
        "{task_result_days} kuluttua.</li>"
        "<li>Kun poistat viestin keskustelualueelta, sen liitteet poistetaan "
        "heti.</li></ul>"
    ),
    "sv": (
        "<p>Vi sparar personuppgifter endast så länge de behövs. Uppgifter vars "
        "lagringstid har gått ut raderas eller avidentifieras dagligen.</p>"
        "<ul><li>Uppgifterna om användarkontot sparas tills du raderar kontot. Om "
        "e-postadressen inte bekräftas raderas kontot {unconfirmed_account_days} "
        "efter registreringen.</li>"
        "<li>Anmälningar till evenemang och svaren i dem raderas "
        "{registration_months} efter evenemanget och anmälningar som gjorts utan "
        "användarkonto {guest_registration_months} efter evenemanget. För "
        "statistiken sparas endast antalet deltagare per evenemang och kommun, som "
        "inte kan kopplas till någon person.</li>"
        "<li>Svar som i formuläret har markerats att raderas efter evenemanget (till "
        "exempel uppgifter om specialdieter) raderas {event_answer_days} efter "
        "evenemanget.</li>"
        "<li>Innehållet i e-postmeddelanden som vi har skickat raderas "
        "{sent_email_days} efter att de skickades. Uppgiften om utskicket "
        "(mottagare, ämne och tidpunkt) sparas i {log_months}.</li>"
        "<li>Loggar över inloggningar och informationssäkerhet samt "
        "administrationens händelselogg sparas i {log_months}. Teknisk information "
        "om bakgrundsuppgifter raderas efter {task_result_days}.</li>"
        "<li>När du raderar ett inlägg i diskussionsforumet raderas dess bilagor "
        "genast.</li></ul>"
    ),
    "en": (
        "<p>We keep personal data only as long as it is needed. Data whose retention "
        "period has ended is deleted or anonymised daily.</p>"
        "<ul><li>Account data is kept until you delete your account. If the e-mail "
        "address is never confirmed, the account is deleted "
        "{unconfirmed_account_days} after signing up.</li>"
        "<li>Event registrations and their answers are deleted "
        "{registration_months} after the event, registrations made without an "
        "account {guest_registration_months} after the event. For statistics we "
        "keep only the number of participants per event and municipality, which "
        "cannot be linked to anyone.</li>"
        "<li>Answers that the form marks to be deleted after the event (such as "
        "dietary requirements) are deleted {event_answer_days} after the event.</li>"
        "<li>The contents of the e-mails we send are deleted {sent_email_days} after "
        "sending; the record of sending (recipient, subject and time) is kept for "
        "{log_months}.</li>"
        "<li>Sign-in and security logs and the administration's audit log are kept "
        "for {log_months}. Technical records of background tasks are deleted after "
        "{task_result_days}.</li>"
        "<li>When you delete a forum post, its attachments are deleted at "
        "once.</li></ul>"
    ),
}

# (singular, plural) of the units the periods are counted in, as the texts use them.
DURATION_UNITS = {
    "fi": {"months": ("kuukauden", "kuukauden"), "days": ("päivän", "päivän")},
    "sv": {"months": ("månad", "månader"), "days": ("dag", "dagar")},
    "en": {"months": ("month", "months"), "days": ("day", "days")},
}


def retention_paragraph(language: str) -> dict[str, Any]:
    """The privacy statement's retention paragraph with the configured periods."""
    values = {}
    for name, number in retention.periods().items():
        singular, plural = DURATION_UNITS[language][name.rsplit("_", 1)[1]]
        values[name] = f"{number} {singular if number == 1 else plural}"
    return paragraph(RETENTION_TEXTS[language].format(**values))


def with_retention_paragraph(texts: dict[str, Any], language: str) -> dict[str, Any]:
    body = [
        retention_paragraph(language) if block is RETENTION_PARAGRAPH else block
        for block in texts["body"]
    ]
    return {**texts, "body": body}


PRIVACY_STATEMENT: dict[str, dict[str, Any]] = {
    "fi": {
        "title": "Tietosuojaseloste",
        "slug": "tietosuojaseloste",
        "body": [
            paragraph(
                "<p>Tässä selosteessa kerrotaan, miten Muutostuen verkosto käsittelee "
                "Muutostuki-portaalin käyttäjien henkilötietoja EU:n yleisen "
                "tietosuoja-asetuksen (2016/679) mukaisesti.</p>"
            ),
            heading("Rekisterinpitäjä"),
            paragraph(
                "<p>Muutostuen verkosto, muutostuki@muutostuki.example, "
                "puh. +358 29 500 4100. Tietosuojavastaava: "
                "tietosuoja@muutostuki.example.</p>"
            ),
            heading("Käsittelyn tarkoitukset ja oikeusperusteet"),
            paragraph(
                "<p>Käsittelemme tietoja käyttäjätilien ylläpitämiseksi, verkoston "
                "jäsenyyden varmentamiseksi, tapahtumien järjestämiseksi, "
                "keskustelualueen ja kyselyjen toteuttamiseksi sekä palvelun "
                "turvallisuuden varmistamiseksi. Käsittely perustuu yleisen edun "
                "mukaisen tehtävän suorittamiseen (6 artiklan 1 kohdan e alakohta). "
                "Vapaaehtoiset tiedot, kuten ruokavaliotiedot ilmoittautumisessa, "
                "perustuvat suostumukseesi, jonka voit perua milloin tahansa.</p>"
            ),
            heading("Käsiteltävät tiedot"),
            paragraph(
                "<ul><li>nimi, sähköpostiosoite ja asiointikieli</li>"
                "<li>organisaatio, kunta, tehtävänimike ja puhelinnumero, jos annat "
                "ne</li>"
                "<li>ilmoittautumiset ja osallistumiset tapahtumiin</li>"
                "<li>keskustelualueen viestit ja kyselyvastaukset</li>"
                "<li>kirjautumisten ja tietoturvan lokitiedot</li></ul>"
            ),
            heading("Säilytysajat"),
            RETENTION_PARAGRAPH,
            heading("Vastaanottajat ja siirrot"),
            paragraph(
                "<p>Tietoja ei luovuteta ulkopuolisille. Palvelun ylläpitäjä käsittelee "
                "tietoja lukuunamme Euroopan unionin alueella. Tietoja ei siirretä "
                "EU:n tai ETA:n ulkopuolelle.</p>"
            ),
            heading("Oikeutesi"),
            paragraph(
                "<p>Sinulla on oikeus saada pääsy tietoihisi, oikaista ja poistaa ne, "
                "rajoittaa niiden käsittelyä ja vastustaa käsittelyä. Voit pyytää "
                "näitä kirjoittamalla osoitteeseen tietosuoja@muutostuki.example. "
                "Sinulla on myös oikeus tehdä valitus tietosuojavaltuutetun "
                "toimistolle (tietosuoja.fi).</p>"
            ),
            heading("Evästeet"),
            paragraph(
                "<p>Portaali käyttää vain toiminnan kannalta välttämättömiä evästeitä: "
                "istuntoevästettä kirjautumiseen ja lomakkeiden suojausevästettä. "
                "Emme käytä seuranta- tai mainosevästeitä.</p>"
            ),
        ],
    },
    "sv": {
        "title": "Dataskyddsbeskrivning",
        "slug": "dataskyddsbeskrivning",
        "body": [
            paragraph(
                "<p>I denna beskrivning berättar vi hur Förändringsstödets nätverk "
                "behandlar personuppgifter om användarna av portalen Muutostuki i "
                "enlighet med EU:s allmänna dataskyddsförordning (2016/679).</p>"
            ),
            heading("Personuppgiftsansvarig"),
            paragraph(
                "<p>Förändringsstödets nätverk, muutostuki@muutostuki.example, "
                "tfn +358 29 500 4100. Dataskyddsombud: "
                "tietosuoja@muutostuki.example.</p>"
            ),
            heading("Ändamål och rättslig grund"),
            paragraph(
                "<p>Vi behandlar uppgifterna för att upprätthålla användarkonton, "
                "verifiera medlemskap i nätverket, ordna evenemang, genomföra "
                "diskussionsforumet och enkäter samt trygga tjänstens säkerhet. "
                "Behandlingen grundar sig på utförandet av en uppgift av allmänt "
                "intresse (artikel 6.1 e). Frivilliga uppgifter, såsom specialdieter vid "
                "anmälan, grundar sig på ditt samtycke, som du kan återkalla när som "
                "helst.</p>"
            ),
            heading("Uppgifter som behandlas"),
            paragraph(
                "<ul><li>namn, e-postadress och språk</li>"
                "<li>organisation, kommun, titel och telefonnummer, om du uppger "
                "dem</li>"
                "<li>anmälningar till och deltagande i evenemang</li>"
                "<li>inlägg i diskussionsforumet och enkätsvar</li>"
                "<li>loggar över inloggningar och informationssäkerhet</li></ul>"
            ),
            heading("Lagringstid"),
            RETENTION_PARAGRAPH,
            heading("Mottagare och överföringar"),
            paragraph(
                "<p>Uppgifterna lämnas inte ut till utomstående. Tjänstens "
                "driftleverantör behandlar uppgifterna för vår räkning inom Europeiska "
                "unionen. Uppgifterna överförs inte utanför EU eller EES.</p>"
            ),
            heading("Dina rättigheter"),
            paragraph(
                "<p>Du har rätt att få tillgång till dina uppgifter, att rätta och "
                "radera dem, att begränsa behandlingen och att invända mot den. Skicka "
                "din begäran till tietosuoja@muutostuki.example. Du har också rätt att "
                "lämna klagomål till dataombudsmannens byrå (tietosuoja.fi/sv).</p>"
            ),
            heading("Kakor"),
            paragraph(
                "<p>Portalen använder endast kakor som är nödvändiga för funktionen: en "
                "sessionskaka för inloggning och en kaka som skyddar formulär. Vi "
                "använder inga spårnings- eller reklamkakor.</p>"
            ),
        ],
    },
    "en": {
        "title": "Privacy statement",
        "slug": "privacy-statement",
        "body": [
            paragraph(
                "<p>This statement explains how the Change Support Network processes "
                "the personal data of the users of the Muutostuki portal under the EU "
                "General Data Protection Regulation (2016/679).</p>"
            ),
            heading("Controller"),
            paragraph(
                "<p>Change Support Network, muutostuki@muutostuki.example, "
                "tel. +358 29 500 4100. Data protection officer: "
                "tietosuoja@muutostuki.example.</p>"
            ),
            heading("Purposes and legal basis"),
            paragraph(
                "<p>We process data to maintain user accounts, verify network "
                "membership, organise events, run the discussion forum and surveys, "
                "and keep the service secure. The processing is necessary for a task "
                "carried out in the public interest (Article 6(1)(e)). Optional data, "
                "such as dietary requirements when registering, is based on your "
                "consent, which you may withdraw at any time.</p>"
            ),
            heading("Data we process"),
            paragraph(
                "<ul><li>name, e-mail address and language</li>"
                "<li>organisation, municipality, job title and phone number, if you "
                "give them</li>"
                "<li>event registrations and attendance</li>"
                "<li>forum posts and survey answers</li>"
                "<li>sign-in and security logs</li></ul>"
            ),
            heading("Retention"),
            RETENTION_PARAGRAPH,
            heading("Recipients and transfers"),
            paragraph(
                "<p>We do not disclose data to third parties. Our hosting provider "
                "processes data on our behalf within the European Union. No data is "
                "transferred outside the EU or EEA.</p>"
            ),
            heading("Your rights"),
            paragraph(
                "<p>You have the right to access, rectify and erase your data, to "
                "restrict its processing and to object to it. Send your request to "
                "tietosuoja@muutostuki.example. You also have the right to lodge a "
                "complaint with the Office of the Data Protection Ombudsman "
                "(tietosuoja.fi/en).</p>"
            ),
            heading("Cookies"),
            paragraph(
                "<p>The portal uses only cookies that it needs to work: a session "
                "cookie for signing in and a cookie that protects forms. We use no "
                "tracking or advertising cookies.</p>"
            ),
        ],
    },
}

ACCESSIBILITY_STATEMENT: dict[str, dict[str, Any]] = {
    "fi": {
        "title": "Saavutettavuusseloste",
        "slug": "saavutettavuusseloste",
        "body": [
            paragraph(
                "<p>Tämä saavutettavuusseloste koskee Muutostuki-portaalia. Palvelua "
                "koskee laki digitaalisten palvelujen tarjoamisesta (306/2019), jonka "
                "mukaan julkisten verkkopalvelujen on oltava saavutettavia.</p>"
            ),
            heading("Saavutettavuuden tila"),
            paragraph(
                "<p>Portaali täyttää WCAG 2.1 -ohjeiston A- ja AA-tason "
                "saavutettavuusvaatimukset osittain.</p>"
            ),
            heading("Ei-saavutettava sisältö"),
            paragraph(
                "<ul><li>Osa materiaalipankin vanhoista PDF-tiedostoista ei ole "
                "saavutettavia: niistä puuttuu rakenne ja kuvien tekstivastineet "
                "(WCAG 1.1.1 ja 1.3.1). Korvaamme tiedostot saavutettavilla "
                "versioilla sitä mukaa kuin niitä päivitetään.</li>"
                "<li>Kaikissa tapahtumatallenteissa ei ole tekstitystä (WCAG 1.2.2). "
                "Tekstitämme uudet tallenteet kahden viikon kuluessa tapahtumasta."
                "</li></ul>"
            ),
            heading("Miten saavutettavuutta on arvioitu"),
            paragraph(
                "<p>Arvioimme portaalin itse: automaattisilla axe-testeillä jokaisen "
                "muutoksen yhteydessä sekä käsin näppäimistöllä, ruudunlukijalla ja "
                "200 %:n suurennuksella.</p>"
            ),
            heading("Palaute ja yhteystiedot"),
            paragraph(
                "<p>Huomasitko saavutettavuuspuutteen? Kerro siitä meille osoitteeseen "
                "muutostuki@muutostuki.example. Vastaamme kahden viikon kuluessa.</p>"
            ),
            heading("Valvontaviranomainen"),
            paragraph(
                "<p>Jos huomaat sivustolla saavutettavuusongelmia, anna ensin palautetta "
                "meille. Jos et ole tyytyväinen saamaasi vastaukseen tai et saa "
                "vastausta lainkaan kahden viikon aikana, voit tehdä ilmoituksen "
                "valvontaviranomaiselle. Valvontaviranomaisen sivuilla kerrotaan, miten "
                "ilmoituksen voi tehdä: "
                '<a href="https://www.saavutettavuusvaatimukset.fi">'
                "www.saavutettavuusvaatimukset.fi</a>.</p>"
            ),
        ],
    },
    "sv": {
        "title": "Tillgänglighetsutlåtande",
        "slug": "tillganglighetsutlatande",
        "body": [
            paragraph(
                "<p>Detta tillgänglighetsutlåtande gäller portalen Muutostuki. På "
                "tjänsten tillämpas lagen om tillhandahållande av digitala tjänster "
                "(306/2019), enligt vilken offentliga webbtjänster ska vara "
                "tillgängliga.</p>"
            ),
            heading("Tillgänglighetsstatus"),
            paragraph(
                "<p>Portalen uppfyller delvis tillgänglighetskraven på nivå A och AA i "
                "WCAG 2.1.</p>"
            ),
            heading("Innehåll som inte är tillgängligt"),
            paragraph(
                "<ul><li>En del av de äldre PDF-filerna i materialbanken är inte "
                "tillgängliga: de saknar struktur och textalternativ för bilder "
                "(WCAG 1.1.1 och 1.3.1). Vi ersätter filerna med tillgängliga "
                "versioner när de uppdateras.</li>"
                "<li>Alla inspelningar av evenemang är inte textade (WCAG 1.2.2). Nya "
                "inspelningar textas inom två veckor efter evenemanget.</li></ul>"
            ),
            heading("Hur tillgängligheten har bedömts"),
            paragraph(
                "<p>Vi har själva bedömt portalen: med automatiska axe-tester vid varje "
                "ändring samt manuellt med tangentbord, skärmläsare och 200 % "
                "förstoring.</p>"
            ),
            heading("Respons och kontaktuppgifter"),
            paragraph(
                "<p>Har du upptäckt en tillgänglighetsbrist? Berätta det för oss på "
                "muutostuki@muutostuki.example. Vi svarar inom två veckor.</p>"
            ),
            heading("Tillsynsmyndighet"),
            paragraph(
                "<p>Om du upptäcker tillgänglighetsproblem på webbplatsen, ge först "
                "respons till oss. Om du inte är nöjd med svaret eller inte får något "
                "svar inom två veckor, kan du göra en anmälan till "
                "tillsynsmyndigheten. På tillsynsmyndighetens webbplats finns "
                "information om hur du gör en anmälan: "
                '<a href="https://www.tillganglighetskrav.fi">'
                "www.tillganglighetskrav.fi</a>.</p>"
            ),
        ],
    },
    "en": {
        "title": "Accessibility statement",
        "slug": "accessibility-statement",
        "body": [
            paragraph(
                "<p>This accessibility statement applies to the Muutostuki portal. The "
                "service is subject to the Act on the Provision of Digital Services "
                "(306/2019), which requires public online services to be "
                "accessible.</p>"
            ),
            heading("Compliance status"),
            paragraph(
                "<p>The portal partially meets the level A and AA requirements of WCAG "
                "2.1.</p>"
            ),
            heading("Non-accessible content"),
            paragraph(
                "<ul><li>Some older PDF files in the material bank are not accessible: "
                "they lack structure and text alternatives for images (WCAG 1.1.1 and "
                "1.3.1). We replace them with accessible versions as they are "
                "updated.</li>"
                "<li>Not all event recordings are captioned (WCAG 1.2.2). New "
                "recordings are captioned within two weeks of the event.</li></ul>"
            ),
            heading("How accessibility was assessed"),
            paragraph(
                "<p>We assessed the portal ourselves: with automated axe tests on every "
                "change, and by hand with a keyboard, a screen reader and 200 % "
                "zoom.</p>"
            ),
            heading("Feedback and contact"),
            paragraph(
                "<p>Did you notice an accessibility problem? Tell us at "
                "muutostuki@muutostuki.example. We answer within two weeks.</p>"
            ),
            heading("Enforcement"),
            paragraph(
                "<p>If you notice accessibility problems on the site, first give "
                "feedback to us. If you are not satisfied with our answer or get no "
                "answer within two weeks, you can notify the supervisory authority. "
                "Its website explains how: "
                '<a href="https://www.webaccessibility.fi">www.webaccessibility.fi</a>.'
                "</p>"
            ),
        ],
    },
}

HOME_PAGES: dict[str, dict[str, Any]] = {
    "fi": {
        "hero_intro": "Tietoa, tapahtumia ja vertaistukea kunnille kotoutumislain "
        "uudistuksen (KOTO24) ja työllisyyspalvelujen uudistuksen (TE24) "
        "toimeenpanoon.",
        "hero_link": "about",
        "hero_link_text": "Tutustu muutostukeen",
        "body": lambda ref: [
            call_to_action(
                "Kuntien edustajat voivat liittyä verkostoon ja keskustella muiden "
                "kuntien kanssa.",
                "Näin liityt verkostoon",
                ref("contact"),
            )
        ],
    },
    "sv": {
        "hero_intro": "Information, evenemang och kollegialt stöd för kommunerna i "
        "genomförandet av reformen av integrationslagen (KOTO24) och reformen av "
        "sysselsättningstjänsterna (TE24).",
        "hero_link": "about",
        "hero_link_text": "Bekanta dig med förändringsstödet",
        "body": lambda ref: [
            call_to_action(
                "Kommunernas representanter kan gå med i nätverket och diskutera med "
                "andra kommuner.",
                "Så går du med i nätverket",
                ref("contact"),
            )
        ],
    },
    "en": {
        "hero_intro": "The change-support network helps Finnish municipalities put the "
        "integration-law reform (KOTO24) and the employment-services reform (TE24) "
        "into practice. Most content is in Finnish and Swedish.",
        "hero_link": "",
        "hero_link_text": "",
        "body": lambda ref: [],
    },
}


def seed(*, log: Log) -> None:
    """Create the portal's demo content that does not exist yet; leave the rest alone."""
    homes = {
        home.locale.language_code: home
        for home in HomePage.objects.select_related("locale")
    }
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    pages = {"fi": {}, "sv": {}, "en": {}}
    for spec in CONTENT_PAGES:
        parent = homes["fi"] if spec["parent"] is None else pages["fi"][spec["parent"]]
        fi_page = ensure_page(
            parent=parent,
            page=StandardPage(
                title=spec["fi"]["title"],
                slug=spec["fi"]["slug"],
                intro=spec["fi"]["intro"],
                body=spec["fi"]["body"](lambda key: pages["fi"][key].pk),
                show_in_menus=spec["parent"] is None,
            ),
            log=log,
        )
        pages["fi"][spec["key"]] = fi_page
        pages["sv"][spec["key"]] = ensure_translation(
            fi_page,
            locales["sv"],
            title=spec["sv"]["title"],
            slug=spec["sv"]["slug"],
            intro=spec["sv"]["intro"],
            body=spec["sv"]["body"](lambda key: pages["sv"][key].pk),
            log=log,
        )
    statements = {
        StatementPage.Kind.PRIVACY: PRIVACY_STATEMENT,
        StatementPage.Kind.ACCESSIBILITY: ACCESSIBILITY_STATEMENT,
    }
    reviewed_on = timezone.localdate() - datetime.timedelta(days=30)
    for kind, texts in statements.items():
        texts = {
            language: with_retention_paragraph(text, language)
            for language, text in texts.items()
        }
        fi_page = ensure_page(
            parent=homes["fi"],
            page=StatementPage(kind=kind, reviewed_on=reviewed_on, **texts["fi"]),
            log=log,
        )
        pages["fi"][kind] = fi_page
        for language in ("sv", "en"):
            pages[language][kind] = ensure_translation(
                fi_page, locales[language], log=log, **texts[language]
            )
    for language, spec in HOME_PAGES.items():
        fill_home_page(homes[language], spec, pages[language], log=log)
    ensure_site_settings(
        footer_pages=[
            pages["fi"][StatementPage.Kind.PRIVACY],
            pages["fi"][StatementPage.Kind.ACCESSIBILITY],
        ],
        log=log,
    )


def ensure_page(*, parent: Page, page: Page, log: Log) -> Page:
    """The live page with this slug under the parent, created and published if missing."""
    existing = parent.get_children().filter(slug=page.slug).specific().first()
    if existing is not None:
        return existing
    parent.add_child(instance=page)
    page.save_revision().publish()
    log(f"Created page “{page.title}” ({parent.locale.language_code}).")
    return page


def ensure_translation(
    source: Page, locale: Locale, *, log: Log, **fields: Any
) -> Page:
    """The source page's translation into the locale, copied, edited and published."""
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = source.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    log(f"Created translation “{translation.title}” ({locale.language_code}).")
    return translation


def fill_home_page(
    home: HomePage, spec: dict[str, Any], pages: dict[str, Page], *, log: Log
) -> None:
    """Give a home page its hero text, link and blocks, unless an editor already has."""
    home = HomePage.objects.get(pk=home.pk)  # fresh: its tree counts changed meanwhile
    if home.hero_intro:
        return
    home.hero_intro = spec["hero_intro"]
    home.hero_link_page = pages.get(spec["hero_link"])
    home.hero_link_text = spec["hero_link_text"]
    home.body = spec["body"](lambda key: pages[key].pk)
    home.save_revision().publish()
    log(f"Filled the home page “{home.title}” ({home.locale.language_code}).")


def ensure_site_settings(*, footer_pages: list[Page], log: Log) -> None:
    """The office's contact details and footer links, set once on the default site."""
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    if settings.contact_email:
        return
    for name, value in OFFICE.items():
        setattr(settings, name, value)
    settings.footer_links = [
        {"type": "link", "value": {"text": "", "page": page.pk, "url": ""}}
        for page in footer_pages
    ]
    settings.save()
    log("Set the site settings: contact details and footer links.")


def ensure_demo_admin(*, log: Log) -> User:
    """The demo superuser with a verified e-mail address; an existing one is kept as is."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=DEMO_ADMIN_EMAIL).first()
    if user is None:
        user = User.objects.create_superuser(
            email=DEMO_ADMIN_EMAIL,
            password=DEMO_ADMIN_PASSWORD,
            first_name="Demo",
            last_name="Ylläpitäjä",
            preferred_language="fi",
        )
        log(f"Created the demo admin {DEMO_ADMIN_EMAIL}.")
    EmailAddress.objects.get_or_create(
        user=user,
        email=user.email,
        defaults={"verified": True, "primary": True},
    )
    return user
