"""Demo content of the knowledge base: experts, materials with generated files, the FAQ
with its question form, and news in Finnish and Swedish.

Everything is looked up by a natural key (an expert's slug, a document's title in the
demo collection, a page's slug under its parent, a page's translation), so a second run
creates and changes nothing. Dates are relative to today.
"""

import datetime
import hashlib
import textwrap
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page

from materials.models import (
    Expert,
    ExpertIndexPage,
    FaqPage,
    MaterialIndexPage,
    MaterialPage,
    MaterialPageRelatedEvent,
    MaterialPageRelatedMaterial,
    NewsIndexPage,
    NewsPage,
    QuestionFormField,
    QuestionFormPage,
)
from network.models import Municipality
from portal.access import Audience
from portal.demo import ensure_page, ensure_translation
from portal.models import HomePage, Reform, Theme

Log = Callable[[str], None]

COLLECTION_NAME = "Muutostuen materiaalit"
OFFICE_ADDRESS = "muutostuki@muutostuki.example"

Type = MaterialPage.MaterialType


def paragraph(html: str) -> dict[str, Any]:
    return {"type": "paragraph", "value": html}


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


# --- Generated files --------------------------------------------------------------------


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a heading and text lines (Helvetica, Windows-1252)."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    wrapped = [part for line in lines for part in (textwrap.wrap(line, 88) or [""])]
    commands = ["BT", "/F1 15 Tf", "56 780 Td", f"({text(title)}) Tj", "/F1 10 Tf"]
    commands.append("0 -26 Td")
    for line in wrapped:
        commands += [f"({text(line)}) Tj", "0 -14 Td"]
    commands.append("ET")
    stream = "\n".join(commands).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(output)


def text_bytes(title: str, lines: list[str]) -> bytes:
    return "\n\n".join([title, "=" * len(title), *lines]).encode("utf-8") + b"\n"


def ensure_collection(*, log: Log) -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    if existing is not None:
        return existing
    collection = root.add_child(name=COLLECTION_NAME)
    log(f"Created the document collection “{COLLECTION_NAME}”.")
    return collection


def ensure_document(spec: dict[str, Any], *, collection: Collection, log: Log):
    """A generated document, found again by its title in the demo collection."""
    Document = get_document_model()
    existing = Document.objects.filter(
        title=spec["title"], collection=collection
    ).first()
    if existing is not None:
        return existing
    make = pdf_bytes if spec["filename"].endswith(".pdf") else text_bytes
    data = make(spec["title"], spec["lines"])
    document = Document(
        title=spec["title"],
        collection=collection,
        file_size=len(data),
        file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
    )
    document.file.save(spec["filename"], ContentFile(data), save=False)
    document.save()
    log(f"Created the document “{document.title}”.")
    return document


# --- Experts ----------------------------------------------------------------------------

EXPERTS = [
    {
        "slug": "henna-laaksonen",
        "name": "Henna Laaksonen",
        "title_fi": "Lakiasiantuntija",
        "title_sv": "Juridisk sakkunnig",
        "title_en": "Legal adviser",
        "responsibilities_fi": "Kotoutumislain ja TE24-lainsäädännön tulkinta, kuntien "
        "yhteistoimintasopimukset ja hallintosäännön muutokset.",
        "responsibilities_sv": "Tolkning av integrationslagen och TE24-lagstiftningen, "
        "kommunernas samarbetsavtal och ändringar i förvaltningsstadgan.",
        "responsibilities_en": "Interpreting the integration act and the TE24 "
        "legislation, municipal cooperation agreements, administrative rules.",
        "themes": ["juridiikka", "hallintosaanto", "tyollisyysalueet"],
        "email": "henna.laaksonen@muutostuki.example",
        "phone": "+358 29 500 4110",
        "languages": ["fi", "en"],
        "sort_order": 10,
    },
    {
        "slug": "mikko-rahikainen",
        "name": "Mikko Rahikainen",
        "title_fi": "Rahoitusasiantuntija",
        "title_sv": "Finansieringsexpert",
        "title_en": "Funding specialist",
        "responsibilities_fi": "Laskennalliset korvaukset, valtionosuudet ja "
        "kotoutumisen edistämisen kustannusten seuranta.",
        "responsibilities_sv": "Kalkylerade ersättningar, statsandelar och uppföljning "
        "av kostnaderna för att främja integration.",
        "responsibilities_en": "Calculated compensations, central government "
        "transfers and monitoring the costs of integration services.",
        "themes": ["rahoitus-ja-korvaukset"],
        "email": "mikko.rahikainen@muutostuki.example",
        "phone": "+358 29 500 4120",
        "languages": ["fi", "sv"],
        "sort_order": 20,
    },
    {
        "slug": "outi-kotilainen",
        "name": "Outi Kotilainen",
        "title_fi": "Kotoutumislain uudistuksen erityisasiantuntija",
        "title_sv": "Specialsakkunnig för reformen av integrationslagen",
        "title_en": "Senior adviser, integration act reform",
        "responsibilities_fi": "Kotoutumisohjelma, osaamisen ja palvelutarpeen "
        "arviointi, kotoutumissuunnitelma ja monikielinen yhteiskuntaorientaatio.",
        "responsibilities_sv": "Integrationsprogrammet, bedömning av kompetens och "
        "servicebehov, integrationsplanen och flerspråkig samhällsorientering.",
        "responsibilities_en": "The integration programme, assessing competence and "
        "service needs, integration plans and multilingual civic orientation.",
        "themes": [
            "kotoutumisohjelma",
            "osaamis-ja-palvelutarpeen-arviointi",
            "kotoutumissuunnitelma",
            "monikielinen-yhteiskuntaorientaatio",
            "tyovoiman-ulkopuoliset",
        ],
        "email": "outi.kotilainen@muutostuki.example",
        "phone": "+358 29 500 4130",
        "languages": ["fi", "en"],
        "sort_order": 30,
    },
    {
        "slug": "ville-saarinen",
        "name": "Ville Saarinen",
        "title_fi": "Työllisyysalueiden asiantuntija",
        "title_sv": "Sakkunnig för sysselsättningsområden",
        "title_en": "Adviser, employment areas",
        "responsibilities_fi": "Työllisyysalueiden järjestämisvastuu, palvelumalli ja "
        "ohjaus ja neuvonta TE24-uudistuksessa.",
        "responsibilities_sv": "Organiseringsansvaret inom sysselsättningsområdena, "
        "servicemodellen samt vägledning och rådgivning i TE24-reformen.",
        "responsibilities_en": "Employment areas' responsibilities, service models, "
        "guidance and counselling in the TE24 reform.",
        "themes": ["tyollisyysalueet", "ohjaus-ja-neuvonta"],
        "email": "ville.saarinen@muutostuki.example",
        "phone": "+358 29 500 4140",
        "languages": ["fi"],
        "sort_order": 40,
    },
    {
        "slug": "jari-arkkio",
        "name": "Jari Arkkio",
        "title_fi": "Digitalisaation ja viitearkkitehtuurin asiantuntija",
        "title_sv": "Expert på digitalisering och referensarkitektur",
        "title_en": "Digital services and reference architecture adviser",
        "responsibilities_fi": "Tietojärjestelmät, tiedonsiirrot KEHA-keskuksen ja "
        "kuntien välillä sekä kotoutumisen viitearkkitehtuuri.",
        "responsibilities_sv": "Informationssystem, dataöverföring mellan KEHA-centret "
        "och kommunerna samt referensarkitekturen för integration.",
        "responsibilities_en": "Information systems, data transfers between the KEHA "
        "Centre and municipalities, the integration reference architecture.",
        "themes": ["tietojarjestelmat"],
        "email": "jari.arkkio@muutostuki.example",
        "phone": "+358 29 500 4150",
        "languages": ["fi", "en"],
        "sort_order": 50,
    },
    {
        "slug": "sanna-viitala",
        "name": "Sanna Viitala",
        "title_fi": "Viestinnän asiantuntija",
        "title_sv": "Kommunikationsexpert",
        "title_en": "Communications specialist",
        "responsibilities_fi": "Muutostuen viestintä, infokirjeet, uutiset ja "
        "kuntien viestintämateriaalit.",
        "responsibilities_sv": "Förändringsstödets kommunikation, infobrev, nyheter och "
        "kommunikationsmaterial för kommunerna.",
        "responsibilities_en": "Communications of the change-support office, info "
        "letters, news and communication kits for municipalities.",
        "themes": ["viestinta"],
        "email": "sanna.viitala@muutostuki.example",
        "phone": "+358 29 500 4160",
        "languages": ["fi", "sv", "en"],
        "sort_order": 60,
    },
    {
        "slug": "anna-karin-lindqvist",
        "name": "Anna-Karin Lindqvist",
        "title_fi": "Ruotsinkielisten kuntien yhteyshenkilö",
        "title_sv": "Kontaktperson för svenskspråkiga kommuner",
        "title_en": "Contact person for Swedish-speaking municipalities",
        "responsibilities_fi": "Ruotsin- ja kaksikielisten kuntien tuki, "
        "ruotsinkieliset materiaalit ja verkostotapaamiset.",
        "responsibilities_sv": "Stöd till svenskspråkiga och tvåspråkiga kommuner, "
        "material på svenska och nätverksmöten.",
        "responsibilities_en": "Support for Swedish-speaking and bilingual "
        "municipalities, materials and network meetings in Swedish.",
        "themes": ["kotoutumisohjelma", "viestinta"],
        "email": "anna-karin.lindqvist@muutostuki.example",
        "phone": "+358 29 500 4170",
        "languages": ["sv", "fi", "en"],
        "sort_order": 70,
    },
]


def ensure_experts(*, themes: dict[str, Theme], log: Log) -> dict[str, Expert]:
    experts = {}
    for spec in EXPERTS:
        fields = {key: value for key, value in spec.items() if key != "themes"}
        expert, created = Expert.objects.get_or_create(
            slug=spec["slug"], defaults=fields
        )
        if created:
            expert.themes.set([themes[slug] for slug in spec["themes"]])
            log(f"Created the expert “{expert.name}”.")
        experts[spec["slug"]] = expert
    return experts


# --- Materials --------------------------------------------------------------------------

MATERIALS: list[dict[str, Any]] = [
    {
        "slug": "kotoutumisohjelman-laatimisen-opas",
        "title": "Kotoutumisohjelman laatimisen opas",
        "type": Type.GUIDE,
        "reform": Reform.KOTO24,
        "themes": ["kotoutumisohjelma"],
        "expert": "outi-kotilainen",
        "published": -150,
        "updated": -20,
        "valid_until": 560,
        "summary": "Opas vie kunnan kotoutumisohjelman valmistelun läpi vaihe "
        "vaiheelta: tilannekuvasta ja osallistamisesta valtuuston hyväksyntään ja "
        "seurantaan.",
        "body": [
            paragraph(
                "<p>Kotoutumislaki (681/2023) velvoittaa kunnan laatimaan "
                "kotoutumisohjelman yhdessä hyvinvointialueen ja muiden toimijoiden "
                "kanssa. Opas kokoaa valmistelun vaiheet, tarkistuslistan ja "
                "esimerkkejä kuntien ohjelmista.</p>"
            )
        ],
        "documents": [
            {
                "title": "Kotoutumisohjelman laatimisen opas (PDF)",
                "filename": "kotoutumisohjelman-laatimisen-opas.pdf",
                "lines": [
                    "1. Kokoa tilannekuva: maahanmuuttajaväestö, palvelut ja "
                    "palvelutarpeet.",
                    "2. Sovi yhteistyöstä hyvinvointialueen, työllisyysalueen ja "
                    "järjestöjen kanssa.",
                    "3. Kuule kuntalaisia ja maahan muuttaneita valmistelun aikana.",
                    "4. Kirjaa tavoitteet, toimenpiteet, vastuut ja seurannan "
                    "mittarit.",
                    "5. Vie ohjelma valtuuston hyväksyttäväksi ja sovi sen "
                    "päivittämisestä.",
                ],
            },
            {
                "title": "Tarkistuslista kotoutumisohjelman valmisteluun",
                "filename": "kotoutumisohjelman-tarkistuslista.txt",
                "lines": [
                    "[ ] Tilannekuva on koottu ja lähteet kirjattu.",
                    "[ ] Hyvinvointialue ja työllisyysalue ovat osallistuneet.",
                    "[ ] Ohjelmassa on mitattavat tavoitteet ja vastuuhenkilöt.",
                    "[ ] Hyväksymisaikataulu on sovittu.",
                ],
            },
        ],
        "links": [("https://kotoutuminen.fi/", "Kotoutumisen osaamiskeskus", "")],
        "sv": {
            "title": "Guide för utarbetande av integrationsprogrammet",
            "slug": "guide-for-integrationsprogrammet",
            "language": "sv",
            "summary": "Guiden leder kommunen genom beredningen av "
            "integrationsprogrammet steg för steg: från lägesbild och delaktighet "
            "till fullmäktiges godkännande och uppföljning.",
            "documents": [
                {
                    "title": "Guide för utarbetande av integrationsprogrammet (PDF)",
                    "filename": "guide-integrationsprogrammet.pdf",
                    "lines": [
                        "1. Sammanställ en lägesbild: invandrarbefolkningen, "
                        "tjänsterna och servicebehoven.",
                        "2. Kom överens om samarbetet med välfärdsområdet och "
                        "sysselsättningsområdet.",
                        "3. Hör kommuninvånarna och invandrarna under beredningen.",
                        "4. Skriv in mål, åtgärder, ansvar och mätare för "
                        "uppföljningen.",
                        "5. För programmet till fullmäktige för godkännande.",
                    ],
                }
            ],
        },
    },
    {
        "slug": "tyollisyysalueen-sopimusluonnos-jasenille",
        "title": "Työllisyysalueen yhteistoimintasopimuksen luonnospohja",
        "type": Type.CONTRACT_TEMPLATE,
        "reform": Reform.TE24,
        "themes": ["tyollisyysalueet", "juridiikka"],
        "expert": "henna-laaksonen",
        "audience": Audience.MEMBERS,
        "published": -60,
        "summary": "Muokattava luonnospohja verkoston jäsenille: pykäläkohtaiset "
        "vaihtoehdot vastuukunnan ja yhteisen toimielimen malleihin.",
        "documents": [
            {
                "title": "Yhteistoimintasopimuksen luonnospohja (jäsenille)",
                "filename": "yhteistoimintasopimus-luonnospohja.txt",
                "lines": [
                    "1 § Sopimuksen tarkoitus ja osapuolet",
                    "2 § Vastuukunta ja yhteinen toimielin",
                    "3 § Toimielimen kokoonpano ja päätösvalta",
                    "4 § Kustannusten jakaminen ja laskutus",
                    "5 § Sopimuksen voimassaolo, muuttaminen ja irtisanominen",
                ],
            }
        ],
    },
    {
        "slug": "kuntalain-54-sopimusmalli-tyollisyysalueelle",
        "title": "Kuntalain 54 §:n mukainen sopimusmalli työllisyysalueelle",
        "type": Type.CONTRACT_TEMPLATE,
        "reform": Reform.TE24,
        "themes": ["tyollisyysalueet", "juridiikka", "hallintosaanto"],
        "expert": "henna-laaksonen",
        "published": -300,
        "updated": -90,
        "summary": "Sopimusmalli kunnille, jotka järjestävät työvoimapalvelut "
        "yhdessä vastuukuntamallilla. Mallissa on perustelut ja täyttöohjeet.",
        "documents": [
            {
                "title": "Sopimusmalli työllisyysalueelle (PDF)",
                "filename": "kuntalain-54-sopimusmalli.pdf",
                "lines": [
                    "Sopimuksessa sovitaan ainakin vastuukunnasta, yhteisen "
                    "toimielimen tehtävistä ja kokoonpanosta,",
                    "kustannusten jakamisen perusteista, tiedonsaannista sekä "
                    "sopimuksen voimassaolosta ja irtisanomisesta.",
                ],
            }
        ],
        "related": ["tyollisyysalueen-sopimusluonnos-jasenille"],
        "sv": {
            "title": "Avtalsmodell enligt 54 § i kommunallagen för "
            "sysselsättningsområdet",
            "slug": "avtalsmodell-54-sysselsattningsomrade",
            "language": "fi",
            "summary": "Avtalsmodell för kommuner som ordnar arbetskraftsservicen "
            "tillsammans enligt modellen med ansvarskommun. Modellen är på finska; "
            "motiveringarna finns sammanfattade på svenska på denna sida.",
        },
    },
    {
        "slug": "infopaketti-monikielisesta-yhteiskuntaorientaatiosta",
        "title": "Infopaketti monikielisestä yhteiskuntaorientaatiosta",
        "type": Type.INFORMATION_PACKAGE,
        "reform": Reform.KOTO24,
        "themes": ["monikielinen-yhteiskuntaorientaatio", "tyovoiman-ulkopuoliset"],
        "expert": "outi-kotilainen",
        "language": "multi",
        "published": -45,
        "valid_until": 320,
        "summary": "Diat, tiivistelmät ja asiakastiedote usealla kielellä: mitä "
        "monikielinen yhteiskuntaorientaatio on ja miten kunta sen järjestää.",
        "documents": [
            {
                "title": "Monikielinen yhteiskuntaorientaatio – diat (PDF)",
                "filename": "yhteiskuntaorientaatio-diat.pdf",
                "lines": [
                    "Monikielinen yhteiskuntaorientaatio on osa kunnan "
                    "kotoutumispalveluja.",
                    "Opetus järjestetään kotoutujan omalla tai hänen hyvin "
                    "ymmärtämällään kielellä.",
                    "Sisältö: suomalainen yhteiskunta, arki, oikeudet ja "
                    "velvollisuudet, työ ja koulutus.",
                ],
            }
        ],
        "links": [
            (
                "https://kotoutuminen.fi/",
                "Kotoutuminen.fi: aineistoja yhteiskuntaorientaatioon",
                "Asiakastiedotteet usealla kielellä",
            )
        ],
        "sv": {
            "title": "Infopaket om flerspråkig samhällsorientering",
            "slug": "infopaket-flersprakig-samhallsorientering",
            "summary": "Bilder, sammanfattningar och kundmeddelande på flera språk: "
            "vad flerspråkig samhällsorientering är och hur kommunen ordnar den.",
        },
    },
    {
        "slug": "hyva-kaytanto-vantaan-monikielinen-palveluohjaus",
        "title": "Hyvä käytäntö: Vantaan monikielinen palveluohjaus",
        "type": Type.GOOD_PRACTICE,
        "reform": Reform.BOTH,
        "themes": ["ohjaus-ja-neuvonta", "tyovoiman-ulkopuoliset"],
        "municipality": "092",
        "expert": "ville-saarinen",
        "published": -200,
        "summary": "Vantaa kokosi ohjauksen ja neuvonnan yhteen palvelupisteeseen, "
        "jossa asiakas saa palveluohjausta yhdeksällä kielellä ajanvarauksella ja "
        "ilman.",
        "body": [
            paragraph(
                "<p>Palvelupisteessä työskentelevät kunnan, hyvinvointialueen ja "
                "työllisyysalueen ohjaajat. Asiakas ohjataan osaamisen ja "
                "palvelutarpeen arviointiin tai suoraan palveluun.</p>"
            )
        ],
    },
    {
        "slug": "hyva-kaytanto-narpion-kumppanuusmalli",
        "title": "Hyvä käytäntö: Närpiön kotoutumisen kumppanuusmalli",
        "type": Type.GOOD_PRACTICE,
        "reform": Reform.KOTO24,
        "themes": ["kotoutumisohjelma", "ohjaus-ja-neuvonta"],
        "municipality": "545",
        "expert": "anna-karin-lindqvist",
        "language": "sv",
        "published": -110,
        "summary": "Närpiö sopi yritysten, seurakunnan ja järjestöjen kanssa "
        "yhteisestä vastaanottomallista, jossa jokainen tulija saa "
        "yhteyshenkilön ensimmäiseksi vuodeksi.",
        "sv": {
            "title": "God praxis: Närpes partnerskapsmodell för integration",
            "slug": "god-praxis-narpes-partnerskapsmodell",
            "summary": "Närpes kom överens med företag, församlingen och "
            "organisationer om en gemensam mottagningsmodell där varje nyanländ får "
            "en kontaktperson för det första året.",
        },
    },
    {
        "slug": "infokirje-laskennalliset-korvaukset",
        "title": "Infokirje: laskennalliset korvaukset vuonna 2024",
        "type": Type.INFO_LETTER,
        "reform": Reform.KOTO24,
        "themes": ["rahoitus-ja-korvaukset"],
        "expert": "mikko-rahikainen",
        "published": -420,
        "valid_until": -60,
        "summary": "Miten laskennalliset korvaukset haettiin ja maksettiin "
        "siirtymävaiheessa. Korvausperusteet ovat sittemmin muuttuneet.",
        "documents": [
            {
                "title": "Infokirje: laskennalliset korvaukset 2024 (PDF)",
                "filename": "infokirje-korvaukset-2024.pdf",
                "lines": [
                    "Korvauksia haettiin ja maksettiin vuoden 2024 loppuun "
                    "siirtymäsäännösten mukaisesti.",
                    "Tarkista ajantasaiset korvausperusteet muutostuen "
                    "rahoitusasiantuntijalta.",
                ],
            }
        ],
    },
    {
        "slug": "esitys-te24-tilannekatsaus",
        "title": "Esitys: TE24-uudistuksen tilannekatsaus kunnille",
        "type": Type.PRESENTATION,
        "reform": Reform.TE24,
        "themes": ["tyollisyysalueet", "tietojarjestelmat"],
        "expert": "ville-saarinen",
        "published": -30,
        "summary": "Infotilaisuuden diat: työllisyysalueiden ensimmäisten kuukausien "
        "kokemukset, asiakasmäärät ja tietojärjestelmien tilanne.",
        "documents": [
            {
                "title": "TE24-tilannekatsaus – diat (PDF)",
                "filename": "te24-tilannekatsaus.pdf",
                "lines": [
                    "Työllisyysalueet aloittivat 1.1.2025.",
                    "Tilannekatsaus: palvelumallit, henkilöstö, asiakasmäärät ja "
                    "tietojärjestelmät.",
                ],
            }
        ],
        "related_event": True,
    },
    {
        "slug": "tallenne-tuumaustunti-osaamisen-arviointi",
        "title": "Tallenne: tuumaustunti osaamisen ja palvelutarpeen arvioinnista",
        "type": Type.RECORDING,
        "reform": Reform.KOTO24,
        "themes": ["osaamis-ja-palvelutarpeen-arviointi"],
        "expert": "outi-kotilainen",
        "audience": Audience.SIGNED_IN,
        "published": -14,
        "summary": "Tunnin tallenne kirjautuneille: asiantuntijat vastaavat kuntien "
        "kysymyksiin arvioinnin järjestämisestä ja kirjaamisesta.",
        "links": [
            (
                "https://video.muutostuki.example/tuumaustunti-osaamisen-arviointi",
                "Katso tallenne",
                "Kesto 58 min, tekstitys suomeksi",
            )
        ],
    },
    {
        "slug": "raportti-kuntakysely-kotoutumisohjelmat",
        "title": "Raportti: kuntakysely kotoutumisohjelmien valmistelusta",
        "type": Type.REPORT,
        "reform": Reform.KOTO24,
        "themes": ["kotoutumisohjelma"],
        "expert": "outi-kotilainen",
        "published": -7,
        "summary": "Kyselyyn vastasi 142 kuntaa. Raportti kertoo, missä vaiheessa "
        "ohjelmatyö on ja mihin kunnat toivovat tukea.",
        "documents": [
            {
                "title": "Kuntakysely kotoutumisohjelmista – raportti (PDF)",
                "filename": "kuntakysely-kotoutumisohjelmat.pdf",
                "lines": [
                    "Vastaajia: 142 kuntaa.",
                    "Eniten tukea toivottiin tilannekuvan kokoamiseen ja "
                    "mittareiden valintaan.",
                ],
            }
        ],
    },
]


def attachments_for(
    spec: dict[str, Any], *, collection: Collection, log: Log
) -> list[dict[str, Any]]:
    blocks = [
        {
            "type": "document",
            "value": {
                "document": ensure_document(doc, collection=collection, log=log).pk,
                "title": "",
                "description": "",
            },
        }
        for doc in spec.get("documents", [])
    ]
    blocks += [
        {"type": "link", "value": {"url": url, "title": title, "description": text}}
        for url, title, text in spec.get("links", [])
    ]
    return blocks


def first_event_page(locale: Locale) -> Page | None:
    """An event of the events demo to link to (by type name: materials never imports
    events)."""
    return (
        Page.objects.live()
        .filter(
            locale=locale,
            content_type__app_label="events",
            content_type__model="eventpage",
        )
        .order_by("path")
        .first()
    )


def ensure_materials(
    *,
    index: MaterialIndexPage,
    sv_index: MaterialIndexPage,
    experts: dict[str, Expert],
    themes: dict[str, Theme],
    collection: Collection,
    log: Log,
) -> None:
    created: dict[str, MaterialPage] = {}
    for spec in MATERIALS:
        existing = index.get_children().filter(slug=spec["slug"]).specific().first()
        if existing is None:
            published_on = days_from_today(spec["published"])
            page = MaterialPage(
                title=spec["title"],
                slug=spec["slug"],
                material_type=spec["type"],
                reform=spec["reform"],
                language=spec.get("language", "fi"),
                audience=spec.get("audience", Audience.PUBLIC),
                published_on=published_on,
                updated_on=days_from_today(spec["updated"])
                if "updated" in spec
                else None,
                valid_until_on=days_from_today(spec["valid_until"])
                if "valid_until" in spec
                else None,
                summary=spec["summary"],
                body=spec.get("body", []),
                attachments=attachments_for(spec, collection=collection, log=log),
                municipality=Municipality.objects.get(code=spec["municipality"])
                if "municipality" in spec
                else None,
                expert=experts[spec["expert"]],
                themes=[themes[slug] for slug in spec["themes"]],
                related_material_links=[
                    MaterialPageRelatedMaterial(material=created[slug])
                    for slug in spec.get("related", [])
                    if slug in created
                ],
            )
            event = (
                first_event_page(index.locale) if spec.get("related_event") else None
            )
            if event is not None:
                page.related_event_links = [MaterialPageRelatedEvent(event=event)]
            existing = ensure_page(parent=index, page=page, log=log)
        created[spec["slug"]] = existing
        if "sv" in spec:
            sv = spec["sv"]
            fields = {
                "title": sv["title"],
                "slug": sv["slug"],
                "summary": sv["summary"],
                "language": sv.get("language", existing.language),
            }
            if "documents" in sv:
                fields["attachments"] = attachments_for(
                    sv, collection=collection, log=log
                )
            ensure_translation(existing, sv_index.locale, log=log, **fields)


# --- FAQ --------------------------------------------------------------------------------


def question(text: str, answer: str, *, reviewed: int, related=()) -> dict[str, Any]:
    return {
        "question": text,
        "anchor": "",
        "answer": f"<p>{answer}</p>",
        "reviewed_on": days_from_today(reviewed).isoformat(),
        "related_materials": list(related),
    }


def faq_sections(
    language: str,
    *,
    themes: dict[str, Theme],
    experts: dict[str, Expert],
    material: Callable[[str], int],
) -> list[dict[str, Any]]:
    """The FAQ's theme groups in Finnish or Swedish, from the same structure."""
    fi = language == "fi"

    def group(theme: str, expert: str, questions: list[dict[str, Any]]):
        return {
            "type": "section",
            "value": {
                "theme": themes[theme].pk,
                "heading": "",
                "expert": experts[expert].pk,
                "questions": questions,
            },
        }

    return [
        group(
            "kotoutumisohjelma",
            "outi-kotilainen",
            [
                question(
                    "Mikä kotoutumisohjelma on ja kuka sen hyväksyy?"
                    if fi
                    else "Vad är ett integrationsprogram och vem godkänner det?",
                    "Kotoutumislain (681/2023) mukaan kunta laatii ohjelman "
                    "kotoutumisen edistämisestä yhdessä hyvinvointialueen ja muiden "
                    "toimijoiden kanssa. Ohjelman hyväksyy kunnanvaltuusto, ja se "
                    "tarkistetaan säännöllisesti."
                    if fi
                    else "Enligt integrationslagen (681/2023) utarbetar kommunen ett "
                    "program för främjande av integration tillsammans med "
                    "välfärdsområdet och andra aktörer. Programmet godkänns av "
                    "kommunfullmäktige och ses över regelbundet.",
                    reviewed=-40,
                    related=[material("kotoutumisohjelman-laatimisen-opas")],
                ),
                question(
                    "Pitääkö ohjelma laatia yhdessä hyvinvointialueen kanssa?"
                    if fi
                    else "Ska programmet utarbetas tillsammans med välfärdsområdet?",
                    "Kyllä. Hyvinvointialue vastaa monista kotoutujien tarvitsemista "
                    "sosiaali- ja terveyspalveluista, joten sen on oltava mukana "
                    "valmistelussa. Myös työllisyysalue ja järjestöt kannattaa "
                    "kutsua mukaan."
                    if fi
                    else "Ja. Välfärdsområdet ansvarar för många social- och "
                    "hälsovårdstjänster som invandrare behöver, så det ska delta i "
                    "beredningen. Det lönar sig att också bjuda in "
                    "sysselsättningsområdet och organisationerna.",
                    reviewed=-40,
                ),
            ],
        ),
        group(
            "osaamis-ja-palvelutarpeen-arviointi",
            "outi-kotilainen",
            [
                question(
                    "Kenelle kunta tekee osaamisen ja palvelutarpeen arvioinnin?"
                    if fi
                    else "För vem gör kommunen en bedömning av kompetens och "
                    "servicebehov?",
                    "Kunta tekee arvioinnin kotoutumislain piiriin kuuluville, "
                    "jotka eivät ole työnhakijoina työllisyysalueen palveluissa, "
                    "esimerkiksi kotona lapsia hoitaville. Työnhakijoiden "
                    "arvioinnista vastaa työllisyysalue."
                    if fi
                    else "Kommunen gör bedömningen för personer som omfattas av "
                    "integrationslagen men inte är arbetssökande hos "
                    "sysselsättningsområdet, till exempel föräldrar som vårdar barn "
                    "hemma. För arbetssökande ansvarar sysselsättningsområdet.",
                    reviewed=-25,
                ),
            ],
        ),
        group(
            "rahoitus-ja-korvaukset",
            "mikko-rahikainen",
            [
                question(
                    "Miten kunta saa laskennalliset korvaukset?"
                    if fi
                    else "Hur får kommunen de kalkylerade ersättningarna?",
                    "Valtio korvaa kunnille kotoutumisen edistämisen kustannuksia "
                    "laskennallisina korvauksina. Korvaukset maksaa KEHA-keskus "
                    "kunnille ilmoitettujen henkilömäärien perusteella."
                    if fi
                    else "Staten ersätter kommunerna för kostnaderna för att främja "
                    "integration med kalkylerade ersättningar. KEHA-centret betalar "
                    "ut ersättningarna utifrån de anmälda personantalen.",
                    reviewed=-10,
                    related=[material("infokirje-laskennalliset-korvaukset")],
                ),
            ],
        ),
        group(
            "tyollisyysalueet",
            "henna-laaksonen",
            [
                question(
                    "Mistä kuntalain 54 §:n mukaisessa sopimuksessa on sovittava?"
                    if fi
                    else "Vad ska avtalas i ett avtal enligt 54 § i kommunallagen?",
                    "Sopimuksessa sovitaan ainakin vastuukunnasta, yhteisen "
                    "toimielimen tehtävistä ja kokoonpanosta, kustannusten "
                    "jakamisesta sekä sopimuksen voimassaolosta ja irtisanomisesta."
                    if fi
                    else "I avtalet ska man åtminstone komma överens om "
                    "ansvarskommunen, det gemensamma organets uppgifter och "
                    "sammansättning, kostnadsfördelningen samt avtalets giltighet "
                    "och uppsägning.",
                    reviewed=-60,
                    related=[material("kuntalain-54-sopimusmalli-tyollisyysalueelle")],
                ),
                question(
                    "Milloin työllisyysalueet aloittivat?"
                    if fi
                    else "När inledde sysselsättningsområdena sin verksamhet?",
                    "TE24-uudistuksessa työ- ja elinkeinopalvelut siirtyivät "
                    "kuntien ja kuntien muodostamien työllisyysalueiden "
                    "järjestettäviksi 1.1.2025."
                    if fi
                    else "I TE24-reformen överfördes arbets- och näringstjänsterna "
                    "till kommunerna och de sysselsättningsområden som kommunerna "
                    "bildat den 1 januari 2025.",
                    reviewed=-90,
                ),
            ],
        ),
        group(
            "monikielinen-yhteiskuntaorientaatio",
            "outi-kotilainen",
            [
                question(
                    "Mitä monikielinen yhteiskuntaorientaatio tarkoittaa?"
                    if fi
                    else "Vad innebär flerspråkig samhällsorientering?",
                    "Se on kotoutujan omalla tai hyvin ymmärtämällä kielellä "
                    "järjestettävää opetusta suomalaisesta yhteiskunnasta, arjesta, "
                    "oikeuksista ja velvollisuuksista. Kunta järjestää sen osana "
                    "kotoutumispalveluja."
                    if fi
                    else "Det är undervisning om det finländska samhället, "
                    "vardagen, rättigheter och skyldigheter på invandrarens eget "
                    "språk eller ett språk som hen förstår väl. Kommunen ordnar den "
                    "som en del av integrationstjänsterna.",
                    reviewed=-5,
                    related=[
                        material("infopaketti-monikielisesta-yhteiskuntaorientaatiosta")
                    ],
                ),
            ],
        ),
    ]


QUESTION_FORM = {
    "fi": {
        "title": "Kysy muutostuelta",
        "slug": "kysy-muutostuelta",
        "intro": "Vastaamme kysymyksiin yleensä kolmen työpäivän kuluessa. Yleisesti "
        "hyödylliset vastaukset lisäämme usein kysyttyihin ilman kysyjän nimeä.",
        "thank_you_text": "<p>Kiitos kysymyksestä! Asiantuntijamme vastaa sinulle "
        "sähköpostitse yleensä kolmen työpäivän kuluessa.</p>",
        "fields": [
            ("Kysymys", "multiline", True, ""),
            (
                "Aihe",
                "dropdown",
                False,
                "Kotoutumisohjelma\nRahoitus ja korvaukset\nTyöllisyysalueet\n"
                "Tietojärjestelmät\nMuu aihe",
            ),
        ],
    },
    "sv": {
        "title": "Fråga förändringsstödet",
        "slug": "fraga-forandringsstodet",
        "intro": "Vi svarar vanligen inom tre arbetsdagar. Svar som är till nytta för "
        "många lägger vi till bland de vanliga frågorna utan frågeställarens namn.",
        "thank_you_text": "<p>Tack för din fråga! Vår sakkunniga svarar dig per "
        "e-post, vanligen inom tre arbetsdagar.</p>",
        "fields": [
            ("Fråga", "multiline", True, ""),
            (
                "Ämne",
                "dropdown",
                False,
                "Integrationsprogrammet\nFinansiering och ersättningar\n"
                "Sysselsättningsområden\nInformationssystem\nAnnat ämne",
            ),
        ],
    },
}


def form_fields(language: str) -> list[QuestionFormField]:
    return [
        QuestionFormField(
            label=label, field_type=kind, required=required, choices=choices
        )
        for label, kind, required, choices in QUESTION_FORM[language]["fields"]
    ]


# --- News -------------------------------------------------------------------------------

NEWS: list[dict[str, Any]] = [
    {
        "slug": "kotoutumislaki-uudistui",
        "title": "Kotoutumislaki uudistui – mitä kunnissa tehdään tänä vuonna?",
        "type": NewsPage.NewsType.NEWS,
        "reform": Reform.KOTO24,
        "themes": ["kotoutumisohjelma", "osaamis-ja-palvelutarpeen-arviointi"],
        "expert": "outi-kotilainen",
        "published": -21,
        "summary": "Uusi kotoutumislaki tuli voimaan vuoden 2025 alussa. Kokosimme, "
        "mitkä tehtävät kunnilla on nyt edessään.",
        "body": [
            paragraph(
                "<p>Kunnat vastaavat nyt osaamisen ja palvelutarpeen arvioinnista "
                "työvoiman ulkopuolella oleville, kotoutumisohjelmasta ja "
                "monikielisestä yhteiskuntaorientaatiosta.</p>"
            )
        ],
        "sv": {
            "title": "Integrationslagen har förnyats – vad gör kommunerna i år?",
            "slug": "integrationslagen-fornyad",
            "summary": "Den nya integrationslagen trädde i kraft i början av 2025. Vi "
            "har samlat de uppgifter som kommunerna nu har framför sig.",
            "body": [
                paragraph(
                    "<p>Kommunerna ansvarar nu för bedömningen av kompetens och "
                    "servicebehov för personer utanför arbetskraften, för "
                    "integrationsprogrammet och för flerspråkig "
                    "samhällsorientering.</p>"
                )
            ],
        },
    },
    {
        "slug": "blogi-tyollisyysalueen-ensimmaiset-sata-paivaa",
        "title": "Blogi: Työllisyysalueen ensimmäiset sata päivää",
        "type": NewsPage.NewsType.BLOG,
        "reform": Reform.TE24,
        "themes": ["tyollisyysalueet"],
        "expert": "ville-saarinen",
        "published": -12,
        "summary": "Mitä opimme, kun kunnat aloittivat työvoimapalvelujen "
        "järjestäjinä? Kolme havaintoa kentältä.",
        "body": [
            paragraph(
                "<p>Ensimmäinen havainto: yhteinen asiakasohjaus kunnan "
                "kotoutumispalvelujen kanssa kannattaa sopia heti alussa.</p>"
            )
        ],
    },
    {
        "slug": "infokirje-kevaan-tilaisuudet",
        "title": "Infokirje: muutostuen kevään tilaisuudet",
        "type": NewsPage.NewsType.INFO_LETTER,
        "reform": Reform.BOTH,
        "themes": ["viestinta"],
        "expert": "sanna-viitala",
        "published": -5,
        "summary": "Keväällä järjestämme infotilaisuuksia, tuumaustunteja ja "
        "verkostotapaamisia. Ilmoittaudu tapahtumasivuilla.",
        "sv": {
            "title": "Infobrev: förändringsstödets evenemang i vår",
            "slug": "infobrev-varens-evenemang",
            "summary": "I vår ordnar vi informationsmöten, frågetimmar och "
            "nätverksmöten. Anmäl dig på evenemangssidorna.",
        },
    },
    {
        "slug": "jasenkirje-verkostotapaamisen-muistio",
        "title": "Jäsenkirje: verkostotapaamisen muistio",
        "type": NewsPage.NewsType.INFO_LETTER,
        "reform": Reform.BOTH,
        "themes": ["kotoutumisohjelma"],
        "expert": "sanna-viitala",
        "audience": Audience.MEMBERS,
        "published": -2,
        "summary": "Muistio verkostotapaamisesta: kuntien kokemukset ohjelmatyöstä "
        "ja sovitut jatkotoimet. Vain verkoston jäsenille.",
    },
]

SWEDISH_NEWS = {
    "slug": "natverksmote-i-vasa",
    "title": "Svenskspråkiga kommuners nätverksmöte i Vasa",
    "type": NewsPage.NewsType.NEWS,
    "reform": Reform.BOTH,
    "themes": ["kotoutumisohjelma"],
    "expert": "anna-karin-lindqvist",
    "published": -9,
    "summary": "Ett trettiotal deltagare från svenskspråkiga och tvåspråkiga "
    "kommuner träffades i Vasa för att dela erfarenheter av integrationsprogrammen.",
}


def news_page(
    spec: dict[str, Any], *, experts: dict[str, Expert], themes: dict[str, Theme]
) -> NewsPage:
    return NewsPage(
        title=spec["title"],
        slug=spec["slug"],
        news_type=spec["type"],
        reform=spec["reform"],
        audience=spec.get("audience", Audience.PUBLIC),
        published_on=days_from_today(spec["published"]),
        author_expert=experts[spec["expert"]],
        summary=spec["summary"],
        body=spec.get("body", []),
        themes=[themes[slug] for slug in spec["themes"]],
    )


# --- Seed -------------------------------------------------------------------------------


def seed(*, log: Log) -> None:
    """Create the knowledge base's demo content that does not exist yet."""
    homes = {
        home.locale.language_code: home
        for home in HomePage.objects.select_related("locale")
    }
    sv = Locale.objects.get(language_code="sv")
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    experts = ensure_experts(themes=themes, log=log)
    collection = ensure_collection(log=log)

    library = ensure_page(
        parent=homes["fi"],
        page=MaterialIndexPage(
            title="Materiaalipankki",
            slug="materiaalit",
            intro="Oppaat, sopimusmallit, infopaketit, esitykset, tallenteet ja "
            "kuntien hyvät käytännöt KOTO24- ja TE24-uudistusten valmisteluun.",
            show_in_menus=True,
        ),
        log=log,
    )
    sv_library = ensure_translation(
        library,
        sv,
        title="Materialbank",
        slug="materialbank",
        intro="Guider, avtalsmodeller, infopaket, presentationer, inspelningar och "
        "kommunernas goda praxis för beredningen av KOTO24- och TE24-reformerna.",
        log=log,
    )
    ensure_materials(
        index=library,
        sv_index=sv_library,
        experts=experts,
        themes=themes,
        collection=collection,
        log=log,
    )

    def material_in(index: Page) -> Callable[[str], int]:
        def find(slug: str) -> int:
            fi_page = library.get_children().get(slug=slug)
            translated = fi_page.get_translation_or_none(index.locale)
            return (translated or fi_page).pk

        return find

    faq = ensure_page(
        parent=homes["fi"],
        page=FaqPage(
            title="Usein kysytyt kysymykset",
            slug="usein-kysyttya",
            intro="Vastauksia kuntien valmistelijoiden yleisimpiin kysymyksiin "
            "KOTO24- ja TE24-uudistuksista. Vastausten tarkistuspäivä on kerrottu "
            "kunkin kysymyksen alla.",
            sections=faq_sections(
                "fi", themes=themes, experts=experts, material=material_in(library)
            ),
            show_in_menus=True,
        ),
        log=log,
    )
    ensure_translation(  # before the form's translation, which needs its parent
        faq,
        sv,
        title="Vanliga frågor",
        slug="vanliga-fragor",
        intro="Svar på de vanligaste frågorna från kommunernas beredare om "
        "reformerna KOTO24 och TE24. Datum för senaste granskning står under varje "
        "fråga.",
        sections=faq_sections(
            "sv", themes=themes, experts=experts, material=material_in(sv_library)
        ),
        log=log,
    )
    ask = ensure_page(
        parent=faq,
        page=QuestionFormPage(
            title=QUESTION_FORM["fi"]["title"],
            slug=QUESTION_FORM["fi"]["slug"],
            intro=QUESTION_FORM["fi"]["intro"],
            thank_you_text=QUESTION_FORM["fi"]["thank_you_text"],
            to_address=OFFICE_ADDRESS,
            form_fields=form_fields("fi"),
        ),
        log=log,
    )
    ensure_translation(
        ask,
        sv,
        title=QUESTION_FORM["sv"]["title"],
        slug=QUESTION_FORM["sv"]["slug"],
        intro=QUESTION_FORM["sv"]["intro"],
        thank_you_text=QUESTION_FORM["sv"]["thank_you_text"],
        form_fields=form_fields("sv"),
        log=log,
    )

    directory = ensure_page(
        parent=homes["fi"],
        page=ExpertIndexPage(
            title="Asiantuntijat",
            slug="asiantuntijat",
            intro="Muutostuen asiantuntijat ja heidän vastuualueensa. Ota yhteyttä "
            "suoraan aiheen asiantuntijaan.",
            show_in_menus=True,
        ),
        log=log,
    )
    ensure_translation(
        directory,
        sv,
        title="Sakkunniga",
        slug="sakkunniga",
        intro="Förändringsstödets sakkunniga och deras ansvarsområden. Kontakta "
        "direkt den sakkunniga för ämnet.",
        log=log,
    )

    newsroom = ensure_page(
        parent=homes["fi"],
        page=NewsIndexPage(
            title="Ajankohtaista",
            slug="ajankohtaista",
            intro="Muutostuen uutiset, blogit ja infokirjeet.",
            show_in_menus=True,
        ),
        log=log,
    )
    sv_newsroom = ensure_translation(
        newsroom,
        sv,
        title="Aktuellt",
        slug="aktuellt",
        intro="Förändringsstödets nyheter, bloggar och infobrev.",
        log=log,
    )
    for spec in NEWS:
        page = ensure_page(
            parent=newsroom,
            page=news_page(spec, experts=experts, themes=themes),
            log=log,
        )
        if "sv" in spec:
            ensure_translation(page, sv, log=log, **spec["sv"])
    ensure_page(
        parent=sv_newsroom,
        page=news_page(SWEDISH_NEWS, experts=experts, themes=themes),
        log=log,
    )
