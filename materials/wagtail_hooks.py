from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from materials import services
from materials.viewsets import (
    ExpertViewSet,
    MaterialReviewReportView,
    PracticeQueueView,
)
from portal import access
from portal.viewsets import StaffMenuItem


@hooks.register("before_serve_document")
def check_document_audience(document, request):
    """A file is served only to those who may see a live page that publishes it."""
    decision = services.document_decision(request.user, document)
    if decision is access.Decision.LOGIN:
        return redirect_to_login(request.get_full_path())
    if decision is access.Decision.FORBID:
        return TemplateResponse(
            request,
            "materials/document_unavailable.html",
            {"document": document},
            status=403,
        )
    return None


register_snippet(ExpertViewSet)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path(
            "reports/materials-to-review/",
            MaterialReviewReportView.as_view(),
            name="materials_review",
        ),
        path(
            "reports/materials-to-review/results/",
            MaterialReviewReportView.as_view(results_only=True),
            name="materials_review_results",
        ),
        path(
            "reports/shared-practices/",
            PracticeQueueView.as_view(),
            name="materials_practice_queue",
        ),
        path(
            "reports/shared-practices/results/",
            PracticeQueueView.as_view(results_only=True),
            name="materials_practice_queue_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return StaffMenuItem(
        _("Materials to review"),
        reverse("materials_review"),
        icon_name="time",
        order=700,
    )


@hooks.register("register_reports_menu_item")
def register_practice_queue_menu_item():
    return StaffMenuItem(
        _("Shared practices"),
        reverse("materials_practice_queue"),
        icon_name="tasks",
        order=710,
    )


@hooks.register("register_admin_viewset")
def register_material_page_viewset():
    from materials.explorer import MaterialPageViewSet

    return MaterialPageViewSet("material_pages")
