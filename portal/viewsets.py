"""The portal's admin views and ViewSets, and what every app's admin views share: the plain
403 answer, the staff-only menu item, and dates in the portal's one style (a listing column
and the inspect views' values) instead of Wagtail's relative "just now" and UTC times. Each
app keeps its admin views in `viewsets.py`; `wagtail_hooks.py` only registers them."""

import datetime
import functools

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from allauth.account.decorators import reauthentication_required
from django_filters import AllValuesFilter

from portal import access, dates, mfa
from portal.models import OutgoingEmail, Theme

#: Shown for an empty value in the admin ("Decided: –", not "Decided: None").
EMPTY = "–"

#: Wagtail's views that change who holds a role: people and groups, and the bulk actions
#: on people (assign a role, deactivate, delete).
ROLE_CHANGE_VIEWS = {
    "wagtailusers_users:add",
    "wagtailusers_users:edit",
    "wagtailusers_users:delete",
    "wagtailusers_groups:add",
    "wagtailusers_groups:edit",
    "wagtailusers_groups:delete",
}


def is_role_change(match) -> bool:
    if match is None:
        return False
    if match.view_name in ROLE_CHANGE_VIEWS:
        return True
    model = (match.kwargs.get("app_label"), match.kwargs.get("model_name"))
    return match.view_name == "wagtail_bulk_action" and model in {
        ("portal", "user"),
        ("auth", "group"),
    }


def role_changes_reauthenticate(view):
    """Wrap an admin view: a change of roles (a POST to one of ROLE_CHANGE_VIEWS)
    needs a recent re-authentication; allauth asks for it and then carries the
    change out. Other views pass as they are."""
    guarded = reauthentication_required(view, allow_get=True)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_role_change(request.resolver_match):
            return guarded(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapper


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


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For the site history and the e-mail to the person, e.g. “Phone lost”."
        ),
    )


@method_decorator(reauthentication_required(allow_get=True), name="post")
class SecondFactorResetView(WagtailAdminTemplateMixin, FormView):
    """An administrator removes the second factors of a person who lost theirs."""

    form_class = SecondFactorResetForm
    template_name = "portal/admin/second_factor_reset.html"
    page_title = _("Reset the second factor")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not access.can_manage_people(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def person(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.person.get_full_name() or self.person.email

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            factors=list(mfa.second_factors_of(self.person)),
            **kwargs,
        )

    def form_valid(self, form):
        mfa.reset_second_factor(
            user=self.person, by=self.request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            self.request,
            _("The second factor of %(name)s was reset.")
            % {"name": self.get_page_subtitle()},
        )
        return redirect(reverse("wagtailusers_users:edit", args=[self.person.pk]))
