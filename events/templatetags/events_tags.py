from django import template

from portal.dates import format_datetime_range

register = template.Library()


@register.simple_tag
def event_when(event) -> str:
    """When the event is, in the portal's one date style: "ti 26.1.2027 klo 9.30–11.00"."""
    return format_datetime_range(event.starts_at, event.ends_at)


@register.simple_tag(takes_context=True)
def event_url(context, event, index_url="") -> str:
    """The event's address on the site of the reader's event index (`index_url`), where
    every event of every language is shown; its own address without one."""
    return event.url_on_site(index_url, context.get("request"))
