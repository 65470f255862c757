"""Finnish working days, in which the demo's data files write their dates.

A date in a data file is a number of working days from the seeding day, so that demo events,
deadlines and publication days never fall on a weekend or a public holiday, whenever the demo
is seeded: `{working_days: 12, time: "13:00", minutes: 90}`. Times are Helsinki wall-clock
times within working hours.
"""

import datetime
from collections.abc import Mapping
from functools import cache
from typing import Any

from django.utils import timezone

#: Demo events and deadlines lie within these hours (Helsinki time).
WORKING_HOURS = (datetime.time(9, 0), datetime.time(16, 0))


def easter_sunday(year: int) -> datetime.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[datetime.date]:
    """Finland's public holidays and the eves that are days off (Christmas Eve, Midsummer
    Eve) that can fall on a weekday."""
    easter = easter_sunday(year)
    midsummer_eve = next(
        datetime.date(year, 6, day)
        for day in range(19, 26)
        if datetime.date(year, 6, day).weekday() == 4
    )
    all_saints = next(
        day
        for day in (
            datetime.date(year, 10, 31) + datetime.timedelta(days=n) for n in range(7)
        )
        if day.weekday() == 5
    )
    return frozenset(
        {
            datetime.date(year, 1, 1),  # New Year's Day
            datetime.date(year, 1, 6),  # Epiphany
            easter - datetime.timedelta(days=2),  # Good Friday
            easter + datetime.timedelta(days=1),  # Easter Monday
            datetime.date(year, 5, 1),  # May Day
            easter + datetime.timedelta(days=39),  # Ascension Day
            midsummer_eve,
            midsummer_eve + datetime.timedelta(days=1),  # Midsummer Day
            all_saints,
            datetime.date(year, 12, 6),  # Independence Day
            datetime.date(year, 12, 24),  # Christmas Eve
            datetime.date(year, 12, 25),  # Christmas Day
            datetime.date(year, 12, 26),  # Boxing Day
        }
    )


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a Finnish public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def working_day(start: datetime.date, offset: int) -> datetime.date:
    """The `offset`-th working day after `start`, or before it when `offset` is negative;
    with 0, `start` itself if it is a working day, else the next working day."""
    step = -1 if offset < 0 else 1
    day = start
    remaining = abs(offset)
    while remaining or not is_working_day(day):
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining = max(remaining - 1, 0)
    return day


def demo_date(spec: Mapping[str, Any], *, today: datetime.date) -> datetime.date:
    """The day of a data file's `{working_days: n}`."""
    return working_day(today, int(spec["working_days"]))


def demo_time(spec: Mapping[str, Any], *, today: datetime.date) -> datetime.datetime:
    """The moment of `{working_days: n, time: "HH:MM"}` in the current time zone, checked
    to lie within working hours (and its `minutes`, when given, to end within them)."""
    moment = timezone.make_aware(
        datetime.datetime.combine(demo_date(spec, today=today), clock(spec["time"]))
    )
    end = moment + datetime.timedelta(minutes=int(spec.get("minutes", 0)))
    opens, closes = WORKING_HOURS
    if not (
        opens <= moment.time() and end.time() <= closes and end.date() == moment.date()
    ):
        raise ValueError(
            f"{spec}: demo times lie within working hours, "
            f"{opens:%H:%M}–{closes:%H:%M} (Helsinki)."
        )
    return moment


def clock(value: Any) -> datetime.time:
    """A data file's `"HH:MM"`, written in quotes (YAML reads a bare 13:00 as a number)."""
    if not isinstance(value, str):
        raise ValueError(f'Write demo times in quotes, e.g. "13:00", not {value!r}.')
    return datetime.time.fromisoformat(value)
