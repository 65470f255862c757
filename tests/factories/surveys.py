import datetime

from django.utils import timezone

import factory
from wagtail_factories import PageFactory

from portal.access import Audience
from surveys import services
from surveys.models import SurveyIndexPage, SurveyPage, SurveySeries

RESOURCE_SCALE = [
    ("Täysin riittävät", 5),
    ("Melko riittävät", 4),
    ("Ei riittävät eikä riittämättömät", 3),
    ("Melko riittämättömät", 2),
    ("Täysin riittämättömät", 1),
]
AGREE_SCALE = [
    ("Täysin samaa mieltä", 5),
    ("Jokseenkin samaa mieltä", 4),
    ("Ei samaa eikä eri mieltä", 3),
    ("Jokseenkin eri mieltä", 2),
    ("Täysin eri mieltä", 1),
]


def _question(identifier: str, text: str, **extra) -> dict:
    return {
        "identifier": identifier,
        "question": text,
        "help_text": extra.pop("help_text", ""),
        "required": extra.pop("required", False),
        "show_if_question": extra.pop("show_if_question", ""),
        "show_if_value": extra.pop("show_if_value", ""),
        **extra,
    }


def block(kind: str, identifier: str, text: str, **extra) -> dict:
    """A question block as raw StreamField data."""
    return {"type": kind, "value": _question(identifier, text, **extra)}


def scale(steps=RESOURCE_SCALE) -> list[dict]:
    return [{"label": label, "value": value} for label, value in steps]


def likert(identifier="resources", text="Kuinka riittävät resurssit ovat?", **extra):
    extra.setdefault("scale", scale())
    extra.setdefault("cant_say", True)
    extra.setdefault("cant_say_label", "")
    return block("likert", identifier, text, **extra)


def matrix(identifier="cooperation", text="Yhteistyö", statements=None, **extra):
    extra.setdefault("scale", scale(AGREE_SCALE))
    extra.setdefault("cant_say", True)
    extra.setdefault("cant_say_label", "")
    extra["statements"] = [
        {"identifier": key, "text": statement}
        for key, statement in (
            statements
            or [
                ("division", "Työnjako hyvinvointialueen kanssa on selkeä"),
                ("roles", "Vastuut kunnassa on sovittu"),
            ]
        )
    ]
    return block("matrix", identifier, text, **extra)


def options(*pairs) -> list[dict]:
    return [{"value": value, "label": label} for value, label in pairs]


def single_choice(identifier="started", text="Onko valmistelu alkanut?", **extra):
    extra.setdefault("choices", options(("yes", "Kyllä"), ("no", "Ei")))
    return block("single_choice", identifier, text, **extra)


def multiple_choice(identifier="support", text="Mitä tukea toivotte?", **extra):
    extra.setdefault(
        "choices",
        options(
            ("training", "Koulutusta"),
            ("materials", "Materiaaleja"),
            ("peer", "Vertaistukea"),
        ),
    )
    extra.setdefault("allow_other", True)
    extra.setdefault("other_label", "")
    return block("multiple_choice", identifier, text, **extra)


def number(identifier="staff", text="Montako henkilötyövuotta?", **extra):
    extra.setdefault("min_value", None)
    extra.setdefault("max_value", None)
    extra.setdefault("decimal_places", 0)
    return block("number", identifier, text, **extra)


def contact_persons(identifier="contacts", text="Valmistelijat", **extra):
    extra.setdefault("min_persons", 1)
    extra.setdefault("max_persons", 5)
    return block("contact_persons", identifier, text, **extra)


def municipality_question(identifier="municipality", text="Kunta", **extra):
    extra.setdefault("required", True)
    return block("municipality", identifier, text, **extra)


def section(heading="Taustatiedot", help_text=""):
    return {"type": "section", "value": {"heading": heading, "help_text": help_text}}


def default_questions() -> list[dict]:
    return [municipality_question(), likert(required=True)]


class SurveyIndexPageFactory(PageFactory):
    class Meta:
        model = SurveyIndexPage

    title = "Kyselyt"
    slug = "kyselyt"


class SurveySeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveySeries
        django_get_or_create = ("slug",)

    name_fi = "Pulssi"
    name_sv = "Puls"
    slug = factory.Sequence(lambda n: f"pulssi-{n}")


class SurveyPageFactory(PageFactory):
    class Meta:
        model = SurveyPage

    title = factory.Sequence(lambda n: f"Kysely {n}")
    slug = factory.Sequence(lambda n: f"kysely-{n}")
    audience = Audience.MEMBERS
    answer_mode = SurveyPage.AnswerMode.PER_MUNICIPALITY
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    closes_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=14)
    )
    send_receipt = False
    questions = factory.LazyFunction(default_questions)


def survey_index(home_page) -> SurveyIndexPage:
    existing = SurveyIndexPage.objects.child_of(home_page).first()
    return existing or SurveyIndexPageFactory(parent=home_page)


def close(survey: SurveyPage, *, days_ago: int = 1) -> SurveyPage:
    """Move a survey into the past (opened and closed), keeping its original close."""
    now = timezone.now()
    SurveyPage.objects.filter(pk=survey.pk).update(
        opens_at=now - datetime.timedelta(days=days_ago + 20),
        closes_at=now - datetime.timedelta(days=days_ago),
        original_closes_at=now - datetime.timedelta(days=days_ago),
    )
    survey.refresh_from_db()
    return survey


def answer_for(survey: SurveyPage, municipality, answers: dict, *, now=None):
    """A sent answer for a municipality, through the service (invitation link)."""
    return services.submit_response(
        survey=survey,
        respondent=services.Respondent(invited_municipality=municipality),
        answers=answers,
        now=now,
    )
