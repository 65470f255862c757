"""The portal's admin views and ViewSets, and what every app's admin views share: the plain
403 answer, the staff-only menu item, and dates in the portal's one style (a listing column
and the inspect views' values) instead of Wagtail's relative "just now" and UTC times. Each
app keeps its admin views in `viewsets.py`; `wagtail_hooks.py` only registers them."""

import datetime

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from django_filters import AllValuesFilter

from portal import access, dates
from portal.models import OutgoingEmail, Theme

#: Shown for an empty value in the admin ("Decided: –", not "Decided: None").
EMPTY = "–"


def forbidden(request) -> TemplateResponse:
    """A plain 403: Wagtail would redirect signed-in staff to the dashboard instead,
    which hides from them (and from the access matrix) that the answer is "no"."""
    return TemplateResponse(request, "403.html", status=403)


class ForbiddenInsteadOfRedirectMixin:
    """For Wagtail's generic views: answer a permission failure with a 403."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)


class StaffMenuItem(MenuItem):
    """A menu item shown to the office's staff editors only."""

    def is_shown(self, request):
        return access.is_staff_editor(request.user)


def display_value(value):
    """A value as the admin shows it: dates and times in Finnish time and the portal's
    style, nothing as a dash; anything else unchanged."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime.datetime):
        return dates.format_datetime(value)
    if isinstance(value, datetime.date):
        return dates.format_date(value)
    return value


class DateTimeColumn(Column):
    """A listing column of a date or time, written out ("ke 9.12.2026 klo 9.30"): Wagtail's
    DateColumn says "just now" of every time in the future, such as an event's start."""

    cell_template_name = "portal/admin/datetime_cell.html"

    def get_value(self, instance):
        value = super().get_value(instance)
        return {
            "text": display_value(value),
            "iso": (
                dates.iso_datetime(value)
                if isinstance(value, datetime.datetime)
                else dates.iso_date(value)
                if isinstance(value, datetime.date)
                else ""
            ),
        }


class InspectView(generic.InspectView):
    """Wagtail's inspect view with dates in Finnish time and a dash for empty values
    (its template would write UTC times and "None")."""

    def get_field_display_value(self, field_name, field):
        return display_value(super().get_field_display_value(field_name, field))


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["name_fi", "name_sv", "slug", "sort_order"]
    search_fields = ["name_fi", "name_sv"]
    ordering = ["sort_order", "name_fi"]


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Staff with the model's view permission may look; nobody adds, edits or deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, "view")

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


class OutgoingEmailFilterSet(WagtailFilterSet):
    kind = AllValuesFilter(label=_("Kind"), empty_label=_("All kinds"))

    class Meta:
        model = OutgoingEmail
        fields = ["status", "kind"]


class OutgoingEmailViewSet(ModelViewSet):
    """Sent, queued and failed mails, so the office sees what did not go out."""

    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Outgoing e-mails")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = InspectView
    # The policy refuses add, edit and delete; the form exists only because the
    # viewset builds its views up front.
    form_fields = ["status"]
    list_display = [
        "to",
        "subject",
        "kind",
        "status",
        "attempts",
        DateTimeColumn("created_at", label=_("Created"), sort_key="created_at"),
    ]
    filterset_class = OutgoingEmailFilterSet
    search_fields = ["to", "subject"]
    ordering = ["-created_at", "-pk"]
    inspect_view_fields = [
        "to",
        "subject",
        "kind",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "reply_to",
        "body_text",
    ]
