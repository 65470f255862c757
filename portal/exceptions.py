"""The base of every app's domain errors: a translatable message and the HTTP status the
view answers with. A service that raises one has written nothing."""

from django.utils.translation import gettext_lazy as _


class PortalError(Exception):
    """A business rule failed; `message` says why to the user, `status_code` to the client."""

    message = _("The request could not be completed.")
    status_code = 400

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
