"""Domain errors of materials, each with a translated message and an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError


class QuestionError(PortalError):
    status_code = 400
    message = _("The question could not be sent.")


class QuestionRateLimitError(QuestionError):
    status_code = 429
    message = _(
        "You have sent several questions in a short time. Please wait an hour, or "
        "e-mail the change-support office directly."
    )


class PracticeError(PortalError):
    status_code = 400
    message = _("The practice could not be saved.")


class PracticeNotAllowedError(PracticeError):
    status_code = 403
    message = _(
        "Only verified members of the network can share practices, and only the "
        "person who shared a practice can update it."
    )


class PracticeRateLimitError(PracticeError):
    status_code = 429
    message = _(
        "You have shared or uploaded a lot in a short time. Please wait an hour and "
        "try again; what you wrote is still in the form."
    )


class LibraryUnavailableError(PracticeError):
    status_code = 503
    message = _(
        "The materials library is not open yet, so practices cannot be shared. "
        "Please try again later or e-mail the change-support office."
    )


class PracticeNotInReviewError(PracticeError):
    status_code = 409
    message = _("This practice is not waiting for review.")
