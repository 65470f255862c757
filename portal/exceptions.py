"""The base of every app's domain errors: a translatable message and the HTTP status the
view answers with. A service that raises one has written nothing."""

from django.utils.translation import gettext_lazy as _


class PortalError(Exception):
    """A business rule failed; `message` says why to the user, `status_code` to the client.

    A refusal by a rate limit (status 429) carries `retry_after`, the seconds until the
    limit's window ends, which `apply_to` sends as the `Retry-After` header."""

    message = _("The request could not be completed.")
    status_code = 400
    retry_after: int | None = None

    def __init__(self, message=None, *, retry_after: int | None = None):
        if message is not None:
            self.message = message
        if retry_after is not None:
            self.retry_after = retry_after
        super().__init__(str(self.message))

    def apply_to(self, response):
        """Give the response this error's status (and `Retry-After`); return it."""
        response.status_code = self.status_code
        if self.retry_after is not None:
            response["Retry-After"] = str(self.retry_after)
        return response
