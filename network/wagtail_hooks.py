from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from network import services
from network.bulk_actions import ApproveBulkAction, RejectBulkAction, RevokeBulkAction
from network.models import MemberProfile, Municipality
from network.viewsets import (
    MembershipPermissionPolicy,
    MunicipalityPermissionPolicy,
    NetworkViewSetGroup,
)

# Registered before any admin code asks for a (fallback) policy.
register_permission_policy(Municipality, MunicipalityPermissionPolicy(Municipality))
register_permission_policy(MemberProfile, MembershipPermissionPolicy(MemberProfile))

for bulk_action in (ApproveBulkAction, RejectBulkAction, RevokeBulkAction):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()


@hooks.register("register_log_actions")
def register_network_log_actions(actions):
    actions.register_action(
        services.ACTION_REQUEST, _("Request membership"), _("Membership requested")
    )
    actions.register_action(
        services.ACTION_VERIFY,
        _("Verify by e-mail domain"),
        _(
            "Verified automatically by a verified e-mail address on the municipality's domain"
        ),
    )
    actions.register_action(
        services.ACTION_APPROVE, _("Approve membership"), _("Membership approved")
    )
    actions.register_action(
        services.ACTION_REJECT, _("Reject membership"), _("Membership request rejected")
    )
    actions.register_action(
        services.ACTION_REVOKE, _("Revoke membership"), _("Membership revoked")
    )
    actions.register_action(
        services.ACTION_LAPSE,
        _("End membership by a profile change"),
        _("Membership status changed by a change of municipality or e-mail address"),
    )
    actions.register_action(
        services.ACTION_GRANT_ROLE, _("Grant role"), _("Role granted")
    )
    actions.register_action(
        services.ACTION_DELETE_ACCOUNT,
        _("Delete account"),
        _("Account deleted by its owner"),
    )
