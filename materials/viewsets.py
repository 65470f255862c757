"""The app's admin views and ViewSets; wagtail_hooks.py registers them."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import (
    Column,
    LiveStatusTagColumn,
    LocaleColumn,
    TitleColumn,
)
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from materials import access as practice_access
from materials.forms import ExpertAdminForm
from materials.models import Expert, MaterialPage, PracticeSubmission
from portal import access
from portal.exports import SafeSpreadsheetExportMixin
from portal.viewsets import DateTimeColumn, forbidden


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "user"
    menu_label = _("Experts")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "title_fi", "email", "phone"]
    list_filter = ["themes"]
    search_fields = ["name", "title_fi", "title_sv", "responsibilities_fi"]
    ordering = ["sort_order", "name"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("name"), FieldPanel("slug"), FieldPanel("photo")],
                heading=_("Person"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("title_fi"),
                    FieldPanel("title_sv"),
                    FieldPanel("title_en"),
                ],
                heading=_("Job title"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("responsibilities_fi"),
                    FieldPanel("responsibilities_sv"),
                    FieldPanel("responsibilities_en"),
                    FieldPanel("themes"),
                ],
                heading=_("Areas of responsibility"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                    FieldPanel("languages"),
                ],
                heading=_("Contact"),
            ),
            FieldPanel("sort_order"),
        ],
        base_form_class=ExpertAdminForm,
    )


class MaterialReviewReportView(SafeSpreadsheetExportMixin, ReportView):
    """Materials past or near their "valid until" date, for the office to update."""

    page_title = _("Materials to review")
    header_icon = "time"
    index_url_name = "materials_review"
    index_results_url_name = "materials_review_results"
    export_filename = "materials-to-review"
    columns = [
        TitleColumn("title", label=_("Title"), url_name="wagtailadmin_pages:edit"),
        DateTimeColumn("valid_until_on", label=_("Valid until")),
        Column("expert", label=_("Responsible expert")),
        LocaleColumn(label=_("Language")),
        LiveStatusTagColumn(),
    ]
    list_export = [
        "title",
        "valid_until_on",
        "expert",
        "locale",
        "status_string",
        "full_url",
    ]
    export_headings = {
        "title": _("Title"),
        "valid_until_on": _("Valid until"),
        "expert": _("Responsible expert"),
        "locale": _("Language"),
        "status_string": _("Status"),
        "full_url": _("Address"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not access.is_staff_editor(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return MaterialPage.objects.needing_review(today=timezone.localdate())


class PracticeQueueFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Review status"),
        choices=PracticeSubmission.Status.choices,
        empty_label=_("Any status"),
    )

    class Meta:
        model = PracticeSubmission
        fields = ["status"]


class PracticeQueueView(SafeSpreadsheetExportMixin, ReportView):
    """Shared good practices and where each review stands; the review itself happens
    in the page editor's workflow actions (ask for changes, publish, decline)."""

    page_title = _("Shared practices")
    header_icon = "tasks"
    index_url_name = "materials_practice_queue"
    index_results_url_name = "materials_practice_queue_results"
    export_filename = "shared-practices"
    filterset_class = PracticeQueueFilterSet
    columns = [
        TitleColumn(
            "title",
            label=_("Practice"),
            accessor="page.draft_title",
            url_name="wagtailadmin_pages:edit",
            id_accessor="page_id",
        ),
        Column("municipality", label=_("Municipality"), accessor="page.municipality"),
        Column("shared_by", label=_("Shared by"), accessor="submitted_by"),
        Column("status", label=_("Status"), accessor="status_label"),
        DateTimeColumn("submitted_at", label=_("Sent for review")),
        Column("language", label=_("Language"), accessor="page.locale"),
    ]
    list_export = [
        "page.draft_title",
        "page.municipality",
        "status_label",
        "submitted_at",
        "page.full_url",
    ]
    export_headings = {
        "page.draft_title": _("Practice"),
        "page.municipality": _("Municipality"),
        "status_label": _("Status"),
        "submitted_at": _("Sent for review"),
        "page.full_url": _("Address"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not practice_access.can_review_practices(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return PracticeSubmission.objects.for_review_queue()
