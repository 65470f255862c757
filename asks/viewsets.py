"""The office's inbox in the Wagtail admin: every request with filters and an age
warning, the request with its thread, notes and log, and the office's actions on it."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from wagtail.admin.menu import LinkMenuItemComponent, MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from asks import access, forms, services
from asks.filters import RequestFilterSet
from asks.models import Question, Request
from events.models import EventIndexPage, EventPage
from forums.models import Category
from materials.models import FaqPage
from portal import access as portal_access
from portal.exceptions import PortalError
from portal.exports import SafeSpreadsheetExportMixin, csv_response, xlsx_response
from portal.models import Reform
from portal.viewsets import DateTimeColumn, InspectView, forbidden


class HandleRequestsRequiredMixin:
    """Every view of the inbox: the office's request handlers only."""

    def dispatch(self, request, *args, **kwargs):
        if not access.can_handle_requests(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


class RequestPermissionPolicy(ModelPermissionPolicy):
    """Handlers see and work on requests through the services; nobody adds, edits or
    deletes them in the admin's forms."""

    def user_has_permission(self, user, action):
        return action == "view" and access.can_handle_requests(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and access.can_handle_requests(user)


def handlers():
    """The people a request can be given to: the office's request handlers."""
    return portal_access.users_with_permission(
        get_user_model().objects.all(), access.HANDLE_PERMISSION
    ).order_by("first_name", "last_name", "email")


class AgeColumn(Column):
    """Working days the office has kept the request waiting, flagged past the limit."""

    def get_value(self, instance):
        if instance.state not in (Request.State.NEW, Request.State.ASSIGNED):
            return "–"
        days = services.age_in_working_days(instance)
        text = ngettext("%(days)d working day", "%(days)d working days", days) % {
            "days": days
        }
        if services.is_overdue(instance):
            return format_html(
                '<span class="w-status w-status--label">{}</span> {}',
                _("Late"),
                text,
            )
        return text


class RequestIndexView(
    HandleRequestsRequiredMixin, SafeSpreadsheetExportMixin, generic.IndexView
):
    page_title = _("Requests")

    def get_base_queryset(self):
        return Request.objects.for_listing()

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Report"), url=reverse("asks_requests:report"), icon_name="table"
            )
        ]

    @cached_property
    def columns(self):
        title_column = self._get_title_column_class(TitleColumn)
        return [
            title_column(
                "subject",
                label=_("Subject"),
                get_url=self.get_inspect_url,
                get_title_id=lambda item: f"request_{item.pk}_title",
                sort_key="subject",
            ),
            Column("get_kind_display", label=_("Kind"), sort_key="kind"),
            Column("get_state_display", label=_("State"), sort_key="state"),
            Column("municipality", label=_("Municipality")),
            Column(
                "assignee", label=_("Assigned to"), accessor=services.assignee_label
            ),
            DateTimeColumn("created_at", label=_("Sent"), sort_key="created_at"),
            AgeColumn("age", label=_("Waiting")),
        ]


class RequestInspectView(HandleRequestsRequiredMixin, InspectView):
    template_name = "asks/admin/request_inspect.html"
    page_title = _("Request")

    def get_object(self, queryset=None):
        return get_object_or_404(Request.objects.for_listing(), pk=self.pk)

    def get_fields(self):
        return [
            "kind",
            "state",
            "reform",
            "theme",
            "name",
            "email",
            "phone",
            "organisation",
            "municipality",
            "language",
            "wished_expert",
            "may_publish",
            "assigned_user",
            "assigned_expert",
            "decline_reason",
            "created_at",
            "first_answered_at",
            "closed_at",
        ]

    def get_context_data(self, **kwargs):
        item = self.object
        faq_pages = FaqPage.objects.filter(locale__language_code=item.language)
        event_indexes = EventIndexPage.objects.filter(
            locale__language_code=item.language
        )
        return super().get_context_data(
            office_request=item,
            thread=list(item.messages.select_related("author")),
            notes=list(item.notes.select_related("author")),
            history=list(item.events.select_related("actor")),
            is_open=item.is_open,
            can_close=item.state in Request.DECIDED_STATES,
            reply_form=forms.OfficeReplyForm(
                outcomes=None if item.is_booking else ["reply", "ask", "answer"]
            ),
            assign_form=forms.AssignForm(
                handlers=handlers(),
                initial={
                    "user": item.assigned_user_id,
                    "expert": item.assigned_expert_id,
                },
            ),
            decline_form=forms.DeclineForm(),
            note_form=forms.NoteForm(),
            faq_form=(
                forms.FaqDraftForm(
                    faq_pages=faq_pages,
                    initial={
                        "faq_page": faq_pages.first(),
                        "question": item.subject,
                        "answer": services.last_office_message(item),
                    },
                )
                if services.can_become_faq(item)
                else None
            ),
            event_form=(
                forms.EventDraftForm(
                    event_indexes=event_indexes,
                    initial={"event_index": event_indexes.first()},
                )
                if services.can_become_event(item)
                else None
            ),
            forum_form=(
                forms.ForumTopicForm(
                    categories=Category.objects.order_by("sort_order"),
                    initial={
                        "title": item.subject,
                        "body": services.forum_opening(item),
                    },
                )
                if services.can_become_forum_topic(item)
                else None
            ),
            is_overdue=services.is_overdue(item),
            age=services.age_in_working_days(item),
            detail_rows=item.detail_rows(),
            **kwargs,
        )


def _reply(item, user, data):
    outcome = {
        "reply": services.reply_to_request,
        "ask": services.ask_requester,
        "answer": services.answer_request,
        "accept": services.accept_request,
    }[data["outcome"]]
    outcome(request=item, by=user, body=data["body"])
    return _("The reply has been sent to the requester.")


def _assign(item, user, data):
    services.assign_request(
        request=item, by=user, user=data["user"], expert=data["expert"]
    )
    return _("The request has been assigned.")


def _decline(item, user, data):
    services.decline_request(request=item, by=user, reason=data["reason"])
    return _("The request has been declined and the requester told why.")


def _note(item, user, data):
    services.add_note(request=item, by=user, body=data["body"])
    return _("The note has been added.")


def _close(item, user, data):
    services.close_request(request=item, by=user)
    return _("The request has been closed.")


def _event(item, user, data):
    page = services.draft_event_page(
        request=item, by=user, event_index=data["event_index"]
    )
    return _(
        "The draft event page “%(title)s” has been made; an editor completes and "
        "publishes it."
    ) % {"title": page.title}


def _forum(item, user, data):
    topic = services.post_to_forum(
        request=item,
        by=user,
        category=data["category"],
        title=data["title"],
        body=data["body"],
    )
    return _("The forum topic “%(title)s” has been opened.") % {"title": topic.title}


def _faq(item, user, data):
    page = services.draft_faq_entry(
        request=item,
        by=user,
        faq_page=data["faq_page"],
        question=data["question"],
        answer=data["answer"],
    )
    return _(
        "The question has been added to a draft of “%(title)s”; an editor reviews "
        "and publishes it."
    ) % {"title": page.title}


ACTIONS = {
    "reply": (forms.OfficeReplyForm, _reply),
    "assign": (forms.AssignForm, _assign),
    "decline": (forms.DeclineForm, _decline),
    "note": (forms.NoteForm, _note),
    "close": (None, _close),
    "faq": (forms.FaqDraftForm, _faq),
    "event": (forms.EventDraftForm, _event),
    "forum": (forms.ForumTopicForm, _forum),
}


class RequestActionView(HandleRequestsRequiredMixin, View):
    """One of the office's actions on a request (POST), through its service."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk: int):
        item = get_object_or_404(Request, pk=pk)
        form_class, run = ACTIONS[self.action]
        data = {}
        if form_class is not None:
            form = form_class(request.POST, **self.form_kwargs(item))
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return redirect("asks_requests:inspect", pk)
            data = form.cleaned_data
        try:
            done = run(item, request.user, data)
        except PortalError as error:  # the request's, or the forum's own refusal
            messages.error(request, error.message)
        else:
            messages.success(request, done)
        return redirect("asks_requests:inspect", pk)

    def form_kwargs(self, item) -> dict:
        if self.action == "assign":
            return {"handlers": handlers()}
        if self.action == "faq":
            return {"faq_pages": FaqPage.objects.all()}
        if self.action == "event":
            return {"event_indexes": EventIndexPage.objects.all()}
        if self.action == "forum":
            return {"categories": Category.objects.order_by("sort_order")}
        return {}


class RequestReportView(
    HandleRequestsRequiredMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Requests per month by kind and by reform, the median times to the first answer
    and to closing, and the municipalities that asked and those that never did; the
    monthly figures as CSV or XLSX (`?export=csv|xlsx`)."""

    template_name = "asks/admin/report.html"
    page_title = _("Requests: report")
    header_icon = "table"

    @cached_property
    def report(self) -> services.RequestReport:
        return services.request_report()

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            write = csv_response if export == "csv" else xlsx_response
            return write("requests-report", *self.table())
        return super().get(request, *args, **kwargs)

    def table(self):
        """One row per month: the count of each kind, then of each reform."""
        reforms = [("", _("No reform")), *Reform.choices]
        header = [
            _("Month"),
            *(label for _value, label in Request.Kind.choices),
            *(label for _value, label in reforms),
        ]
        report = self.report
        rows = [
            [
                month.strftime("%Y-%m"),
                *(report.by_kind[month][kind] for kind in Request.Kind.values),
                *(report.by_reform[month].get(value, 0) for value, _label in reforms),
            ]
            for month in report.months
        ]
        return header, rows

    def get_context_data(self, **kwargs):
        header, rows = self.table()
        return super().get_context_data(
            report=self.report, header=header, rows=rows, **kwargs
        )


class RequestMenuItem(MenuItem):
    """ "Requests" with the number of new, assigned and waiting requests; handlers only."""

    def is_shown(self, request):
        return access.can_handle_requests(request.user)

    def render_component(self, request) -> Component:
        counts = Request.objects.open().counts_by_state()
        label = _(
            "Requests (%(new)d new, %(assigned)d assigned, %(waiting)d waiting)"
        ) % {state: counts.get(state, 0) for state in Request.OPEN_STATES}
        return LinkMenuItemComponent(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class RequestViewSet(ModelViewSet):
    model = Request
    name = "asks_requests"
    url_prefix = "requests"
    icon = "mail"
    menu_label = _("Requests")
    menu_order = 240
    add_to_admin_menu = True
    menu_item_class = RequestMenuItem
    index_view_class = RequestIndexView
    inspect_view_class = RequestInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = RequestFilterSet
    search_fields = ["subject", "body", "name", "email"]
    search_backend_name = None
    list_per_page = 50
    ordering = "-created_at"
    list_export = [
        "pk",
        "created_at",
        "get_kind_display",
        "get_state_display",
        "subject",
        "get_reform_display",
        "theme",
        "municipality",
        "name",
        "email",
        "organisation",
        "assigned_user",
        "assigned_expert",
        "first_answered_at",
        "closed_at",
    ]
    export_headings = {
        "pk": _("Number"),
        "created_at": _("Sent"),
        "get_kind_display": _("Kind"),
        "get_state_display": _("State"),
        "subject": _("Subject"),
        "get_reform_display": _("Reform"),
        "theme": _("Theme"),
        "municipality": _("Municipality"),
        "name": _("Name"),
        "email": _("E-mail"),
        "organisation": _("Organisation"),
        "assigned_user": _("Assigned staff member"),
        "assigned_expert": _("Assigned expert"),
        "first_answered_at": _("First answer"),
        "closed_at": _("Closed"),
    }
    export_filename = "requests"

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index")) + "?is_open=true"

    def get_urlpatterns(self):
        """Listing, the request and the office's actions: requests are sent through
        the portal, never added, edited or deleted in the admin."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("report/", RequestReportView.as_view(), name="report"),
            *(
                path(
                    f"<int:pk>/{name}/",
                    RequestActionView.as_view(action=name),
                    name=name,
                )
                for name in ACTIONS
            ),
        ]


# --- questions before a Q&A hour ------------------------------------------------------


class ModerateQuestionsRequiredMixin:
    """Every view of the questions in advance: the office's moderators only."""

    def dispatch(self, request, *args, **kwargs):
        if not access.can_moderate_questions(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


class QuestionEventIndexView(
    ModerateQuestionsRequiredMixin, WagtailAdminTemplateMixin, TemplateView
):
    """The Q&A hours and other events with questions, newest first, with the number of
    questions in each status (one query for the page)."""

    template_name = "asks/admin/question_events.html"
    page_title = _("Questions in advance")
    header_icon = "help"
    per_page = 50

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        statuses = {
            f"{status}_count": Count(
                "advance_questions", filter=Q(advance_questions__status=status)
            )
            for status in Question.Status.values
        }
        events = (
            EventPage.objects.select_related("question_settings")
            .annotate(question_count=Count("advance_questions"), **statuses)
            .filter(Q(event_type=EventPage.EventType.QA_HOUR) | Q(question_count__gt=0))
            .order_by("-starts_at", "pk")
        )
        page = Paginator(events, self.per_page).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            page_obj=page, events=page.object_list, **kwargs
        )


class EventQuestionsView(
    ModerateQuestionsRequiredMixin, WagtailAdminTemplateMixin, TemplateView
):
    """One event's questions, most "me too" first, with the office's actions on each
    and on the event's questions: settings, publishing the answers."""

    template_name = "asks/admin/event_questions.html"
    header_icon = "help"

    def get_page_title(self):
        return _("Questions: %(title)s") % {"title": self.event.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("asks_questions:index"),
                "label": QuestionEventIndexView.page_title,
            },
            {"url": "", "label": self.event.title},
        ]

    @cached_property
    def event(self) -> EventPage:
        return get_object_or_404(EventPage, pk=self.kwargs["event_pk"])

    def get_context_data(self, **kwargs):
        event = self.event
        settings = services.question_settings(event)
        questions = list(
            Question.objects.filter(event=event)
            .with_votes()
            .select_related("merged_into", "answered_by", "faq_page")
        )
        now = timezone.now()
        return super().get_context_data(
            event=event,
            question_settings=settings,
            settings_form=forms.QuestionSettingsForm(
                initial={
                    "is_open": settings.is_open,
                    "members_may_ask": settings.members_may_ask,
                }
            ),
            questions=questions,
            merge_targets=[question for question in questions if question.is_visible],
            faq_pages=list(FaqPage.objects.filter(locale_id=event.locale_id)),
            has_ended=event.has_ended(now),
            answered_count=sum(
                question.status == Question.Status.ANSWERED for question in questions
            ),
            **kwargs,
        )


def _hide(question, user, data):
    services.hide_question(question=question, by=user)
    return _("The question has been hidden.")


def _show(question, user, data):
    services.show_question(question=question, by=user)
    return _("The question is shown again.")


def _answer(question, user, data):
    services.answer_question(question=question, by=user, answer=data["answer"])
    return _("The answer has been saved.")


def _merge(question, user, data):
    services.merge_question(question=question, into=data["into"], by=user)
    return _("The question has been merged; its votes moved with it.")


def _question_faq(question, user, data):
    page = services.draft_faq_from_question(
        question=question,
        by=user,
        faq_page=data["faq_page"],
        text=data["question"],
        answer=data["answer"],
    )
    return _(
        "The question has been added to a draft of “%(title)s”; an editor reviews "
        "and publishes it."
    ) % {"title": page.title}


QUESTION_ACTIONS = {
    "hide": (None, _hide),
    "show": (None, _show),
    "answer": (forms.QuestionAnswerForm, _answer),
    "merge": (forms.QuestionMergeForm, _merge),
    "faq": (forms.FaqDraftForm, _question_faq),
}


def _run(request, form, run, *args) -> None:
    """Validate the form (if any) and run the action, telling the outcome."""
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return
    try:
        done = run(*args, form.cleaned_data if form is not None else {})
    except PortalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


class QuestionActionView(ModerateQuestionsRequiredMixin, View):
    """One of the office's actions on a question (POST), through its service."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk: int):
        question = get_object_or_404(Question.objects.select_related("event"), pk=pk)
        form_class, run = QUESTION_ACTIONS[self.action]
        form = None
        if form_class is forms.QuestionMergeForm:
            form = form_class(
                request.POST,
                questions=Question.objects.filter(event=question.event).visible(),
            )
        elif form_class is forms.FaqDraftForm:
            form = form_class(request.POST, faq_pages=FaqPage.objects.all())
        elif form_class is not None:
            form = form_class(request.POST)
        _run(request, form, run, question, request.user)
        url = reverse("asks_questions:event", args=[question.event_id])
        return redirect(f"{url}#question-{question.pk}")


def _settings(event, user, data):
    services.change_question_settings(
        event=event,
        by=user,
        is_open=data["is_open"],
        members_may_ask=data["members_may_ask"],
    )
    return _("The settings of the questions have been saved.")


def _publish(event, user, data):
    services.publish_answers(event=event, by=user)
    return _("The answered questions are now shown on the event page.")


def _unpublish(event, user, data):
    services.unpublish_answers(event=event, by=user)
    return _("The answers are no longer shown on the event page.")


EVENT_QUESTION_ACTIONS = {
    "settings": (forms.QuestionSettingsForm, _settings),
    "publish": (None, _publish),
    "unpublish": (None, _unpublish),
}


class EventQuestionsActionView(ModerateQuestionsRequiredMixin, View):
    """The office's actions on an event's questions (POST)."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, event_pk: int):
        event = get_object_or_404(EventPage, pk=event_pk)
        form_class, run = EVENT_QUESTION_ACTIONS[self.action]
        form = form_class(request.POST) if form_class is not None else None
        _run(request, form, run, event, request.user)
        return redirect("asks_questions:event", event_pk)


class QuestionMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_moderate_questions(request.user)


class QuestionViewSet(ViewSet):
    """The questions sent before Q&A hours, in the admin's menu beside the requests."""

    name = "asks_questions"
    url_prefix = "event-questions"
    icon = "help"
    menu_label = _("Questions in advance")
    menu_order = 241
    add_to_admin_menu = True
    menu_item_class = QuestionMenuItem

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))

    def get_urlpatterns(self):
        return [
            path("", QuestionEventIndexView.as_view(), name="index"),
            path("<int:event_pk>/", EventQuestionsView.as_view(), name="event"),
            *(
                path(
                    f"<int:event_pk>/{name}/",
                    EventQuestionsActionView.as_view(action=name),
                    name=f"event_{name}",
                )
                for name in EVENT_QUESTION_ACTIONS
            ),
            *(
                path(
                    f"question/<int:pk>/{name}/",
                    QuestionActionView.as_view(action=name),
                    name=f"question_{name}",
                )
                for name in QUESTION_ACTIONS
            ),
        ]
