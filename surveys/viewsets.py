"""Staff views in the Wagtail admin: the surveys, results with filters and exports, the
municipalities that have not answered, invitations and reminders, the preparer register.

Every view checks the survey through `network.survey_access.can_manage_survey` (page edit
permission); the register lists only surveys the user may manage.
"""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import SnippetViewSet

from network.models import Municipality
from portal import access
from portal.exports import csv_response, xlsx_response
from portal.viewsets import forbidden
from surveys import access as survey_access
from surveys import results as survey_results
from surveys import services
from surveys.exports import answer_table
from surveys.filters import MunicipalityFilter
from surveys.models import SurveyInvitation, SurveyPage, SurveyResponse, SurveySeries


def staff_only(view):
    """Answer 403 when the survey (or the register) is not the user's to manage."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)

    return wrapped


def managed_survey(request, page_id: int) -> SurveyPage:
    """The survey (default-language page) if the user may manage it; 403 otherwise."""
    page = get_object_or_404(SurveyPage, pk=page_id).canonical
    if not survey_access.can_manage_survey(request.user, page):
        raise PermissionDenied
    return page


class StaffOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        try:
            self.check_permission(request, **kwargs)
        except PermissionDenied:
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self, request, **kwargs) -> None:
        if not access.is_staff_editor(request.user):
            raise PermissionDenied


class SurveyAdminView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "list-ul"

    def check_permission(self, request, **kwargs) -> None:
        self.survey = managed_survey(request, kwargs["page_id"])

    def get_page_subtitle(self):
        return self.survey.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("surveys_admin:index"), "label": _("Surveys")},
            {
                "url": reverse("surveys_admin:results", args=[self.survey.pk]),
                "label": self.survey.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]


class SurveyIndexView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The surveys the user may manage, with their answer counts and state."""

    template_name = "surveys/admin/index.html"
    page_title = gettext_lazy("Surveys")
    header_icon = "list-ul"

    def get_context_data(self, **kwargs):
        surveys = (
            SurveyPage.objects.canonical()
            .select_related("series")
            .annotate(
                answer_count=Count(
                    "responses",
                    filter=Q(responses__status=SurveyResponse.Status.SUBMITTED),
                )
            )
            .order_by("-opens_at", "pk")
        )
        return super().get_context_data(
            surveys=[
                s
                for s in surveys
                if survey_access.can_manage_survey(self.request.user, s)
            ],
            now=timezone.now(),
            **kwargs,
        )


class ResultsView(SurveyAdminView):
    template_name = "surveys/admin/results.html"
    page_title = gettext_lazy("Results")

    def get_context_data(self, **kwargs):
        filterset = MunicipalityFilter(self.request.GET or None)
        return super().get_context_data(
            survey=self.survey,
            filter=filterset,
            results=survey_results.staff_results(
                page=self.survey, municipalities=filterset.municipalities
            ),
            query=self.request.GET.urlencode(),
            **kwargs,
        )


@staff_only
def export_answers(request, page_id: int, fmt: str):
    """The sent answers (filtered like the results) as CSV or XLSX."""
    survey = managed_survey(request, page_id)
    filterset = MunicipalityFilter(request.GET or None)
    responses = SurveyResponse.objects.of_survey(survey).for_export()
    if filterset.municipalities is not None:
        responses = responses.in_municipalities(filterset.municipalities)
    header, rows = answer_table(page=survey, responses=responses)
    filename = f"{survey.slug}-answers"
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows)
    if fmt == "csv":
        return csv_response(filename, header, rows)
    raise Http404


class NotAnsweredView(SurveyAdminView):
    """Municipalities (filtered) without a sent answer, to follow up; CSV with ?format=csv."""

    template_name = "surveys/admin/not_answered.html"
    page_title = gettext_lazy("Not answered")

    def municipalities(self, filterset):
        base = filterset.qs if filterset.is_active else Municipality.objects.all()
        return services.municipalities_without_answer(
            survey=self.survey, municipalities=base
        ).order_by("name_fi")

    def get(self, request, *args, **kwargs):
        filterset = MunicipalityFilter(request.GET or None)
        municipalities = self.municipalities(filterset)
        if request.GET.get("format") == "csv":
            return csv_response(
                f"{self.survey.slug}-not-answered",
                [
                    _("Code"),
                    _("Municipality"),
                    _("Region"),
                    _("Wellbeing services county"),
                    _("Employment area"),
                    _("Contact e-mail"),
                ],
                (
                    [
                        m.code,
                        m.name,
                        m.region_name,
                        m.wellbeing_county_name,
                        m.employment_area_name,
                        m.contact_email,
                    ]
                    for m in municipalities
                ),
            )
        context = self.get_context_data(
            survey=self.survey,
            filter=filterset,
            municipalities=municipalities,
            query=request.GET.urlencode(),
        )
        return self.render_to_response(context)


class InvitationsView(SurveyAdminView):
    """Send invitations (all or chosen municipalities) and reminders; list what was sent,
    what failed and which municipalities have no contact address."""

    template_name = "surveys/admin/invitations.html"
    page_title = gettext_lazy("Invitations")

    def get_context_data(self, **kwargs):
        invitations = SurveyInvitation.objects.filter(survey=self.survey).for_listing()
        return super().get_context_data(
            survey=self.survey,
            invitations=invitations[:500],
            failed=invitations.failed(),
            missing=Municipality.objects.filter(contact_email="").order_by("name_fi"),
            municipalities=Municipality.objects.order_by("name_fi"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "remind":
            report = services.send_reminders(survey=self.survey, sent_by=request.user)
        elif action in ("invite_all", "invite_chosen"):
            chosen = Municipality.objects.order_by("name_fi")
            if action == "invite_chosen":
                chosen = chosen.filter(code__in=request.POST.getlist("municipalities"))
            report = services.send_invitations(
                survey=self.survey, municipalities=chosen, sent_by=request.user
            )
        else:
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(
            request,
            " ".join(
                [
                    ngettext(
                        "%(count)s e-mail queued.",
                        "%(count)s e-mails queued.",
                        len(report.sent),
                    )
                    % {"count": len(report.sent)},
                    ngettext(
                        "%(count)s municipality has no address.",
                        "%(count)s municipalities have no address.",
                        len(report.missing),
                    )
                    % {"count": len(report.missing)},
                    *(
                        [
                            ngettext(
                                "%(count)s municipality has unsubscribed from "
                                "survey invitations.",
                                "%(count)s municipalities have unsubscribed from "
                                "survey invitations.",
                                len(report.unsubscribed),
                            )
                            % {"count": len(report.unsubscribed)}
                        ]
                        if report.unsubscribed
                        else []
                    ),
                ]
            ),
        )
        return redirect("surveys_admin:invitations", self.survey.pk)


class PreparerRegisterView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Contact persons of the register-building surveys per municipality: list, export
    (?format=csv|xlsx) and invite those without an account to sign up."""

    template_name = "surveys/admin/preparers.html"
    page_title = gettext_lazy("Preparer register")
    header_icon = "group"

    def preparers(self, filterset):
        surveys = services.surveys_for_register(self.request.user)
        return services.preparer_register(
            surveys=surveys, municipalities=filterset.municipalities
        )

    def get(self, request, *args, **kwargs):
        filterset = MunicipalityFilter(request.GET or None)
        preparers = self.preparers(filterset)
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            respond = csv_response if fmt == "csv" else xlsx_response
            return respond("preparer-register", *register_table(preparers))
        context = self.get_context_data(
            preparers=preparers, filter=filterset, query=request.GET.urlencode()
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        preparers = self.preparers(MunicipalityFilter(None))
        chosen = set(request.POST.getlist("emails"))
        invited = services.invite_preparers(
            preparers=[p for p in preparers if p.email in chosen],
            invited_by=request.user,
        )
        messages.success(
            request,
            ngettext(
                "%(count)s sign-up invitation queued.",
                "%(count)s sign-up invitations queued.",
                len(invited),
            )
            % {"count": len(invited)},
        )
        return redirect("surveys_admin:preparers")


def register_table(preparers) -> tuple[list[str], list[list]]:
    header = [
        _("Municipality code"),
        _("Municipality"),
        _("Name"),
        pgettext("job title", "Title"),
        _("E-mail"),
        _("Phone"),
        _("Role in the reform preparation"),
        _("Survey"),
        _("Answer changed"),
        _("Has an account"),
        _("Invited"),
    ]
    rows = [
        [
            p.municipality.code,
            p.municipality.name,
            p.name,
            p.title,
            p.email,
            p.phone,
            p.role,
            p.survey_title,
            p.updated_at,
            _("yes") if p.has_account else _("no"),
            p.invited_at,
        ]
        for p in preparers
    ]
    return header, rows


class SurveySeriesViewSet(SnippetViewSet):
    model = SurveySeries
    icon = "list-ul"
    menu_label = gettext_lazy("Survey series")
    menu_order = 320
    add_to_admin_menu = False
    list_display = ["name_fi", "name_sv", "slug"]
    search_fields = ["name_fi", "name_sv"]
    ordering = ["name_fi"]
