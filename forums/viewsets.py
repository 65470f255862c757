"""The app's admin views and ViewSets; wagtail_hooks.py registers them."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import BasePermissionPolicy

from forums import access as forum_access
from portal import access
from portal.viewsets import DateTimeColumn

from . import services
from .exceptions import ForumError
from .models import REASON_MAX_LENGTH, Category, Report


class StaffCategoryPolicy(BasePermissionPolicy):
    """Staff editors manage the categories."""

    def user_has_permission(self, user, action):
        return access.is_staff_editor(user)

    def user_has_any_permission(self, user, actions):
        return access.is_staff_editor(user)

    def users_with_any_permission(self, actions):
        return access.users_with_permission(
            get_user_model().objects.all(), access.OFFICE_TOOLS_PERMISSION
        )


class ModeratorReportPolicy(BasePermissionPolicy):
    """Moderators see and decide reports; nobody adds or deletes them in the admin."""

    actions = {"view", "change"}

    def user_has_permission(self, user, action):
        return action in self.actions and forum_access.can_moderate(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return get_user_model().objects.none()
        return access.users_with_permission(
            get_user_model().objects.all(), forum_access.MODERATE_PERMISSION
        )


class CategoryDeleteView(generic.DeleteView):
    """A category with topics stays (its topics would be lost): move them first."""

    def form_valid(self, form):
        if self.object.topics.exists():
            messages.error(
                self.request,
                _("The category has topics. Move them to another category first."),
            )
            return redirect(self.get_success_url())
        return super().form_valid(form)


class CategoryViewSet(ModelViewSet):
    model = Category
    name = "forum_categories"
    icon = "folder-open-inverse"
    delete_view_class = CategoryDeleteView
    menu_label = _("Categories")
    list_display = ["name_fi", "name_sv", "topic_count", "post_count", "sort_order"]
    search_fields = ["name_fi", "name_sv", "description_fi"]
    ordering = ["sort_order", "name_fi"]
    sort_order_field = None
    copy_view_enabled = False
    add_to_reference_index = False


class ReportDecisionForm(WagtailAdminModelForm):
    """The moderator's decision on a report: hide the post, or dismiss the report."""

    HIDE = "hide"
    DISMISS = "dismiss"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (HIDE, _("Hide the post (closes every open report of it)")),
            (DISMISS, _("Dismiss this report; the post stays")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason or note"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When hiding, this is shown in place of the post."),
    )

    class Meta:
        model = Report
        fields = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.HIDE and not cleaned.get("note"):
            self.add_error("note", _("Give the reason that members will see."))
        if not self.instance.is_open:
            raise forms.ValidationError(_("This report has already been handled."))
        return cleaned


class ReportDecisionView(generic.EditView):
    """The report's page in the queue: what was reported, and the decision form."""

    page_title = _("Handle the report")
    submit_button_label = _("Save the decision")
    success_message = _("The report was handled.")

    def save_instance(self):
        data = self.form.cleaned_data
        moderator = self.request.user
        if data["decision"] == ReportDecisionForm.HIDE:
            return services.hide_reported_post(
                report=self.object, moderator=moderator, note=data["note"]
            )
        return services.dismiss_report(
            report=self.object, moderator=moderator, note=data["note"]
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ForumError as error:
            form.add_error(None, str(error.message))
            return self.form_invalid(form)


class ReportIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Report.objects.with_details()


class ReportViewSet(ModelViewSet):
    model = Report
    name = "forum_reports"
    icon = "warning"
    menu_label = _("Reported posts")
    index_view_class = ReportIndexView
    edit_view_class = ReportDecisionView
    list_display = [
        "post",
        "reason",
        "reporter",
        DateTimeColumn("created_at", label=_("Reported"), sort_key="created_at"),
        "status",
    ]
    list_filter = ["status"]
    ordering = ["-created_at"]
    copy_view_enabled = False
    add_to_reference_index = False
    edit_handler = ObjectList(
        [
            HelpPanel(
                template="forums/admin/report_details.html", heading=_("The report")
            ),
            FieldPanel("decision"),
            FieldPanel("note"),
        ],
        base_form_class=ReportDecisionForm,
    )


class ForumViewSetGroup(ViewSetGroup):
    menu_label = _("Forum")
    menu_icon = "group"
    menu_order = 250
    items = (CategoryViewSet, ReportViewSet)


class ForumLogFormatter(LogFormatter):
    """The action's label, with the reason or the move when the entry has them."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if "to" in data:
            return _("%(label)s: %(from)s → %(to)s") % {"label": self.label, **data}
        detail = data.get("reason") or data.get("note")
        return f"{self.label}: {detail}" if detail else str(self.label)
