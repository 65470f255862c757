from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from events import access as event_access
from events import services
from events.models import EventPage
from events.viewsets import EventRegistrationsViewSet, EventSeriesViewSet

register_snippet(EventSeriesViewSet)


@hooks.register("insert_global_admin_css")
def events_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("events/admin.css"))


@hooks.register("register_admin_viewset")
def register_event_registrations_viewset():
    return EventRegistrationsViewSet()


@hooks.register("register_page_header_buttons")
def registrations_button(page, user, view_name, next_url=None):
    """ "Registrations" on an event page's header in the editor: a translation's lead
    to its registration owner's (the event's one list)."""
    event = page.specific_deferred
    if isinstance(event, EventPage) and event_access.can_manage_event_registrations(
        user
    ):
        yield Button(
            _("Registrations"),
            reverse("events_admin:event", args=[event.registration_owner_pk]),
            icon_name="group",
            priority=60,
        )


def has_translated_originals(pages) -> bool:
    """Whether any of the pages, or a page below one, is an event's original that
    translations share the registrations of."""
    below = Q(pk__in=[])
    for page in pages:
        below |= Q(path__startswith=page.path)
    return (
        EventPage.objects.filter(below)
        .filter(translations_sharing_registrations__isnull=False)
        .exists()
    )


def refuse_deleting_originals(request, page):
    messages.error(
        request,
        _(
            "The registrations of this event belong to this page and its "
            "translations show them: delete or move the translations first, or "
            "cancel the event instead."
        ),
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_delete_page")
def keep_originals_of_translated_events(request, page):
    """An event's original is not deleted while translations share its registrations
    (its translations are deleted first; deleting a translation keeps them all)."""
    if has_translated_originals([page]):
        return refuse_deleting_originals(request, page)
    return None


@hooks.register("before_bulk_action")
def keep_originals_of_translated_events_in_bulk(request, action_type, objects, view):
    """The same for the page listing's bulk delete."""
    pages = [page for page in objects if isinstance(page, Page)]
    if action_type == "delete" and pages and has_translated_originals(pages):
        return refuse_deleting_originals(request, pages[0])
    return None


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
        services.ACTION_NEW_LINK,
        _("Send a new private link"),
        _("New private link sent to the guest; the old one stopped working"),
    )
    actions.register_action(
        services.ACTION_MESSAGE,
        _("Message registrants"),
        _("Message sent to the registrants"),
    )


@hooks.register("register_admin_viewset")
def register_event_page_viewset():
    from events.explorer import EventPageViewSet

    return EventPageViewSet("event_pages")
