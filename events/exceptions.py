"""Errors of the registration services; each carries a translated message and an HTTP status.

A service that raises one of these has written nothing.
"""

from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError


class RegistrationError(PortalError):
    """A registration rule failed."""

    message = _("The registration could not be saved.")
    status_code = 400

    def __init__(self, message=None, *, registration=None, errors=None, **kwargs):
        super().__init__(message, **kwargs)
        self.registration = registration
        self.errors = errors or {}


class RegistrationClosed(RegistrationError):
    message = _("Registration for this event is closed.")
    status_code = 409


class EventFull(RegistrationError):
    message = _("This event is full and has no waitlist.")
    status_code = 409


class EventPast(RegistrationError):
    message = _("This event has already started or is over.")
    status_code = 410


class EventOver(RegistrationError):
    """A change of seats for an event that has ended."""

    message = _("The event is over: its registrations can no longer be changed.")
    status_code = 410


class AttendanceNotOpen(RegistrationError):
    message = _(
        "Attendance can be recorded only once the event has started. Import the "
        "attendance report after the event."
    )
    status_code = 409


class EventCancelled(RegistrationError):
    message = _("This event has been cancelled.")
    status_code = 410


class AlreadyRegistered(RegistrationError):
    message = _(
        "You have already registered for this event. We sent you the link to your "
        "registration again."
    )
    status_code = 409


class AudienceNotAllowed(RegistrationError):
    message = _(
        "This event is not open to you. Sign in with an account that may attend."
    )
    status_code = 403


class InvalidAnswers(RegistrationError):
    """The form's answers are missing or invalid; from the service, `errors` maps question ids."""

    message = _("Please check the form: some answers are missing or invalid.")
    status_code = 400


class MunicipalityLimitReached(RegistrationError):
    message = _("Your municipality has already used all of its seats at this event.")
    status_code = 409


class RegistrationNotActive(RegistrationError):
    """The change does not fit the registration's status (e.g. cancelling twice)."""

    message = _("This registration can no longer be changed.")
    status_code = 409


class TooManyRegistrations(RegistrationError):
    message = _(
        "Too many registrations from your address. Please try again in an hour."
    )
    status_code = 429


class TooManyLinkRequests(RegistrationError):
    message = _(
        "A new link was sent a moment ago. Check your e-mail, or ask again in a "
        "quarter of an hour."
    )
    status_code = 429
    retry_after = 15 * 60


class ManageLinkExpired(RegistrationError):
    message = _(
        "This link to your registration has expired: the event is over. If you need "
        "something about the registration, contact the change-support office."
    )
    status_code = 410


class SuspectedSpam(RegistrationError):
    message = _("The form could not be accepted. Please reload the page and try again.")
    status_code = 400
