from django import template

from portal.dates import format_datetime_range

register = template.Library()


@register.simple_tag
def event_when(event) -> str:
    """When the event is, in the portal's one date style: "ti 26.1.2027 klo 9.30–11.00"."""
    return format_datetime_range(event.starts_at, event.ends_at)
