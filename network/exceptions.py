"""Errors of the membership services; each carries a translated message and an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError


class MembershipError(PortalError):
    """A membership rule failed; nothing was changed."""

    message = _("The membership could not be changed.")
    status_code = 400


class MembershipPermissionError(MembershipError):
    message = _("You do not have permission to decide on memberships.")
    status_code = 403


class MembershipStateError(MembershipError):
    """The decision does not fit the current status (e.g. rejecting a verified member)."""

    message = _("This decision does not fit the membership's current status.")
    status_code = 409


class NotEligibleError(MembershipError):
    message = _(
        "Only representatives of a municipality or an employment area who have "
        "chosen their municipality can become network members."
    )
    status_code = 400
