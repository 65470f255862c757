"""Domain errors of materials, each with a translated message and an HTTP status."""

from django.utils.translation import gettext_lazy as _


class QuestionError(Exception):
    status = 400
    message = _("The question could not be sent.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class QuestionRateLimitError(QuestionError):
    status = 429
    message = _(
        "You have sent several questions in a short time. Please wait an hour, or "
        "e-mail the change-support office directly."
    )
