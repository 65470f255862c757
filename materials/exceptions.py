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
