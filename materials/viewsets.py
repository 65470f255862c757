"""The app's admin views and ViewSets; wagtail_hooks.py registers them."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.auth import permission_denied
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import (
    Column,
    LiveStatusTagColumn,
    LocaleColumn,
    TitleColumn,
)
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.views.snippets import SnippetViewSet

from materials.forms import ExpertAdminForm
from materials.models import Expert, MaterialPage
from portal import access
from portal.exports import SafeSpreadsheetExportMixin
from portal.viewsets import DateTimeColumn


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
