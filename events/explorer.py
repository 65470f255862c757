"""The page explorer of an event index (Wagtail's `PageViewSet` for event pages: its
listing is used for the children of every page type that has only events below it)."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.viewsets.pages import PageViewSet

from events.models import EventPage
from portal.page_listing import EXPLORER_PER_PAGE, explorer_columns
from portal.viewsets import DateTimeColumn


class EventPageViewSet(PageViewSet):
    """An event index's children in the explorer: each event's start beside its title,
    20 a page, with Wagtail's own title cell (its actions), status and filters."""

    model = EventPage
    icon = "date"
    list_per_page = EXPLORER_PER_PAGE
    columns = explorer_columns(
        DateTimeColumn("starts_at", label=_("Starts"), sort_key="starts_at")
    )
