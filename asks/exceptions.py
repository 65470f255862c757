"""Domain errors of requests, each with a translated message and an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError


class RequestError(PortalError):
    status_code = 400
    message = _("The request could not be changed.")


class RequestStateError(RequestError):
    status_code = 409
    message = _("The request is no longer in a state that allows this.")


class RequestNotAllowedError(RequestError):
    status_code = 403
    message = _("You may not send this kind of request.")


class RequestRateLimitError(RequestError):
    status_code = 429
    message = _(
        "You have sent several requests in a short time. Please wait an hour, or "
        "e-mail the change-support office directly."
    )


class QuestionError(PortalError):
    status_code = 400
    message = _("The question could not be changed.")


class QuestionClosedError(QuestionError):
    status_code = 409
    message = _("Questions to this event are no longer taken or changed.")


class QuestionNotAllowedError(QuestionError):
    status_code = 403
    message = _("Only the event's registrants may send questions in advance.")


class QuestionRateLimitError(QuestionError):
    status_code = 429
    message = _(
        "You have sent several questions in a short time. Please wait an hour before "
        "sending more."
    )
