from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events import services
from events.models import EventSeries


class EventSeriesViewSet(SnippetViewSet):
    model = EventSeries
    icon = "date"
    menu_label = _("Event series")
    menu_order = 310
    add_to_admin_menu = False
    list_display = ["name_fi", "name_sv", "slug"]
    search_fields = ["name_fi", "name_sv"]
    ordering = ["name_fi"]


register_snippet(EventSeriesViewSet)


@hooks.register("register_log_actions")
def register_events_log_actions(actions):
    actions.register_action(
        services.ACTION_APPROVE, _("Approve registration"), _("Registration approved")
    )
    actions.register_action(
        services.ACTION_REJECT, _("Reject registration"), _("Registration not approved")
    )
    actions.register_action(
        services.ACTION_CHANGE_CAPACITY,
        _("Change capacity"),
        _("Event capacity changed"),
    )
    actions.register_action(
        services.ACTION_MESSAGE,
        _("Message registrants"),
        _("Message sent to the registrants"),
    )
