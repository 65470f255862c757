"""Template helpers of the forum: the header link with the unread count and the moderators'
open report count. (What the topic page offers on each post comes from the view:
`forums.views.ShownPost`.)"""

from django import template

from portal import access

from ..models import Report
from ..services import unread_notification_count

register = template.Library()


@register.simple_tag
def open_report_count() -> int:
    return Report.objects.open().count()


@register.inclusion_tag("forums/includes/header_links.html", takes_context=True)
def forum_header_links(context):
    """The forum link and the unread notification count in the header, for members."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not access.can_view_members_content(user):
        return {"show": False}
    return {"show": True, "unread_count": unread_notification_count(user)}
