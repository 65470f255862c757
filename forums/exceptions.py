"""The forum's domain errors; each carries a translatable message and an HTTP status."""

from django.utils.translation import gettext_lazy as _


class ForumError(Exception):
    message = _("The forum could not do that.")
    status = 400

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class NotAllowedError(ForumError):
    message = _("You do not have permission to do that.")
    status = 403


class TopicLockedError(ForumError):
    message = _("The topic is locked: no new replies.")
    status = 403


class RateLimitedError(ForumError):
    message = _(
        "You are posting faster than the forum allows. Wait a moment and try again."
    )
    status = 429


class TooLongError(ForumError):
    message = _("The text is too long.")
    status = 400


class AttachmentRejectedError(ForumError):
    message = _("The file cannot be attached.")
    status = 400


class AlreadyReportedError(ForumError):
    message = _("You have already reported this post; the moderators will look at it.")
    status = 409


class InvalidMoveError(ForumError):
    message = _("The topic is already in that category.")
    status = 400
