"""How the portal writes dates and times: one style per language, in Finnish time.

    Finnish  ke 9.12.2026 klo 9.30–11.00
    Swedish  ons 9.12.2026 kl. 9.30–11.00
    English  Wed 9 Dec 2026 at 9:30–11:00

Always with the weekday; "klo" / "kl." / "at" before the time; an en dash between the ends
of a range (spaced when the range runs over several days). Every page, mail and admin view
formats through these functions, the template filters of the same names in
`portal_tags`, or Django's own date filters, whose formats (`portal/formats/`) are the
same strings. Times are stored in UTC and shown in `settings.TIME_ZONE` (Europe/Helsinki).
"""

import datetime
from dataclasses import dataclass

from django.utils import dateformat, timezone, translation
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR


@dataclass(frozen=True)
class Style:
    """Django date format strings (see the `date` template filter) of one language."""

    date: str
    time: str
    datetime: str


STYLES = {
    "fi": Style(date=r"D j.n.Y", time=r"G.i", datetime=r"D j.n.Y \k\l\o G.i"),
    "sv": Style(date=r"D j.n.Y", time=r"G.i", datetime=r"D j.n.Y \k\l\. G.i"),
    "en": Style(date=r"D j M Y", time=r"G:i", datetime=r"D j M Y \a\t G:i"),
}

#: Between the ends of a range: unspaced within a day, spaced between two dates.
DASH = "–"
SPACED_DASH = " – "


def style(language: str | None = None) -> Style:
    code = (language or translation.get_language() or "fi").split("-")[0]
    return STYLES.get(code, STYLES["fi"])


def local(value: datetime.datetime) -> datetime.datetime:
    """An aware datetime in Finnish time (a naive one is taken to be Finnish time already)."""
    if timezone.is_naive(value):
        return value
    return timezone.localtime(value)


def _parts(pattern: str) -> list[tuple[bool, str]] | None:
    """The pattern as (is a field, text) parts for `_fast_format`, or None when it uses a
    field that `_fast_format` does not write."""
    parts = _PARTS.get(pattern)
    if parts is None and pattern not in _PARTS:
        parts = []
        escaped = False
        for char in pattern:
            if escaped:
                parts.append((False, char))
                escaped = False
            elif char == "\\":
                escaped = True
            elif char in _FIELDS:
                parts.append((True, char))
            elif char.isalpha():
                parts = None
                break
            else:
                parts.append((False, char))
        _PARTS[pattern] = parts
    return parts


def _fast_format(value, parts: list[tuple[bool, str]]) -> str:
    """What `dateformat.format` writes for the fields of `STYLES` (D j n M Y G i), in the
    active language, without its per-call parsing of the pattern: a listing formats a
    date per row."""
    out = []
    for is_field, text in parts:
        if not is_field:
            out.append(text)
        elif text == "D":
            out.append(str(WEEKDAYS_ABBR[value.weekday()]))
        elif text == "j":
            out.append(str(value.day))
        elif text == "n":
            out.append(str(value.month))
        elif text == "M":
            out.append(str(MONTHS_3[value.month]).title())
        elif text == "Y":
            out.append(f"{value.year:04d}")
        elif text == "G":
            out.append(str(value.hour))
        else:  # "i"
            out.append(f"{value.minute:02d}")
    return "".join(out)


#: The fields `_fast_format` writes, and the patterns parsed so far.
_FIELDS = frozenset("DjnMYGi")
_PARTS: dict[str, list[tuple[bool, str]] | None] = {}


def _write(value, pattern: str) -> str:
    parts = _parts(pattern)
    if parts is None:
        return dateformat.format(value, pattern)
    return _fast_format(value, parts)


def _format(value, pattern: str, language: str | None) -> str:
    if language is None:
        return _write(value, pattern)
    with translation.override(language):
        return _write(value, pattern)


def format_date(
    value: datetime.date | datetime.datetime, *, language: str | None = None
) -> str:
    """ "ke 9.12.2026", "ons 9.12.2026", "Wed 9 Dec 2026"."""
    if isinstance(value, datetime.datetime):
        value = local(value)
    return _format(value, style(language).date, language)


def format_time(value: datetime.datetime, *, language: str | None = None) -> str:
    """ "9.30", "9.30", "9:30"."""
    return _format(local(value), style(language).time, language)


def format_datetime(value: datetime.datetime, *, language: str | None = None) -> str:
    """ "ke 9.12.2026 klo 9.30", "ons 9.12.2026 kl. 9.30", "Wed 9 Dec 2026 at 9:30"."""
    return _format(local(value), style(language).datetime, language)


def format_datetime_range(
    start: datetime.datetime,
    end: datetime.datetime | None,
    *,
    language: str | None = None,
) -> str:
    """ "ke 9.12.2026 klo 9.30–11.00"; over several days
    "ke 9.12.2026 klo 9.30 – to 10.12.2026 klo 12.00"."""
    if end is None:
        return format_datetime(start, language=language)
    if local(start).date() == local(end).date():
        return (
            format_datetime(start, language=language)
            + DASH
            + format_time(end, language=language)
        )
    return (
        format_datetime(start, language=language)
        + SPACED_DASH
        + format_datetime(end, language=language)
    )


def format_date_range(
    start: datetime.date | datetime.datetime,
    end: datetime.date | datetime.datetime,
    *,
    language: str | None = None,
) -> str:
    """ "ma 1.12.2026 – pe 12.12.2026" (one date when both ends fall on the same day)."""
    first = format_date(start, language=language)
    last = format_date(end, language=language)
    return first if first == last else first + SPACED_DASH + last


def iso_datetime(value: datetime.datetime) -> str:
    """For `<time datetime>` and machines: "2026-12-09T09:30:00+02:00", in Finnish time
    and to the second (HTML allows at most three decimals of a second)."""
    return local(value).replace(microsecond=0).isoformat()


def iso_date(value: datetime.date | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        value = local(value).date()
    return value.isoformat()
