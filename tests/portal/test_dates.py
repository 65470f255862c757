"""One date style per language, in Finnish time: portal.dates, its template filters and
Django's own named formats (FORMAT_MODULE_PATH)."""

import datetime

from django.template import Context, Template
from django.utils import translation

import pytest

from portal import dates

UTC = datetime.UTC
# Wednesday 9 December 2026, 9.30–11.00 in Helsinki (UTC+2).
START = datetime.datetime(2026, 12, 9, 7, 30, 15, 423468, tzinfo=UTC)
END = datetime.datetime(2026, 12, 9, 9, 0, tzinfo=UTC)
NEXT_DAY = datetime.datetime(2026, 12, 10, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "date", "moment", "same_day", "two_days"),
    [
        (
            "fi",
            "ke 9.12.2026",
            "ke 9.12.2026 klo 9.30",
            "ke 9.12.2026 klo 9.30–11.00",
            "ke 9.12.2026 klo 9.30 – to 10.12.2026 klo 12.00",
        ),
        (
            "sv",
            "ons 9.12.2026",
            "ons 9.12.2026 kl. 9.30",
            "ons 9.12.2026 kl. 9.30–11.00",
            "ons 9.12.2026 kl. 9.30 – tors 10.12.2026 kl. 12.00",
        ),
        (
            "en",
            "Wed 9 Dec 2026",
            "Wed 9 Dec 2026 at 9:30",
            "Wed 9 Dec 2026 at 9:30–11:00",
            "Wed 9 Dec 2026 at 9:30 – Thu 10 Dec 2026 at 12:00",
        ),
    ],
)
def test_each_language_has_one_style_with_weekday_and_en_dash(
    language, date, moment, same_day, two_days
):
    assert dates.format_date(START, language=language) == date
    assert dates.format_date(START.date(), language=language) == date
    assert dates.format_datetime(START, language=language) == moment
    assert dates.format_datetime_range(START, END, language=language) == same_day
    assert dates.format_datetime_range(START, NEXT_DAY, language=language) == two_days


def test_times_are_shown_in_finnish_time_whatever_the_stored_zone():
    late_utc = datetime.datetime(2026, 12, 31, 22, 30, tzinfo=UTC)
    assert dates.format_datetime(late_utc, language="fi") == "pe 1.1.2027 klo 0.30"
    summer = datetime.datetime(2027, 6, 1, 6, 0, tzinfo=UTC)
    assert dates.format_time(summer, language="fi") == "9.00"


def test_date_range_shows_one_date_when_both_ends_are_on_the_same_day():
    assert dates.format_date_range(START, END, language="fi") == "ke 9.12.2026"
    assert (
        dates.format_date_range(START, NEXT_DAY, language="sv")
        == "ons 9.12.2026 – tors 10.12.2026"
    )


def test_iso_datetime_is_local_and_to_the_second():
    assert dates.iso_datetime(START) == "2026-12-09T09:30:15+02:00"
    assert dates.iso_date(datetime.datetime(2026, 12, 31, 22, 30, tzinfo=UTC)) == (
        "2027-01-01"
    )


def test_template_filters_and_django_formats_follow_the_active_language():
    template = Template(
        "{% load portal_tags %}{{ when|local_datetime }}|{% datetime_range when end %}|"
        "{{ when|iso_datetime }}|{{ when|date:'DATETIME_FORMAT' }}|{{ when }}|"
        "{{ nothing|local_date }}"
    )
    context = Context({"when": START, "end": END, "nothing": None})
    with translation.override("sv"):
        assert template.render(context).split("|") == [
            "ons 9.12.2026 kl. 9.30",
            "ons 9.12.2026 kl. 9.30–11.00",
            "2026-12-09T09:30:15+02:00",
            "ons 9.12.2026 kl. 9.30",
            "ons 9.12.2026 kl. 9.30",
            "",
        ]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_styles_write_what_djangos_dateformat_writes(language):
    """`portal.dates` writes its styles without `dateformat.format` (a listing formats a
    date per row); every weekday, month, hour and minute comes out the same."""
    from django.utils import dateformat

    moments = [
        datetime.datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
        + datetime.timedelta(days=day, hours=day % 24, minutes=day * 7 % 60)
        for day in range(0, 400, 3)
    ]
    with translation.override(language):
        for moment in moments:
            local = dates.local(moment)
            for pattern in dates.STYLES[language].__dict__.values():
                assert dates._write(local, pattern) == dateformat.format(local, pattern)
            assert dates._write(local.date(), dates.style().date) == (
                dateformat.format(local.date(), dates.style().date)
            )
