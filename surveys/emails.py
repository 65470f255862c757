"""The survey e-mails: the receipt with a copy of the answers, invitations and reminders
to municipalities, and sign-up invitations to preparers. All go through the portal's queue."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from portal.emails import mailing_list_unsubscribe_url, queue_templated_email
from portal.models import OutgoingEmail
from portal.models.localized import localized

KIND = "surveys"
#: Invitations, reminders and preparer invitations are bulk mail: each carries a one-click
#: unsubscribe (portal.emails) and an address that left is not written to again.
MAILING_LIST = "surveys"


def answer_lines(page, answers) -> list[dict]:
    """Each answered question of the page with its answer as lines of text."""
    return [
        {
            "question": question.text,
            "lines": question.display(answers[question.identifier]),
        }
        for question in page.question_list
        if question.identifier in answers
    ]


def queue_receipt(*, response_id: int, user_id: int) -> OutgoingEmail | None:
    """E-mail the person a copy of the answers they sent, in their language."""
    from surveys.models import SurveyResponse
    from surveys.services import absolute_url

    response = (
        SurveyResponse.objects.select_related("survey").filter(pk=response_id).first()
    )
    user = get_user_model().objects.filter(pk=user_id).first()
    if response is None or user is None or not user.email:
        return None
    language = user.preferred_language or settings.LANGUAGE_CODE
    survey = response.survey
    page = (
        survey.get_translations(inclusive=True)
        .live()
        .filter(locale__language_code=language)
        .specific()
        .first()
        or survey
    )
    with translation.override(language):
        lines = answer_lines(page, response.answers)
    return queue_templated_email(
        to=user.email,
        template_prefix="surveys/emails/receipt",
        context={
            "survey_title": page.title,
            "answers": lines,
            "municipality": response.municipality,
            "link": absolute_url(page.get_url()),
            "closes_at": survey.closes_at,
            "user": user,
        },
        language=language,
        kind=KIND,
    )


def unsubscribe_url(email: str, language: str) -> str:
    return mailing_list_unsubscribe_url(
        email=email, mailing_list=MAILING_LIST, language=language
    )


def queue_invitation(
    *, page, municipality, link, language, reminder
) -> OutgoingEmail | None:
    return queue_templated_email(
        to=municipality.contact_email,
        unsubscribe_url=unsubscribe_url(municipality.contact_email, language),
        template_prefix=(
            "surveys/emails/reminder" if reminder else "surveys/emails/invitation"
        ),
        context={
            "survey_title": page.title,
            "municipality_name": localized(municipality, "name", language),
            "link": link,
            "closes_at": page.canonical.closes_at,
        },
        language=language,
        kind=KIND,
    )


def queue_preparer_invitation(*, preparer, link, language) -> OutgoingEmail | None:
    return queue_templated_email(
        to=preparer.email,
        unsubscribe_url=unsubscribe_url(preparer.email, language),
        template_prefix="surveys/emails/preparer_invitation",
        context={
            "name": preparer.name,
            "municipality_name": localized(preparer.municipality, "name", language),
            "link": link,
        },
        language=language,
        kind=KIND,
    )
