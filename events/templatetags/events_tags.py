import datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


def format_event_time(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """E.g. "tiistai 25. tammikuuta 2027 klo 9.30–11.00" in Finnish time and the active
    language; an event over several days shows both dates."""
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    start_date = (
        f"{formats.date_format(start, 'l')} {formats.date_format(start, 'DATE_FORMAT')}"
    )
    start_time = formats.time_format(start, "TIME_FORMAT")
    end_time = formats.time_format(end, "TIME_FORMAT")
    if start.date() == end.date():
        return _("%(date)s at %(start)s–%(end)s") % {
            "date": start_date,
            "start": start_time,
            "end": end_time,
        }
    end_date = (
        f"{formats.date_format(end, 'l')} {formats.date_format(end, 'DATE_FORMAT')}"
    )
    return _("%(start_date)s at %(start)s – %(end_date)s at %(end)s") % {
        "start_date": start_date,
        "start": start_time,
        "end_date": end_date,
        "end": end_time,
    }


@register.simple_tag
def event_when(event) -> str:
    return format_event_time(event.starts_at, event.ends_at)
