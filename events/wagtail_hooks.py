from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events import services
from events.models import EventPage, EventSeries
from events.viewsets import EventRegistrationsViewSet
from network import access


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


@hooks.register("register_admin_viewset")
def register_event_registrations_viewset():
    return EventRegistrationsViewSet()


@hooks.register("register_page_header_buttons")
def registrations_button(page, user, view_name, next_url=None):
    """ "Registrations" on an event page's header in the editor."""
    if isinstance(
        page.specific_deferred, EventPage
    ) and access.can_manage_event_registrations(user):
        yield Button(
            _("Registrations"),
            reverse("events_admin:event", args=[page.pk]),
            icon_name="group",
            priority=60,
        )


@hooks.register("register_log_actions")
def register_events_log_actions(actions):
    actions.register_action(
        services.ACTION_ADD, _("Add registration"), _("Registration added by staff")
    )
    actions.register_action(
        services.ACTION_APPROVE, _("Approve registration"), _("Registration approved")
    )
    actions.register_action(
        services.ACTION_CONFIRM,
        _("Give a seat"),
        _("Moved from the waitlist to a seat"),
    )
    actions.register_action(
        services.ACTION_WAITLIST, _("Move to the waitlist"), _("Moved to the waitlist")
    )
    actions.register_action(
        services.ACTION_CANCEL,
        _("Cancel registration"),
        _("Registration cancelled by staff"),
    )
    actions.register_action(
        services.ACTION_ATTENDANCE, _("Record attendance"), _("Attendance recorded")
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
