from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, re_path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from portal.viewsets import StaffMenuItem

from . import access, services, viewsets
from .models import LetterPage, Subscriber

admin_urlpatterns = [
    path("", viewsets.LetterIndexView.as_view(), name="index"),
    path("import/", viewsets.ImportView.as_view(), name="import"),
    path(
        "lists/<int:list_id>/report/",
        viewsets.ListReportView.as_view(),
        name="list_report",
    ),
    path("<int:page_id>/", viewsets.LetterSendView.as_view(), name="send"),
    re_path(
        r"^(?P<page_id>\d+)/action/(?P<action>send|schedule|unschedule|test|resend)/$",
        viewsets.letter_action,
        name="action",
    ),
    path("<int:page_id>/preview.<str:part>", viewsets.preview, name="preview"),
    path("<int:page_id>/recipients.<str:fmt>", viewsets.export_report, name="report"),
]


@hooks.register("register_admin_urls")
def register_letter_admin_urls():
    return [path("letters/", include((admin_urlpatterns, "letters_admin")))]


@hooks.register("register_admin_menu_item")
def register_letters_menu_item():
    return StaffMenuItem(
        _("Info letters"), reverse("letters_admin:index"), icon_name="mail", order=270
    )


register_snippet(viewsets.MailingListViewSet)


@hooks.register("register_page_listing_more_buttons")
def send_letter_button(page, user, next_url=None):
    if issubclass(page.specific_class or type(page), LetterPage) and (
        access.can_send_letter(user, page)
    ):
        yield Button(
            _("Send, preview, progress"),
            reverse("letters_admin:send", args=[page.pk]),
            icon_name="mail",
            priority=15,
        )


def refuse_frozen(request, page):
    """A sent letter's content is frozen: no edits, no deletion (the archive keeps it)."""
    if isinstance(page.specific, LetterPage) and page.specific.is_frozen:
        messages.error(
            request, _("This letter has been sent; it can no longer change.")
        )
        return redirect("letters_admin:send", page_id=page.pk)
    return None


hooks.register("before_edit_page", refuse_frozen)
hooks.register("before_delete_page", refuse_frozen)


@hooks.register("register_log_actions")
def register_letter_log_actions(actions):
    actions.register_action(services.ACTION_SEND, _("Send letter"), _("Letter sent"))
    actions.register_action(
        services.ACTION_SCHEDULE, _("Schedule letter"), _("Letter scheduled")
    )
    actions.register_action(
        services.ACTION_IMPORT, _("Import subscribers"), _("Subscribers imported")
    )
    actions.register_action(
        services.ACTION_STAFF_UNSUBSCRIBE,
        _("Unsubscribe from a list"),
        _("Unsubscribed from a list by staff"),
    )
    actions.register_action(
        services.ACTION_LIFT_SUPPRESSION,
        _("Lift a suppression"),
        _("Suppression lifted"),
    )
    actions.register_action(
        services.ACTION_RESEND_CONFIRMATION,
        _("Resend the confirmation mail"),
        _("Confirmation mail sent again"),
    )
    actions.register_action(
        services.ACTION_RESEND,
        _("Re-send failed letter mails"),
        _("Failed letter mails sent again"),
    )


register_permission_policy(Subscriber, viewsets.SubscriberPermissionPolicy(Subscriber))


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return viewsets.SubscriberViewSet()
