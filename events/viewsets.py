"""Staff views in the Wagtail admin: the events report, one event's registrations (approve,
reject, confirm, move to the waitlist, cancel, attendance, add by hand), the attendance import,
the message to registrants and the CSV/XLSX export. Rules live in `services`."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from events import access as event_access
from events import services
from events.attendance import AttendanceReportError, parse_attendance_report
from events.exceptions import AttendanceNotOpen, EventCancelled, RegistrationError
from events.forms import (
    AttendanceConfirmForm,
    AttendanceReportForm,
    MessageRegistrantsForm,
    RejectionForm,
    StaffRegistrationForm,
)
from events.models import (
    EventPage,
    EventSeries,
    Registration,
)
from events.models.archived import registration_breakdowns
from portal.exports import SafeSpreadsheetExportMixin, csv_response, xlsx_response
from portal.links import url_template
from portal.viewsets import DateTimeColumn, forbidden


class ManageRegistrationsRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not event_access.can_manage_event_registrations(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


class EventMixin(ManageRegistrationsRequiredMixin):
    """Views about one event (`event_id` in the URL)."""

    @cached_property
    def event(self) -> EventPage:
        """The event of `event_id`: its registration owner, also for a translation's id
        (one list of registrations per event)."""
        owner_pk = EventPage.objects.filter(pk=self.kwargs["event_id"]).values(
            owner_pk=Coalesce("registration_owner", "pk")
        )
        return get_object_or_404(
            EventPage.objects.with_registration_counts().select_related("series"),
            pk=Subquery(owner_pk[:1]),
        )

    def event_url(self) -> str:
        return reverse("events_admin:event", args=[self.event.pk])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("event", self.event)
        kwargs.setdefault("event_url", self.event_url())
        return super().get_context_data(**kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("events_admin:index"), "label": _("Event registrations")},
            {"url": self.event_url(), "label": self.event.title},
            {"url": "", "label": self.get_page_title()},
        ]


# --- The report of all events ---------------------------------------------------------------


class EventReportFilterSet(WagtailFilterSet):
    when = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        method="filter_when",
        empty_label=_("All events"),
    )
    event_type = django_filters.ChoiceFilter(
        label=_("Event type"), choices=EventPage.EventType.choices
    )
    series = django_filters.ModelChoiceFilter(
        label=_("Series"), queryset=EventSeries.objects.all()
    )

    class Meta:
        model = EventPage
        fields: list[str] = []

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        return queryset.past(now) if value == "past" else queryset.upcoming(now)


class EventReportView(
    ManageRegistrationsRequiredMixin, SafeSpreadsheetExportMixin, ReportView
):
    page_title = _("Event registrations")
    header_icon = "date"
    index_url_name = "events_admin:index"
    index_results_url_name = "events_admin:index_results"
    filterset_class = EventReportFilterSet
    default_ordering = "-starts_at"
    list_export = [
        "title",
        "starts_at",
        "capacity",
        "confirmed_count",
        "pending_count",
        "waitlisted_count_total",
        "attended_count",
    ]
    export_headings = {
        "title": _("Event"),
        "starts_at": _("Starts"),
        "capacity": _("Capacity"),
        "confirmed_count": _("Confirmed"),
        "pending_count": _("Waiting for approval"),
        "waitlisted_count_total": _("On the waitlist"),
        "attended_count": _("Attended"),
    }
    export_filename = "events"

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Event"),
                get_url=lambda event: reverse("events_admin:event", args=[event.pk]),
                sort_key="title",
            ),
            DateTimeColumn("starts_at", label=_("Starts"), sort_key="starts_at"),
            Column(
                "capacity",
                label=_("Capacity"),
                accessor=lambda event: (
                    "–" if event.capacity is None else event.capacity
                ),
            ),
            Column("confirmed_count", label=_("Confirmed"), sort_key="confirmed_count"),
            Column("pending_count", label=_("Waiting for approval")),
            Column("waitlisted_count_total", label=_("On the waitlist")),
            Column("attended_count", label=_("Attended"), sort_key="attended_count"),
        ]

    def get_base_queryset(self):
        return (
            EventPage.objects.registration_owners()
            .with_registration_counts()
            .select_related("series")
        )


# --- One event ---------------------------------------------------------------------------------


class RegistrationFilterSet(WagtailFilterSet):
    q = django_filters.CharFilter(
        label=_("Search by name or e-mail address"), method="filter_q"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Registration.Status.choices,
        empty_label=_("All statuses"),
    )

    class Meta:
        model = Registration
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


def row_actions(
    registration: Registration,
    *,
    is_over: bool,
    can_record_attendance: bool,
    action_url: str,
    reject_url: str,
) -> list[tuple[str, str, bool]]:
    """The buttons of one row of the list, as (address, label, is a POST button): the
    seat changes until the event is over, attendance once it can be recorded. Addresses
    are formatted from the page's `url_template`s (no `reverse` per row)."""
    pk = registration.pk
    actions = []

    def post(action, label):
        actions.append((action_url.format(pk, action), label, True))

    if registration.is_pending:
        if not is_over:
            post("approve", gettext("Approve"))
        actions.append((reject_url.format(pk), gettext("Reject"), False))
    if not is_over:
        if registration.is_waitlisted:
            post("confirm", gettext("Give a seat"))
        if registration.is_confirmed or registration.is_pending:
            post("waitlist", gettext("Move to the waitlist"))
    if registration.is_active:
        post("cancel", gettext("Cancel"))
    if registration.has_attended:
        post("not_attended", gettext("Not attended"))
    elif can_record_attendance:
        post("attended", gettext("Attended"))
    if registration.is_guest:
        post("new_link", gettext("New private link"))
    return actions


class EventRegistrationsView(EventMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/event_registrations.html"
    header_icon = "date"
    #: As the events report beside it and Wagtail's page explorer (50 a page); the search,
    #: the status filter and the downloads reach the rest.
    paginate_by = 50

    def get_page_title(self):
        return _("Registrations")

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items()[:-1]

    def get_context_data(self, **kwargs):
        event = self.event
        filters = RegistrationFilterSet(
            self.request.GET,
            # The list shows the registration's own name and address, not its user's.
            queryset=Registration.objects.filter(event=event)
            .select_related("municipality")
            .order_by("created_at", "pk"),
        )
        paginator = WagtailPaginator(filters.qs, self.paginate_by)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        registrations = list(page_obj)
        positions = Registration.objects.filter(event=event).waitlist_positions(
            registrations
        )
        now = timezone.now()
        is_over = event.has_ended(now)
        can_record_attendance = event.can_record_attendance(now)
        action_url = url_template("events_admin:action", event.pk, None, None)
        reject_url = url_template("events_admin:reject", event.pk, None)
        # Django's get_status_display() rebuilds every choice's label per call.
        status_labels = {
            value: str(label) for value, label in Registration.Status.choices
        }
        for registration in registrations:
            registration.waitlist_position = positions.get(registration.pk, 0)
            registration.status_label = status_labels.get(
                registration.status, registration.status
            )
            registration.staff_actions = row_actions(
                registration,
                is_over=is_over,
                can_record_attendance=can_record_attendance,
                action_url=action_url,
                reject_url=reject_url,
            )
        # Names in the admin's language (Finnish where the register has no other).
        breakdowns = registration_breakdowns(event)
        return super().get_context_data(
            is_over=is_over,
            can_record_attendance=can_record_attendance,
            registrations=registrations,
            filters=filters,
            is_filtered=any(filters.form.cleaned_data.values()),
            page_obj=page_obj,
            elided_page_range=paginator.get_elided_page_range(page_obj.number),
            by_municipality=breakdowns["municipality"],
            by_county=breakdowns["county"],
            add_form=kwargs.pop("add_form", None) or StaffRegistrationForm(),
            questions=[child.value["label"] for child in event.registration_questions],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """Add a person by hand."""
        form = StaffRegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            details = services.RegistrantDetails(
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                municipality=data["municipality"],
                language=data["language"],
            )
            try:
                registration = services.add_registration(
                    event=self.event, details=details, by=request.user
                )
            except RegistrationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s was added: %(status)s.")
                    % {
                        "name": registration.name,
                        "status": registration.get_status_display(),
                    },
                )
                return redirect(self.event_url())
        return self.render_to_response(self.get_context_data(add_form=form), status=400)


ACTIONS = {
    "approve": (
        lambda registration, by: services.approve_registration(
            registration=registration, by=by
        ),
        _("%(name)s was approved."),
    ),
    "confirm": (
        lambda registration, by: services.confirm_registration(
            registration=registration, by=by
        ),
        _("%(name)s got a seat."),
    ),
    "waitlist": (
        lambda registration, by: services.move_to_waitlist(
            registration=registration, by=by
        ),
        _("%(name)s was moved to the waitlist."),
    ),
    "cancel": (
        lambda registration, by: services.cancel_registration_by_staff(
            registration=registration, by=by
        ),
        _("The registration of %(name)s was cancelled."),
    ),
    "attended": (
        lambda registration, by: services.record_attendance(
            event=registration.event, attended=[registration], by=by
        ),
        _("%(name)s was marked as attended."),
    ),
    "not_attended": (
        lambda registration, by: services.clear_attendance(
            registration=registration, by=by
        ),
        _("%(name)s is no longer marked as attended."),
    ),
    "new_link": (
        lambda registration, by: services.renew_manage_link(
            registration=registration, by=by
        ),
        _("A new private link was sent to %(name)s; the old one no longer works."),
    ),
}


class RegistrationActionView(EventMixin, View):
    """One staff action on one registration (POST), then back to the event."""

    http_method_names = ["post"]

    def post(self, request, event_id: int, pk: int, action: str):
        if action not in ACTIONS:
            raise Http404
        registration = get_object_or_404(
            Registration.objects.select_related("event"), pk=pk, event=self.event
        )
        service, done = ACTIONS[action]
        try:
            service(registration, request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done % {"name": registration.name})
        return redirect(self.event_url())


class RejectView(EventMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/reject.html"
    header_icon = "date"

    def get_page_title(self):
        return _("Reject registration")

    @cached_property
    def registration(self) -> Registration:
        return get_object_or_404(
            Registration.objects.select_related("event"),
            pk=self.kwargs["pk"],
            event=self.event,
        )

    @property
    def mail_language(self) -> str:
        return self.registration.language or settings.LANGUAGE_CODE

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            registration=self.registration,
            mail_language=self.mail_language,
            form=kwargs.pop("form", None) or RejectionForm(language=self.mail_language),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = RejectionForm(request.POST, language=self.mail_language)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.reject_registration(
                registration=self.registration,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s was not approved.") % {"name": self.registration.name},
            )
        return redirect(self.event_url())


class ExportView(EventMixin, View):
    """The event's registrations with the answers to its questions, as CSV or XLSX."""

    def get(self, request, event_id: int, file_format: str):
        if file_format not in ("csv", "xlsx"):
            raise Http404
        event = self.event
        questions = list(event.registration_questions)
        header = [
            _("Name"),
            _("E-mail address"),
            _("Organisation"),
            _("Municipality"),
            _("Wellbeing services county"),
            _("Status"),
            _("Registered at"),
            _("Attended"),
            *[child.value["label"] for child in questions],
        ]
        rows = (
            [
                registration.name,
                registration.email,
                registration.organisation,
                registration.municipality.name if registration.municipality else "",
                registration.municipality.wellbeing_county_name
                if registration.municipality
                else "",
                registration.get_status_display(),
                registration.created_at,
                registration.has_attended,
                *[
                    answer_text(registration.answers.get(child.id))
                    for child in questions
                ],
            ]
            for registration in Registration.objects.filter(event=event)
            .select_related("municipality")
            .order_by("created_at", "pk")
        )
        filename = f"registrations-{event.slug}"
        if file_format == "xlsx":
            return xlsx_response(filename, header, rows)
        return csv_response(filename, header, rows)


def answer_text(answer) -> str:
    if answer is None:
        return ""
    if isinstance(answer, bool):
        return str(_("Yes") if answer else _("No"))
    if isinstance(answer, list):
        return "; ".join(str(item) for item in answer)
    return str(answer)


class AttendanceImportView(EventMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload the meeting's attendance report, see who matched, then confirm."""

    template_name = "events/admin/attendance_import.html"
    header_icon = "date"

    def get_page_title(self):
        return _("Import attendance")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("upload_form", AttendanceReportForm())
        return super().get_context_data(
            can_record_attendance=self.event.can_record_attendance(timezone.now()),
            not_open_message=(
                EventCancelled.message
                if self.event.is_cancelled
                else AttendanceNotOpen.message
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.event.can_record_attendance(timezone.now()):
            return self.render_to_response(self.get_context_data(), status=409)
        if "confirm" in request.POST:
            return self.confirm(request)
        form = AttendanceReportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(upload_form=form), status=400
            )
        try:
            rows = parse_attendance_report(form.cleaned_data["report"].read())
        except AttendanceReportError:
            form.add_error("report", _("This file is not a Teams attendance report."))
            return self.render_to_response(
                self.get_context_data(upload_form=form), status=400
            )
        match = services.match_attendance_report(event=self.event, rows=rows)
        confirm_form = AttendanceConfirmForm(
            choices=[(r.pk, str(r)) for r in match.matched],
            initial={"registrations": [r.pk for r in match.matched]},
        )
        return self.render_to_response(
            self.get_context_data(match=match, confirm_form=confirm_form)
        )

    def confirm(self, request):
        event_registrations = Registration.objects.filter(event=self.event)
        form = AttendanceConfirmForm(
            request.POST,
            choices=[
                (pk, pk) for pk in event_registrations.values_list("pk", flat=True)
            ],
        )
        if not form.is_valid():
            messages.error(request, _("Choose the people to mark as attended."))
            return redirect(reverse("events_admin:attendance", args=[self.event.pk]))
        attended = list(
            event_registrations.filter(pk__in=form.cleaned_data["registrations"])
        )
        try:
            changed = services.record_attendance(
                event=self.event, attended=attended, by=request.user
            )
        except RegistrationError as error:
            messages.error(request, error.message)
            return redirect(self.event_url())
        messages.success(
            request,
            _("Newly marked as attended: %(count)s.") % {"count": changed},
        )
        return redirect(self.event_url())


class MessageView(EventMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/message.html"
    header_icon = "mail"

    def get_page_title(self):
        return _("Message registrants")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", MessageRegistrantsForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = MessageRegistrantsForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        message = services.message_registrants(
            event=self.event,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            statuses=form.cleaned_data["statuses"],
            by=request.user,
        )
        messages.success(
            request,
            _("Message sent. Recipients, each with their own e-mail: %(count)s.")
            % {"count": message.recipient_count},
        )
        return redirect(self.event_url())


# --- Registering the views ------------------------------------------------------------------


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return event_access.can_manage_event_registrations(request.user)


class EventRegistrationsViewSet(ViewSet):
    name = "events_admin"
    url_prefix = "events"
    icon = "date"
    menu_label = _("Event registrations")
    menu_order = 250
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return RegistrationsMenuItem

    def get_urlpatterns(self):
        return [
            path("", EventReportView.as_view(), name="index"),
            path(
                "results/",
                EventReportView.as_view(results_only=True),
                name="index_results",
            ),
            path("<int:event_id>/", EventRegistrationsView.as_view(), name="event"),
            path(
                "<int:event_id>/registrations/<int:pk>/reject/",
                RejectView.as_view(),
                name="reject",
            ),
            path(
                "<int:event_id>/registrations/<int:pk>/<str:action>/",
                RegistrationActionView.as_view(),
                name="action",
            ),
            path(
                "<int:event_id>/export/<str:file_format>/",
                ExportView.as_view(),
                name="export",
            ),
            path(
                "<int:event_id>/attendance/",
                AttendanceImportView.as_view(),
                name="attendance",
            ),
            path("<int:event_id>/message/", MessageView.as_view(), name="message"),
        ]


class EventSeriesViewSet(SnippetViewSet):
    model = EventSeries
    icon = "date"
    menu_label = _("Event series")
    menu_order = 310
    add_to_admin_menu = False
    list_display = ["name_fi", "name_sv", "slug"]
    search_fields = ["name_fi", "name_sv"]
    ordering = ["name_fi"]
