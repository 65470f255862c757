from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from portal import access, mfa, page_listing
from portal.models import OutgoingEmail
from portal.viewsets import (
    OutgoingEmailViewSet,
    ReadOnlyPermissionPolicy,
    SecondFactorResetView,
    ThemeViewSet,
)

register_snippet(ThemeViewSet)


register_permission_policy(OutgoingEmail, ReadOnlyPermissionPolicy(OutgoingEmail))


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    return OutgoingEmailViewSet("outgoing_emails")


@hooks.register("register_admin_urls")
def register_second_factor_reset_url():
    return [
        path(
            "users/<int:pk>/second-factor/",
            SecondFactorResetView.as_view(),
            name="portal_second_factor_reset",
        )
    ]


@hooks.register("register_user_listing_buttons")
def second_factor_reset_button(user, request_user):
    if access.can_manage_people(request_user):
        yield Button(
            _("Reset second factor"),
            reverse("portal_second_factor_reset", args=[user.pk]),
            icon_name="key",
            priority=50,
        )


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    actions.register_action(
        mfa.ACTION_RESET,
        _("Reset the second factor"),
        _("Second sign-in factor reset by an administrator"),
    )


@hooks.register("construct_page_listing_buttons")
def page_dropdowns_in_python(buttons, page, user, context=None):
    page_listing.write_dropdowns_in_python(buttons)
