"""Errors of the survey services; each carries a translated message and an HTTP status.

A service that raises one of these has written nothing.
"""

from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError


class SurveyError(PortalError):
    """A survey rule failed."""

    message = _("Your answer could not be saved.")
    status_code = 400


class SurveyNotOpen(SurveyError):
    message = _("This survey is not open yet.")
    status_code = 403


class SurveyClosed(SurveyError):
    message = _(
        "This survey has closed. Answers can no longer be given or changed after the "
        "closing time."
    )
    status_code = 403


class AudienceNotAllowed(SurveyError):
    message = _(
        "This survey is not open to you. Sign in with an account that may answer."
    )
    status_code = 403


class MunicipalityRequired(SurveyError):
    message = _("Choose the municipality you answer for.")
    status_code = 400


class MunicipalityNotAllowed(SurveyError):
    message = _(
        "You can answer only for your own municipality, or for the municipality whose "
        "invitation link you opened."
    )
    status_code = 403


class AlreadyAnswered(SurveyError):
    message = _(
        "This survey has already been answered. A verified network member of the "
        "municipality can change the municipality's answer until the survey closes."
    )
    status_code = 409


class DraftNotAvailable(SurveyError):
    message = _(
        "This answer cannot be saved as a draft. Drafts need a signed-in account, and "
        "an answer that has been sent is changed with “Save changes”."
    )
    status_code = 400


class UnknownAction(SurveyError):
    """The form came back with a button the survey does not have: nothing is saved."""

    message = _(
        "The answers were not saved: the form was sent with a button this survey does "
        "not have. Save them with “Send answers”, “Save changes” or “Save draft and "
        "continue later”."
    )
    status_code = 400


class InvalidToken(SurveyError):
    message = _(
        "The link is not valid. It may be incomplete or expired: copy the whole link "
        "from the e-mail, or ask the change-support office for a new one."
    )
    status_code = 400


class TooManyAnswers(SurveyError):
    message = _(
        "Too many answers have been sent from your connection. Try again in an hour."
    )
    status_code = 429
