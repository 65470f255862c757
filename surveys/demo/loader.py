"""The surveys demo (`surveys.yaml` beside this module): a survey index in Finnish and
Swedish, the open KOTO24 preparer-mapping survey (its contact persons form the preparer
register) and two closed rounds of the pulse series, "Pulssi 2025/1" and "Pulssi 2025/2",
with published results and a trend.

Answers are given through `services.submit_response` with a seeded `random.Random`, so the
numbers are the same on every machine: the first pulse round has the issue's 172 answers
from 157 municipalities, the resources question splitting 66 / 19 / 67 / 5. The answer
generator knows the questions by their identifiers (municipality, resources, division,
preparation, programme_status, challenge; preparers, responsible, responsible_unit,
support). Dates are Finnish working days relative to today. Surveys are looked up by slug
under the index; existing ones (and their answers) are left alone, so a second run creates
nothing. People are fictional and their addresses are on reserved `.example` domains.
"""

import datetime
import random
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from network.demo.loader import demo_domain
from network.models import Municipality
from portal.access import Audience
from portal.demo.calendar import demo_time
from portal.demo.data import markdown_html, read_yaml
from portal.demo.pages import ensure_page, ensure_translation
from portal.demo.registry import CountingLog, Log
from portal.models import HomePage
from surveys import services
from surveys.models import SurveyIndexPage, SurveyPage, SurveySeries

DATA_DIR = Path(__file__).resolve().parent

SWEDISH = {Municipality.Language.SWEDISH, Municipality.Language.BILINGUAL_SWEDISH}


@cache
def data() -> dict[str, Any]:
    """The contents of `surveys.yaml`."""
    return read_yaml(DATA_DIR / "surveys.yaml")


# --- Blocks ---------------------------------------------------------------------------


def question_block(spec: dict[str, Any], language: str) -> dict[str, Any]:
    """A question (or section) of the data file as a block of the survey's StreamField."""
    if spec["type"] == "section":
        return {
            "type": "section",
            "value": {
                "heading": spec["heading"][language],
                "help_text": spec.get("help_text", {}).get(language, ""),
            },
        }
    show_if = spec.get("show_if", {})
    value = {
        "identifier": spec["identifier"],
        "question": spec["question"][language],
        "help_text": spec.get("help_text", {}).get(language, ""),
        "required": spec.get("required", False),
        "show_if_question": show_if.get("question", ""),
        "show_if_value": show_if.get("value", ""),
    }
    if "statements" in spec:
        value["statements"] = [
            {"identifier": item["identifier"], "text": item["text"][language]}
            for item in spec["statements"]
        ]
    if "scale" in spec:
        value["scale"] = [
            {"label": step["label"], "value": step["value"]}
            for step in data()["scales"][spec["scale"]][language]
        ]
        value["cant_say"] = True
        value["cant_say_label"] = data()["cant_say"][language]
    if "choices" in spec:
        value["choices"] = [
            {"value": choice["value"], "label": choice["label"][language]}
            for choice in spec["choices"]
        ]
    if spec.get("allow_other"):
        value["allow_other"] = True
        value["other_label"] = spec.get("other_label", {}).get(language, "")
    for name in ("min_persons", "max_persons"):
        if name in spec:
            value[name] = spec[name]
    return {"type": spec["type"], "value": value}


def pulse_questions(round_spec: dict[str, Any], language: str) -> list[dict[str, Any]]:
    """The pulse's questions that the round asks, in the round's order."""
    questions = {spec["identifier"]: spec for spec in data()["pulse"]["questions"]}
    return [
        question_block(questions[identifier], language)
        for identifier in round_spec["questions"]
    ]


# --- Seeding --------------------------------------------------------------------------


def seed(*, log: Log) -> int:
    """Create the demo surveys that do not exist yet, with their answers; how many things
    were created."""
    today = timezone.localdate()
    counted = CountingLog(log)
    indexes = {
        language: _index(language, fields, log=counted)
        for language, fields in data()["indexes"].items()
    }
    pulse = data()["pulse"]
    series, new_series = SurveySeries.objects.get_or_create(
        slug=pulse["series"]["slug"],
        defaults={
            "name_fi": pulse["series"]["name"]["fi"],
            "name_sv": pulse["series"]["name"]["sv"],
            "description": pulse["series"]["description"],
        },
    )
    for spec in pulse["rounds"]:
        if _exists(indexes["fi"], spec["slug"]):
            continue
        survey = _pulse(spec, indexes=indexes, series=series, today=today)
        count = _answer_pulse(spec, survey)
        counted(f"Surveys: created “{survey.title}” with {count} answers.")
    mapping = data()["mapping"]
    if not _exists(indexes["fi"], mapping["slug"]):
        survey = _mapping(mapping, indexes=indexes, today=today)
        count = _answer_mapping(mapping, survey)
        counted(f"Surveys: created “{survey.title}” with {count} municipal answers.")
    if not counted.count:
        log("Surveys: nothing to add.")
    return counted.count + new_series


def _exists(index: SurveyIndexPage, slug: str) -> bool:
    return index.get_children().filter(slug=slug).exists()


def _index(language: str, fields: dict[str, Any], *, log: Log) -> SurveyIndexPage:
    home = HomePage.objects.get(locale__language_code=language)
    existing = SurveyIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    fields = {**fields, "intro": markdown_html(fields["intro"])}
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


def _pulse(
    spec: dict[str, Any], *, indexes, series: SurveySeries, today: datetime.date
) -> SurveyPage:
    pulse = data()["pulse"]
    opens = demo_time(spec["opens"], today=today)
    closes = demo_time(spec["closes"], today=today)
    first_closes = (
        demo_time(spec["first_closes"], today=today)
        if "first_closes" in spec
        else closes
    )
    survey = indexes["fi"].add_child(
        instance=SurveyPage(
            title=spec["title"]["fi"],
            slug=spec["slug"],
            audience=Audience.PUBLIC,
            answer_mode=SurveyPage.AnswerMode.PER_PERSON,
            is_anonymous=True,
            send_receipt=False,
            opens_at=opens,
            closes_at=first_closes,
            series=series,
            results_published=True,
            intro=markdown_html(pulse["intro"]["fi"]),
            thank_you_text=markdown_html(pulse["thank_you_text"]["fi"]),
            questions=pulse_questions(spec, "fi"),
        )
    )
    survey = _publish(survey)
    if first_closes != closes:
        # Extended once after it had opened: the page shows the original close.
        survey.closes_at = closes
        survey = _publish(survey)
    _translate(
        survey,
        indexes["sv"],
        title=spec["title"]["sv"],
        intro=markdown_html(pulse["intro"]["sv"]),
        thank_you_text=markdown_html(pulse["thank_you_text"]["sv"]),
        questions=pulse_questions(spec, "sv"),
    )
    return survey


def _mainland() -> list[Municipality]:
    return list(
        Municipality.objects.exclude(wellbeing_county="Ahvenanmaa").order_by("code")
    )


def _language(municipality: Municipality) -> str:
    return "sv" if municipality.language in SWEDISH else "fi"


def _shuffled(rng: random.Random, counts: dict[str, int], total: int) -> list:
    """The values with their counts, the rest unanswered (None), in a seeded order."""
    values = [key for key, count in counts.items() for _i in range(count)]
    values += [None] * (total - len(values))
    rng.shuffle(values)
    return values


def _answer_pulse(spec: dict[str, Any], survey: SurveyPage) -> int:
    numbers = spec["answers"]
    pools = data()["pulse"]["answer_pools"]
    statements = next(
        question["statements"]
        for question in data()["pulse"]["questions"]
        if question["identifier"] == "preparation"
    )
    rng = random.Random(numbers["random_seed"])  # noqa: S311 - seeded demo data
    chosen = rng.sample(_mainland(), numbers["municipalities"])
    respondents = chosen + rng.sample(
        chosen, numbers["count"] - numbers["municipalities"]
    )
    rng.shuffle(respondents)
    resources = _shuffled(rng, numbers["resources"], numbers["count"])
    division = _shuffled(rng, numbers["division"], numbers["count"])
    start = survey.opens_at + datetime.timedelta(hours=2)
    for number, municipality in enumerate(respondents):
        answers: dict[str, Any] = {"municipality": municipality.code}
        if resources[number] is not None:
            answers["resources"] = resources[number]
        if division[number] is not None:
            answers["division"] = division[number]
        answers["preparation"] = {
            statement["identifier"]: rng.choice(pools["preparation"])
            for statement in statements
        }
        if "programme_status" in spec["questions"]:
            answers["programme_status"] = rng.choice(pools["programme_status"])
        if "challenge" in spec["questions"] and rng.random() < pools["challenge_share"]:
            answers["challenge"] = rng.choice(
                pools["challenge"][_language(municipality)]
            )
        services.submit_response(
            survey=survey,
            respondent=services.Respondent(),
            answers=answers,
            municipality=municipality,
            now=start + datetime.timedelta(hours=number * 2),
        )
    return len(respondents)


def _mapping(spec: dict[str, Any], *, indexes, today: datetime.date) -> SurveyPage:
    survey = indexes["fi"].add_child(
        instance=SurveyPage(
            title=spec["title"]["fi"],
            slug=spec["slug"],
            audience=Audience.PUBLIC,
            answer_mode=SurveyPage.AnswerMode.PER_MUNICIPALITY,
            is_anonymous=False,
            send_receipt=True,
            builds_preparer_register=True,
            opens_at=demo_time(spec["opens"], today=today),
            closes_at=demo_time(spec["closes"], today=today),
            intro=markdown_html(spec["intro"]["fi"]),
            thank_you_text=markdown_html(spec["thank_you_text"]["fi"]),
            questions=[question_block(q, "fi") for q in spec["questions"]],
        )
    )
    survey = _publish(survey)
    _translate(
        survey,
        indexes["sv"],
        title=spec["title"]["sv"],
        intro=markdown_html(spec["intro"]["sv"]),
        thank_you_text=markdown_html(spec["thank_you_text"]["sv"]),
        questions=[question_block(q, "sv") for q in spec["questions"]],
    )
    return survey


def _person(
    rng: random.Random,
    municipality: Municipality,
    language: str,
    names: dict[str, Any],
) -> dict[str, str]:
    first, last = rng.choice(names["first_names"]), rng.choice(names["last_names"])
    local = f"{first}.{last}".lower().translate(str.maketrans("äöå", "aoa"))
    return {
        "name": f"{first} {last}",
        "title": rng.choice(names["titles"][language]),
        "email": f"{local}@{demo_domain(municipality)}",
        "phone": "",
        "role": rng.choice(names["roles"][language]),
    }


def _answer_mapping(spec: dict[str, Any], survey: SurveyPage) -> int:
    numbers = spec["answers"]
    names = numbers["preparers"]
    support = next(q for q in spec["questions"] if q.get("identifier") == "support")
    options = [choice["value"] for choice in support["choices"]]
    rng = random.Random(numbers["random_seed"])  # noqa: S311 - seeded demo data
    chosen = rng.sample(_mainland(), numbers["municipalities"])
    start = survey.opens_at + datetime.timedelta(hours=1)
    for number, municipality in enumerate(chosen):
        language = _language(municipality)
        responsible = rng.choice(numbers["responsible"])
        persons = rng.randint(
            names["per_municipality"]["min"], names["per_municipality"]["max"]
        )
        answers = {
            "municipality": municipality.code,
            "preparers": [
                _person(rng, municipality, language, names) for _i in range(persons)
            ],
            "responsible": responsible,
            "support": {
                "choices": sorted(
                    rng.sample(options, numbers["support_choices"]), key=options.index
                ),
                "other": "",
            },
        }
        if responsible == "yes":
            answers["responsible_unit"] = numbers["responsible_unit"][language]
        services.submit_response(
            survey=survey,
            respondent=services.Respondent(invited_municipality=municipality),
            answers=answers,
            now=start + datetime.timedelta(hours=number * 5),
        )
    return len(chosen)
