"""Aggregate results of a survey: per question counts, percentages, means and charts, the
"N answers from M of 308 municipalities" headline, answers by municipality and trends across
the rounds of a pulse series.

Staff see everything (`staff_results`). Published results (`published_results`) show no
free text, no answers by municipality, and nothing drawn from fewer than
`MINIMUM_GROUP` answers: a too small filtered group shows no results at all, and a question
answered by fewer shows no breakdown.
"""

import dataclasses
import datetime
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.utils import translation
from django.utils.translation import gettext as _

from network.models import Municipality
from portal.cache import digest, version
from surveys.blocks import CANT_SAY, Question
from surveys.charts import (
    BAR_COLOUR,
    CANT_SAY_COLOUR,
    Chart,
    Share,
    bar_chart,
    scale_colours,
    stacked_chart,
)
from surveys.models import SurveyPage, SurveyResponse

MINIMUM_GROUP = 5
TREND_KINDS = ("likert", "single_choice")
#: The version that saving or deleting an answer bumps (declared in `surveys.apps`).
ANSWERS_VERSION = "survey-answers"
RESULTS_TIMEOUT = 60 * 60
#: Free-text answers listed per question on a results page; all of them are in the export.
TEXTS_SHOWN = 50


def percent(count: int, base: int) -> int:
    """A whole percentage, rounded half up (66 of 157 is 42, 67 of 157 is 43)."""
    if not base:
        return 0
    share = Decimal(count) * 100 / Decimal(base)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def mean(numbers: Sequence[int | float]) -> Decimal | None:
    if not numbers:
        return None
    total = sum(Decimal(str(number)) for number in numbers)
    return (total / len(numbers)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class StatementResult:
    key: str
    text: str
    answered: int
    shares: list[Share]
    mean: Decimal | None


@dataclass
class QuestionResult:
    question: Question
    answered: int
    shares: list[Share] = field(default_factory=list)
    mean: Decimal | None = None
    statements: list[StatementResult] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    numbers: dict[str, Any] = field(default_factory=dict)
    chart: Chart | None = None
    hidden: bool = False

    @property
    def template(self) -> str:
        return f"surveys/results/{self.question.kind}.html"

    @property
    def texts_shown(self) -> list[str]:
        """The free-text answers a results page lists: the first `TEXTS_SHOWN`, so that
        the page does not grow with the answers."""
        return self.texts[:TEXTS_SHOWN]


@dataclass
class RoundResult:
    title: str
    answered: int
    shares: list[Share]
    mean: Decimal | None


@dataclass
class Trend:
    question: Question
    rounds: list[RoundResult]
    chart: Chart


@dataclass
class SurveyResults:
    answers: int
    municipalities: int
    municipalities_total: int
    questions: list[QuestionResult]
    trends: list[Trend]
    by_municipality: list[tuple[Municipality, int]]
    too_few: bool
    is_full: bool
    minimum: int = MINIMUM_GROUP


# --- Per question ---------------------------------------------------------------------------


def scale_shares(question: Question, values: Sequence[str]) -> list[Share]:
    """Counts of each scale step (and "can't say"), coloured along the scale."""
    block, value = question.block, question.value
    choices = block.scale_choices(value)
    steps = [key for key, _label in choices if key != CANT_SAY]
    colours = dict(zip(steps, scale_colours(len(steps)), strict=True))
    colours[CANT_SAY] = CANT_SAY_COLOUR
    return option_shares(choices, values, colours)


def option_shares(
    choices: Sequence[tuple[str, str]], values: Sequence[str], colours=None
) -> list[Share]:
    counts: dict[str, int] = defaultdict(int)
    for item in values:
        counts[item] += 1
    base = len(values)
    return [
        Share(
            key=key,
            label=label,
            count=counts[key],
            percent=percent(counts[key], base),
            colour=(colours or {}).get(key, BAR_COLOUR),
        )
        for key, label in choices
    ]


def scale_mean(question: Question, values: Sequence[str]) -> Decimal | None:
    numbers = {
        key: number for key, _label, number in question.block.steps(question.value)
    }
    return mean([numbers[item] for item in values if item in numbers])


def summarise(
    question: Question, answers: Sequence[Any], *, with_texts: bool
) -> QuestionResult:
    """The result of one question from its answers (only those who answered it)."""
    result = QuestionResult(question=question, answered=len(answers))
    kind, chart_id = question.kind, f"chart-{question.identifier}"
    if kind == "likert":
        result.shares = scale_shares(question, answers)
        result.mean = scale_mean(question, answers)
        result.chart = stacked_chart(
            chart_id=chart_id,
            title=question.text,
            rows=[
                (_("All answers (%(count)s)") % {"count": len(answers)}, result.shares)
            ],
        )
    elif kind == "matrix":
        summarise_matrix(question, answers, result, chart_id)
    elif kind in ("single_choice", "multiple_choice"):
        summarise_choices(question, answers, result, chart_id, with_texts=with_texts)
    elif kind == "number":
        numbers = sorted(Decimal(str(item)) for item in answers)
        result.mean = mean(numbers)
        if numbers:
            result.numbers = {
                "min": numbers[0],
                "max": numbers[-1],
                "median": statistics.median(numbers),
            }
    elif kind == "date":
        dates = sorted(datetime.date.fromisoformat(item) for item in answers)
        if dates:
            result.numbers = {"min": dates[0], "max": dates[-1]}
    elif kind == "contact_persons":
        result.numbers = {"persons": sum(len(item) for item in answers)}
    elif kind in ("text", "long_text") and with_texts:
        result.texts = list(answers)
    return result


def summarise_matrix(question, answers, result, chart_id) -> None:
    rows = []
    for key, text in question.block.statement_items(question.value):
        values = [item[key] for item in answers if key in item]
        shares = scale_shares(question, values)
        result.statements.append(
            StatementResult(
                key=key,
                text=text,
                answered=len(values),
                shares=shares,
                mean=scale_mean(question, values),
            )
        )
        rows.append((text, shares))
    result.chart = stacked_chart(chart_id=chart_id, title=question.text, rows=rows)


def summarise_choices(question, answers, result, chart_id, *, with_texts) -> None:
    if question.kind == "single_choice":
        values = list(answers)
        choices = list(question.options)
    else:
        values = [key for item in answers for key in item["choices"]]
        others = [item["other"] for item in answers if item.get("other")]
        values += ["__other__"] * len(others)
        choices = list(question.options)
        if question.value["allow_other"]:
            choices.append(("__other__", question.block.other_text(question.value)))
        if with_texts:
            result.texts = others
    counts = option_shares(choices, values)
    # Multiple choice: each option's share of the people who answered, not of the ticks.
    result.shares = [
        Share(
            key=share.key,
            label=share.label,
            count=share.count,
            percent=percent(share.count, len(answers)),
            colour=share.colour,
        )
        for share in counts
    ]
    result.chart = bar_chart(
        chart_id=chart_id, title=question.text, shares=result.shares
    )


# --- Whole survey ----------------------------------------------------------------------------


def staff_results(*, page: SurveyPage, municipalities=None) -> SurveyResults:
    """Everything, for the survey's managers; `municipalities` limits to a filtered set."""
    return _results(page, municipalities, full=True, now=None)


def published_results(
    *, page: SurveyPage, municipalities=None, now: datetime.datetime
) -> SurveyResults:
    """What members see once results are published (see the module's rules)."""
    return _results(page, municipalities, full=False, now=now)


def _results(page, municipalities, *, full, now) -> SurveyResults:
    """The results, from the cache when nothing they depend on has changed since they
    were computed (`results_key`), else computed (`compute_results`) and cached."""
    rounds = shown_rounds(page.canonical, full=full, now=now)
    key = results_key(page, municipalities, full=full, rounds=rounds)
    cached = cache.get(key) if key is not None else None
    if cached is not None:
        return with_questions(cached, page)
    results = compute_results(page, municipalities, full=full, rounds=rounds)
    if key is not None:
        cache.set(key, without_questions(results), timeout=RESULTS_TIMEOUT)
    return results


def results_key(page, municipalities, *, full, rounds) -> str | None:
    """What the results depend on: the page read (its questions and language), staff or
    published, the filtered municipalities (their SQL), the rounds whose trends are shown
    (for published results, which rounds have closed by now), the language, the answers
    version (any answer saved or deleted) and the layout version (pages published,
    municipalities changed, releases). None when the filter matches nothing by
    construction."""
    try:
        filtered = None if municipalities is None else str(municipalities.query)
    except EmptyResultSet:
        return None
    shown = digest(
        page.pk,
        full,
        filtered,
        [round_page.pk for round_page in rounds],
        translation.get_language(),
        version(ANSWERS_VERSION),
        version("layout"),
    )
    return f"surveys:results:{shown}"


def without_questions(results: SurveyResults) -> SurveyResults:
    """A copy to cache: the questions (blocks and their values) are the page's and are
    put back from the page when read (`with_questions`)."""
    return dataclasses.replace(
        results,
        questions=[
            dataclasses.replace(result, question=None) for result in results.questions
        ],
        trends=[
            dataclasses.replace(trend, question=trend.question.identifier)
            for trend in results.trends
        ],
    )


def with_questions(cached: SurveyResults, page) -> SurveyResults:
    questions = page.question_list
    by_identifier = {question.identifier: question for question in questions}
    return dataclasses.replace(
        cached,
        questions=[
            dataclasses.replace(result, question=question)
            for result, question in zip(cached.questions, questions, strict=True)
        ]
        if cached.questions
        else [],
        trends=[
            dataclasses.replace(trend, question=by_identifier[trend.question])
            for trend in cached.trends
        ],
    )


def compute_results(page, municipalities, *, full, rounds) -> SurveyResults:
    survey = page.canonical
    responses = SurveyResponse.objects.of_survey(survey).for_results()
    if municipalities is not None:
        responses = responses.in_municipalities(municipalities)
    rows = list(responses.values_list("answers", "municipality_id"))
    answered_municipalities = {pk for _answers, pk in rows if pk is not None}
    total = (
        municipalities if municipalities is not None else Municipality.objects
    ).count()
    too_few = not full and len(rows) < MINIMUM_GROUP
    results = SurveyResults(
        answers=len(rows),
        municipalities=len(answered_municipalities),
        municipalities_total=total,
        questions=[],
        trends=[],
        by_municipality=[],
        too_few=too_few,
        is_full=full,
    )
    if too_few:
        return results
    all_answers = [answers for answers, _pk in rows]
    for question in page.question_list:
        values = [
            a[question.identifier] for a in all_answers if question.identifier in a
        ]
        result = summarise(question, values, with_texts=full)
        if not full and result.answered < MINIMUM_GROUP:
            result = QuestionResult(
                question=question, answered=result.answered, hidden=True
            )
        results.questions.append(result)
    results.trends = trends(page, municipalities, full=full, rounds=rounds)
    if full:
        results.by_municipality = answers_by_municipality(rows)
    return results


def answers_by_municipality(rows) -> list[tuple[Municipality, int]]:
    counts: dict[int, int] = defaultdict(int)
    for _answers, pk in rows:
        if pk is not None:
            counts[pk] += 1
    municipalities = Municipality.objects.filter(pk__in=counts)
    return sorted(
        ((municipality, counts[municipality.pk]) for municipality in municipalities),
        key=lambda item: item[0].name,
    )


def shown_rounds(survey, *, full, now) -> list[SurveyPage]:
    """The rounds of the survey's series whose answers the trends compare: every live
    round for staff; for published results, this one and those published and closed."""
    if survey.series_id is None:
        return []
    return [
        round_page
        for round_page in SurveyPage.objects.rounds_of(survey.series_id)
        if full
        or round_page.pk == survey.pk
        or (round_page.results_published and round_page.is_closed(now))
    ]


def trends(page, municipalities, *, full, rounds) -> list[Trend]:
    """For questions asked in several rounds of the series (same identifier and type), the
    distribution and mean in each round (`shown_rounds`)."""
    if len(rounds) < 2:
        return []
    shown = rounds_in_locale(rounds, locale_id=page.locale_id)
    responses = SurveyResponse.objects.submitted().filter(survey__in=rounds)
    if municipalities is not None:
        responses = responses.in_municipalities(municipalities)
    by_round: dict[int, list[dict]] = defaultdict(list)
    for survey_id, answers in responses.values_list("survey_id", "answers"):
        by_round[survey_id].append(answers)
    found = []
    for question in page.question_list:
        if question.kind not in TREND_KINDS:
            continue
        trend = question_trend(question, rounds, shown, by_round, full=full)
        if trend is not None:
            found.append(trend)
    return found


def rounds_in_locale(rounds: list[SurveyPage], *, locale_id: int) -> dict[int, Any]:
    """Each round's live translation in the locale, by the round's pk, or the round itself
    where it has none: the reader sees round names and answer labels in their language."""
    if all(round_page.locale_id == locale_id for round_page in rounds):
        return {round_page.pk: round_page for round_page in rounds}
    translations = {
        translation.translation_key: translation
        for translation in SurveyPage.objects.live().filter(
            locale_id=locale_id,
            translation_key__in=[round_page.translation_key for round_page in rounds],
        )
    }
    return {
        round_page.pk: translations.get(round_page.translation_key, round_page)
        for round_page in rounds
    }


def question_trend(question, rounds, shown, by_round, *, full) -> Trend | None:
    """The question's answers in each round (answers are kept on the canonical round), with
    the names and labels of the round as `shown` in the reader's language."""
    entries = []
    for round_page in rounds:
        asked = next(
            (
                q
                for q in shown[round_page.pk].question_list
                if q.identifier == question.identifier and q.kind == question.kind
            ),
            None,
        )
        if asked is None:
            continue
        values = [
            a[question.identifier]
            for a in by_round[round_page.pk]
            if question.identifier in a
        ]
        if not full and len(values) < MINIMUM_GROUP:
            continue
        if question.kind == "likert":
            shares, average = scale_shares(asked, values), scale_mean(asked, values)
        else:
            keys = [key for key, _label in asked.options]
            colours = dict(zip(keys, scale_colours(len(keys)), strict=True))
            shares, average = option_shares(asked.options, values, colours), None
        entries.append(
            RoundResult(shown[round_page.pk].title, len(values), shares, average)
        )
    if len(entries) < 2:
        return None
    chart = stacked_chart(
        chart_id=f"trend-{question.identifier}",
        title=_("%(question)s: answers by round") % {"question": question.text},
        rows=[(entry.title, entry.shares) for entry in entries],
    )
    return Trend(question=question, rounds=entries, chart=chart)
