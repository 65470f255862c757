"""Domain errors of the info letters, each with a translated message and an HTTP status."""

from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError


class LetterError(PortalError):
    status_code = 400
    message = _("The letter could not be sent.")


class LetterAlreadySentError(LetterError):
    status_code = 409
    message = _("This letter has already been sent; a letter is sent only once.")


class LetterNotPublishedError(LetterError):
    message = _("Publish the letter before sending it.")


class LetterScheduleError(LetterError):
    message = _("Choose a time in the future.")


class SubscriptionError(PortalError):
    status_code = 400
    message = _("The subscription could not be saved.")


class SubscriptionRateLimitError(SubscriptionError):
    status_code = 429
    message = _(
        "Several subscriptions have been sent from your address in a short time. "
        "Please try again in an hour."
    )


class ConfirmationLinkError(SubscriptionError):
    status_code = 410
    message = _(
        "This confirmation link has expired or is not valid. Please subscribe again."
    )


class NothingToConfirmError(SubscriptionError):
    message = _("This subscriber has no subscription waiting for confirmation.")
