"""Staff views of the info letters in the Wagtail admin: the letters with their state,
one letter's sending page (recipients, preview, test, send or schedule, progress,
re-send to the failed), the exact mail parts as preview, and the mailing-list snippet.

Every view checks `letters.access`; a refusal is the portal's plain 403."""

import datetime
import functools
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.exceptions import PortalError
from portal.exports import SafeSpreadsheetExportMixin, csv_response, xlsx_response
from portal.viewsets import EMPTY, DateTimeColumn, InspectView, forbidden

from . import access, charts, emails, imports, services
from .filters import SubscriberFilterSet
from .models import LetterPage, MailingList, Subscriber, Subscription


def staff_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)

    return wrapped


def sendable_letter(request, page_id: int) -> LetterPage:
    """The letter (its Finnish page) if the user may send it; 403 otherwise."""
    letter = services.canonical_letter(
        get_object_or_404(LetterPage.objects.select_related("locale"), pk=page_id)
    )
    if not access.can_send_letter(request.user, letter):
        raise PermissionDenied
    return letter


class LettersBreadcrumbsMixin:
    """Breadcrumbs Home › Info letters › this page (Wagtail's template views show only
    "Home" otherwise, also as the page's heading)."""

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.request.resolver_match.view_name != "letters_admin:index":
            items.append(
                {"url": reverse("letters_admin:index"), "label": _("Info letters")}
            )
        return [
            *items,
            {
                "url": "",
                "label": self.get_page_title(),
                "sublabel": self.get_page_subtitle(),
            },
        ]


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=gettext_lazy("Send at (Finnish time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ImportForm(forms.Form):
    mailing_list = forms.ModelChoiceField(
        label=gettext_lazy("Mailing list"), queryset=MailingList.objects.all()
    )
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        required=False,
        help_text=gettext_lazy(
            "Columns: address, name, organisation, municipality, language "
            "(a header row names them)."
        ),
    )
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    def csv_text(self) -> str:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read().decode("utf-8-sig", errors="replace")
        return self.cleaned_data.get("content") or ""


class ImportView(LettersBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    """Import an existing list: upload, preview (merged duplicates, invalid addresses,
    who left the list and is not added again), then import; the imported get one
    confirmation mail each and letters only after confirming."""

    template_name = "letters/admin/import.html"
    page_title = gettext_lazy("Import subscribers")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not access.can_manage_letters(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        text = form.csv_text()
        parsed = imports.parse_subscriber_csv(text)
        mailing_list = form.cleaned_data["mailing_list"]
        if "import" in request.POST:
            counts = services.import_subscribers(
                mailing_list=mailing_list,
                rows=parsed.rows,
                by=request.user,
                consent_text=_(
                    "Imported by the office; confirmed from the e-mail link."
                ),
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d person was added and asked to confirm.",
                    "%(count)d people were added and asked to confirm.",
                    counts["added"],
                )
                % {"count": counts["added"]},
            )
            return redirect("letters_admin:index")
        preview_form = ImportForm(
            initial={"mailing_list": mailing_list, "content": text}
        )
        return self.render_to_response(
            self.get_context_data(
                form=preview_form,
                parsed=parsed,
                counts=services.preview_import(
                    mailing_list=mailing_list, rows=parsed.rows
                ),
            )
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ImportForm())
        return super().get_context_data(**kwargs)


class LetterIndexView(LettersBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every letter (Finnish pages) with its state, and each list's subscriber counts."""

    template_name = "letters/admin/index.html"
    page_title = gettext_lazy("Info letters")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not access.can_manage_letters(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        letters = (
            LetterPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
            .select_related("mailing_list")
            .annotate(delivery_count=Count("deliveries"))
            .order_by("-latest_revision_created_at", "-pk")
        )
        lists = MailingList.objects.annotate(
            confirmed=Count(
                "subscriptions",
                filter=Q(subscriptions__status=Subscription.Status.CONFIRMED),
            ),
            pending=Count(
                "subscriptions",
                filter=Q(subscriptions__status=Subscription.Status.PENDING),
            ),
            unsubscribed=Count(
                "subscriptions",
                filter=Q(subscriptions__status=Subscription.Status.UNSUBSCRIBED),
            ),
        )
        return super().get_context_data(
            letters=letters,
            lists=lists,
            suppressed=list(services.suppressed_addresses()[:200]),
            bounce_limit=settings.PORTAL_LETTERS_BOUNCE_LIMIT,
            **kwargs,
        )


class LetterSendView(LettersBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    """One letter: its recipients, preview, test, sending and progress."""

    template_name = "letters/admin/send.html"
    page_title = gettext_lazy("Send the letter")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.letter = sendable_letter(request, kwargs["page_id"])
        except PermissionDenied:
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.letter.title

    def get_context_data(self, **kwargs):
        translations = services.translations_by_language(self.letter)
        return super().get_context_data(
            letter=self.letter,
            translations=translations,
            recipient_count=(
                services.recipient_count(self.letter)
                if not self.letter.is_frozen
                else None
            ),
            progress=services.progress(self.letter),
            schedule_form=kwargs.pop("schedule_form", None) or ScheduleForm(),
            **kwargs,
        )


def helsinki(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(value):
        return value.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return value


@staff_only
def letter_action(request, page_id: str, action: str):
    """Send now, schedule, cancel the schedule, send a test, or re-send to the failed
    (POST; the permission is checked first, so others learn nothing more)."""
    letter = sendable_letter(request, int(page_id))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    now = timezone.now()
    back = redirect("letters_admin:send", page_id=letter.pk)
    try:
        if action == "send":
            services.send_letter(letter=letter, by=request.user, now=now)
            messages.success(request, _("The letter is being sent."))
        elif action == "schedule":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose a time in the future."))
                return back
            at = helsinki(form.cleaned_data["scheduled_at"])
            services.schedule_letter(letter=letter, at=at, by=request.user, now=now)
            messages.success(request, _("The letter is scheduled."))
        elif action == "unschedule":
            services.unschedule_letter(letter=letter)
            messages.success(request, _("The schedule was cancelled."))
        elif action == "test":
            page = services.translations_by_language(letter).get(
                request.POST.get("language", ""), letter
            )
            services.send_test(letter=page, user=request.user, now=now)
            messages.success(
                request,
                _("A test was sent to %(email)s.") % {"email": request.user.email},
            )
        else:  # "resend": the URL allows no other action
            count = services.resend_failed(letter=letter, by=request.user, now=now)
            messages.success(
                request,
                ngettext(
                    "%(count)d failed mail is sent again.",
                    "%(count)d failed mails are sent again.",
                    count,
                )
                % {"count": count},
            )
    except PortalError as error:
        messages.error(request, str(error.message))
    return back


@staff_only
def preview(request, page_id: int, part: str):
    """The mail exactly as it will go (or went): the HTML or the plain-text part."""
    page = get_object_or_404(LetterPage.objects.select_related("locale"), pk=page_id)
    sendable_letter(request, page.pk)
    rendering = None
    if page.is_frozen:
        rendering = (
            services.canonical_letter(page)
            .renderings.filter(language=page.locale.language_code)
            .first()
        )
    if rendering is not None:
        text, html = rendering.body_text, rendering.body_html
    else:
        rendered = emails.render_letter(page, now=timezone.now())
        text, html = rendered.text, rendered.html
    if part == "html":
        return HttpResponse(html, content_type="text/html; charset=utf-8")
    if part == "txt":
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    raise Http404


@staff_only
def export_report(request, page_id: int, fmt: str):
    """The letter's deliveries as CSV or XLSX: address, language, the mail's state and
    time, and whether the person left the list after the letter."""
    letter = sendable_letter(request, page_id)
    header = [
        _("E-mail address"),
        _("Language"),
        _("State"),
        _("Sent at"),
        _("Unsubscribed after the letter"),
    ]
    rows = (
        [
            row.outgoing_email.to if row.outgoing_email else "",
            row.language,
            row.outgoing_email.get_status_display() if row.outgoing_email else "",
            row.outgoing_email.sent_at if row.outgoing_email else None,
            _("yes") if services.left_after(row, letter=letter) else "",
        ]
        for row in services.report_rows(letter)
    )
    filename = f"{letter.slug}-recipients"
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows)
    if fmt == "csv":
        return csv_response(filename, header, rows)
    raise Http404


class ListReportView(LettersBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    """A list's subscribers over time, by municipality and by language; CSV or XLSX of
    each table with `?export=csv|xlsx&table=months|municipalities|languages`."""

    template_name = "letters/admin/list_report.html"
    page_title = gettext_lazy("Mailing list report")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not access.can_manage_letters(request.user):
            return forbidden(request)
        self.mailing_list = get_object_or_404(MailingList, pk=kwargs["list_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.mailing_list.name

    def tables(self, report) -> dict[str, tuple[list, list]]:
        return {
            "months": (
                [_("Month"), _("Joined"), _("Left"), _("Subscribers at the end")],
                [list(row) for row in report["months"]],
            ),
            "municipalities": (
                [_("Municipality"), _("Subscribers")],
                [[name or _("Unknown"), n] for name, n in report["municipalities"]],
            ),
            "languages": (
                [_("Language"), _("Subscribers")],
                [list(row) for row in report["languages"]],
            ),
        }

    def get(self, request, *args, **kwargs):
        report = services.list_report(self.mailing_list)
        tables = self.tables(report)
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            name = request.GET.get("table", "months")
            if name not in tables:
                raise Http404
            header, rows = tables[name]
            filename = f"{self.mailing_list.slug}-{name}"
            respond = csv_response if fmt == "csv" else xlsx_response
            return respond(filename, header, rows)
        return self.render_to_response(
            self.get_context_data(
                mailing_list=self.mailing_list,
                tables=tables,
                chart=charts.subscribers_chart(
                    chart_id="subscribers-over-time", months=report["months"]
                ),
            )
        )


class MailingListViewSet(SnippetViewSet):
    model = MailingList
    icon = "mail"
    menu_label = gettext_lazy("Mailing lists")
    list_display = ["name_fi", "name_sv", "slug", "reform", "is_public"]
    search_fields = ["name_fi", "name_sv", "slug"]


# --- Subscribers ---------------------------------------------------------------------
class ManageLettersRequiredMixin:
    """Every view of the subscriber browser: the letters' staff only."""

    def dispatch(self, request, *args, **kwargs):
        if not access.can_manage_letters(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


class SubscriberPermissionPolicy(ModelPermissionPolicy):
    """The letters' staff look at subscribers and act on them through the services;
    nobody adds, edits or deletes them in the admin's forms."""

    def user_has_permission(self, user, action):
        return action == "view" and access.can_manage_letters(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and access.can_manage_letters(user)


class SubscriptionsColumn(Column):
    """Each list of the subscriber with the subscription's state (prefetched)."""

    def get_value(self, instance):
        return instance.subscription_summary() or EMPTY


class SuppressedColumn(Column):
    def get_value(self, instance):
        if instance.is_suppressed:
            return format_html(
                '<span class="w-status w-status--label">{}</span>', _("Suppressed")
            )
        return ""


class SubscriberIndexView(
    ManageLettersRequiredMixin, SafeSpreadsheetExportMixin, generic.IndexView
):
    page_title = gettext_lazy("Subscribers")

    def get_base_queryset(self):
        return services.subscribers_for_browser()

    @cached_property
    def columns(self):
        title_column = self._get_title_column_class(TitleColumn)
        return [
            title_column(
                "email",
                label=gettext_lazy("E-mail address"),
                get_url=self.get_inspect_url,
                sort_key="email",
            ),
            Column("name", label=gettext_lazy("Name"), sort_key="name"),
            Column("organisation", label=gettext_lazy("Organisation")),
            Column("municipality", label=gettext_lazy("Municipality")),
            Column("get_language_display", label=gettext_lazy("Language")),
            SubscriptionsColumn("subscriptions", label=gettext_lazy("Lists")),
            SuppressedColumn("is_suppressed", label=gettext_lazy("Suppressed")),
            DateTimeColumn(
                "created_at", label=gettext_lazy("Added"), sort_key="created_at"
            ),
        ]


class SubscriberInspectView(ManageLettersRequiredMixin, InspectView):
    """One subscriber: their subscriptions with the consent record, the letters sent
    to them, and the staff's actions."""

    template_name = "letters/admin/subscriber_inspect.html"
    page_title = gettext_lazy("Subscriber")

    def get_object(self, queryset=None):
        return get_object_or_404(services.subscribers_for_browser(), pk=self.pk)

    def get_fields(self):
        return [
            "email",
            "name",
            "organisation",
            "municipality",
            "language",
            "user",
            "created_at",
            "suppression_lifted_at",
        ]

    def get_context_data(self, **kwargs):
        subscriber = self.object
        subscriptions = list(subscriber.subscriptions.all())
        return super().get_context_data(
            subscriber=subscriber,
            subscriptions=subscriptions,
            themes=list(subscriber.themes.all()),
            deliveries=list(services.subscriber_deliveries(subscriber)[:100]),
            has_pending=any(
                item.status == Subscription.Status.PENDING for item in subscriptions
            ),
            **kwargs,
        )


class SubscriberActionView(ManageLettersRequiredMixin, View):
    """Unsubscribe from a list, lift a suppression, resend the confirmation (POST),
    each through its service and written to the audit log."""

    http_method_names = ["post"]
    action = ""

    def post(self, request, pk: int):
        subscriber = get_object_or_404(Subscriber, pk=pk)
        back = redirect("letters_subscribers:inspect", pk)
        now = timezone.now()
        try:
            if self.action == "unsubscribe":
                subscription = get_object_or_404(
                    subscriber.subscriptions.select_related("mailing_list"),
                    pk=request.POST.get("subscription") or 0,
                )
                services.unsubscribe_by_staff(
                    subscription=subscription, by=request.user, now=now
                )
                messages.success(
                    request,
                    _("%(email)s was taken off the list %(list)s.")
                    % {
                        "email": subscriber.email,
                        "list": subscription.mailing_list.name,
                    },
                )
            elif self.action == "lift_suppression":
                services.lift_suppression(
                    subscriber=subscriber, by=request.user, now=now
                )
                messages.success(
                    request,
                    _("Letters are sent to %(email)s again.")
                    % {"email": subscriber.email},
                )
            else:  # "resend_confirmation": the URLs allow no other action
                services.resend_confirmation(subscriber=subscriber, by=request.user)
                messages.success(
                    request,
                    _("The confirmation mail was sent again to %(email)s.")
                    % {"email": subscriber.email},
                )
        except PortalError as error:
            messages.error(request, str(error.message))
        return back


SUBSCRIBER_ACTIONS = ("unsubscribe", "lift_suppression", "resend_confirmation")


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    name = "letters_subscribers"
    url_prefix = "letters/subscribers"
    icon = "user"
    add_to_admin_menu = False
    index_view_class = SubscriberIndexView
    inspect_view_class = SubscriberInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = SubscriberFilterSet
    search_fields = [
        "email",
        "name",
        "organisation",
        "municipality__name_fi",
        "municipality__name_sv",
        "language",
    ]
    search_backend_name = None
    list_per_page = 50
    ordering = "email"
    # The policy refuses add and edit; the form exists only because the viewset
    # builds its views up front.
    form_fields = ["name"]
    list_export = [
        "email",
        "name",
        "organisation",
        "municipality",
        "get_language_display",
        "subscription_summary",
        "created_at",
    ]
    export_headings = {
        "email": gettext_lazy("E-mail address"),
        "name": gettext_lazy("Name"),
        "organisation": gettext_lazy("Organisation"),
        "municipality": gettext_lazy("Municipality"),
        "get_language_display": gettext_lazy("Language"),
        "subscription_summary": gettext_lazy("Lists"),
        "created_at": gettext_lazy("Added"),
    }
    export_filename = "subscribers"

    def get_urlpatterns(self):
        """The listing, one subscriber and the staff's actions: subscribers come from
        the forms and the import, never from the admin's add or edit forms."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            *(
                path(
                    f"<int:pk>/{name}/",
                    SubscriberActionView.as_view(action=name),
                    name=name,
                )
                for name in SUBSCRIBER_ACTIONS
            ),
        ]
