from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from network import services


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
