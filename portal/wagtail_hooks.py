from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from django_filters import AllValuesFilter

from portal.models import OutgoingEmail, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["name_fi", "name_sv", "slug", "sort_order"]
    search_fields = ["name_fi", "name_sv"]
    ordering = ["sort_order", "name_fi"]


register_snippet(ThemeViewSet)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Staff with the model's view permission may look; nobody adds, edits or deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, "view")

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


register_permission_policy(OutgoingEmail, ReadOnlyPermissionPolicy(OutgoingEmail))


class OutgoingEmailFilterSet(WagtailFilterSet):
    kind = AllValuesFilter(label=_("Kind"), empty_label=_("All kinds"))

    class Meta:
        model = OutgoingEmail
        fields = ["status", "kind"]


class OutgoingEmailViewSet(ModelViewSet):
    """Sent, queued and failed mails, so the office sees what did not go out."""

    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Outgoing e-mails")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    # The policy refuses add, edit and delete; the form exists only because the
    # viewset builds its views up front.
    form_fields = ["status"]
    list_display = ["to", "subject", "kind", "status", "attempts", "created_at"]
    filterset_class = OutgoingEmailFilterSet
    search_fields = ["to", "subject"]
    ordering = ["-created_at", "-pk"]
    inspect_view_fields = [
        "to",
        "subject",
        "kind",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "reply_to",
        "body_text",
    ]


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    return OutgoingEmailViewSet("outgoing_emails")
