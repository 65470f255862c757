import functools

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.contrib.simple_translation import wagtail_hooks as simple_translation_hooks
from wagtail.snippets.models import register_snippet

from events import access as event_access
from events import services
from events.models import EventPage
from events.viewsets import (
    EventRegistrationsViewSet,
    EventSeriesViewSet,
    SubmitPageTranslationView,
)

register_snippet(EventSeriesViewSet)


@hooks.register("insert_global_admin_css")
def events_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("events/admin.css"))


@hooks.register("register_admin_viewset")
def register_event_registrations_viewset():
    return EventRegistrationsViewSet()


@hooks.register("register_page_header_buttons")
def registrations_button(page, user, view_name, next_url=None):
    """ "Registrations" on an event page's header in the editor."""
    if isinstance(
        page.specific_deferred, EventPage
    ) and event_access.can_manage_event_registrations(user):
        yield Button(
            _("Registrations"),
            reverse("events_admin:event", args=[page.pk]),
            icon_name="group",
            priority=60,
        )


@hooks.register("register_admin_urls", order=-1)
def register_page_translation_url():
    """Serve simple_translation's address for translating a page with the view above.

    Admin URLs are matched in the order of their hooks: this one (order -1) comes before
    simple_translation's pattern for the same address, so no request reaches that one.
    """
    return [
        path(
            "translation/submit/page/<int:page_id>/",
            SubmitPageTranslationView.as_view(),
        )
    ]


def without_event_pages(hook):
    """Wrap a page-button hook so that it offers nothing on event pages."""

    @functools.wraps(hook)
    def wrapper(*, page, user, **kwargs):
        if isinstance(page.specific_deferred, EventPage):
            return []
        return hook(page=page, user=user, **kwargs)

    return wrapper


def hide_translate_buttons_on_event_pages() -> None:
    """Take simple_translation's "Translate" buttons off event pages: in the page
    listing's "More" menu and in the page header (the editor and the explorer).

    Wagtail has no public way to withdraw or filter another app's buttons there, so the
    two hooks are replaced in the registry by wrapped ones, in the same place.
    """
    for hook_name, hook in [
        (
            "register_page_listing_more_buttons",
            simple_translation_hooks.page_listing_more_buttons,
        ),
        ("register_page_header_buttons", simple_translation_hooks.page_header_buttons),
    ]:
        hooks._hooks[hook_name] = [
            (
                without_event_pages(registered) if registered is hook else registered,
                order,
            )
            for registered, order in hooks._hooks[hook_name]
        ]


hide_translate_buttons_on_event_pages()


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
