from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from portal.models import OutgoingEmail
from portal.viewsets import OutgoingEmailViewSet, ReadOnlyPermissionPolicy, ThemeViewSet

register_snippet(ThemeViewSet)


register_permission_policy(OutgoingEmail, ReadOnlyPermissionPolicy(OutgoingEmail))


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    return OutgoingEmailViewSet("outgoing_emails")
