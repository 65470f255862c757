"""The forum's domain errors; each carries a translatable message and an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError


class ForumError(PortalError):
    message = _("The forum could not do that.")
    status_code = 400


class NotAllowedError(ForumError):
    message = _("You do not have permission to do that.")
    status_code = 403


class TopicLockedError(ForumError):
    message = _("The topic is locked: no new replies.")
    status_code = 403


class RateLimitedError(ForumError):
    message = _(
        "You are posting faster than the forum allows. Wait a moment and try again."
    )
    status_code = 429


class TooLongError(ForumError):
    message = _("The text is too long.")
    status_code = 400


class AttachmentRejectedError(ForumError):
    message = _("The file cannot be attached.")
    status_code = 400


class AlreadyReportedError(ForumError):
    message = _("You have already reported this post; the moderators will look at it.")
    status_code = 409


class InvalidMoveError(ForumError):
    message = _("The topic is already in that category.")
    status_code = 400
