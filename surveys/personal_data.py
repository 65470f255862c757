"""What surveys hold about a person, for "download my data" and account deletion
(registered with `network.personal_data` in `SurveysConfig.ready`).

Answers are reported in aggregate, so erasure keeps them but detaches them from the
person; contact-person entries that name one of the person's e-mail addresses are removed
from every answer, and participation records and sign-up invitations are deleted.
"""

from typing import Any

from django.db import transaction

from surveys.blocks import PERSON_FIELDS
from surveys.models import (
    PreparerInvitation,
    SurveyParticipation,
    SurveyResponse,
)


def addresses_of(user) -> set[str]:
    from allauth.account.models import EmailAddress

    addresses = {user.email.lower()} if user.email else set()
    addresses |= {
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list(
            "email", flat=True
        )
    }
    return addresses


def responses_naming(addresses: set[str]):
    """Answers whose text contains one of the addresses (candidates to check exactly)."""
    responses = SurveyResponse.objects.none()
    for address in addresses:
        responses |= SurveyResponse.objects.filter(answers__icontains=address)
    return responses.select_related("survey", "municipality").order_by("pk")


def named_persons(response: SurveyResponse, addresses: set[str]) -> list[dict]:
    return [
        person
        for question in response.survey.question_list
        if question.kind == "contact_persons"
        for person in response.answers.get(question.identifier) or []
        if person.get("email", "").strip().lower() in addresses
    ]


def collect(user) -> dict[str, Any]:
    addresses = addresses_of(user)
    answers = (
        SurveyResponse.objects.of_user(user)
        .select_related("survey", "municipality")
        .order_by("created_at", "pk")
    )
    return {
        "answers": [
            {
                "survey": response.survey.title,
                "status": response.status,
                "municipality": response.municipality.code
                if response.municipality
                else None,
                "created_at": response.created_at,
                "updated_at": response.updated_at,
                "submitted_at": response.submitted_at,
                "answers": response.answers,
            }
            for response in answers
        ],
        "anonymous_surveys_answered": sorted(
            SurveyParticipation.objects.filter(user=user).values_list(
                "survey__title", flat=True
            )
        ),
        "named_as_contact_person": [
            {
                "survey": response.survey.title,
                "municipality": response.municipality.code
                if response.municipality
                else None,
                "person": {part: person.get(part, "") for part in PERSON_FIELDS},
            }
            for response in responses_naming(addresses)
            for person in named_persons(response, addresses)
        ],
        "preparer_invitations": [
            {"email": invitation.email, "invited_at": invitation.invited_at}
            for invitation in PreparerInvitation.objects.filter(
                email__in=addresses
            ).order_by("invited_at")
        ],
    }


def erase(user) -> None:
    addresses = addresses_of(user)
    with transaction.atomic():
        SurveyResponse.objects.filter(user=user).update(user=None)
        SurveyResponse.objects.filter(last_edited_by=user).update(last_edited_by=None)
        for response in responses_naming(addresses):
            if remove_persons(response, addresses):
                response.save(update_fields=["answers"])
        SurveyParticipation.objects.filter(user=user).delete()
        PreparerInvitation.objects.filter(email__in=addresses).delete()


def remove_persons(response: SurveyResponse, addresses: set[str]) -> bool:
    """Drop contact persons with one of the addresses; whether anything changed."""
    changed = False
    for question in response.survey.question_list:
        if question.kind != "contact_persons":
            continue
        persons = response.answers.get(question.identifier) or []
        kept = [
            p for p in persons if p.get("email", "").strip().lower() not in addresses
        ]
        if len(kept) != len(persons):
            response.answers[question.identifier] = kept or None
            changed = True
    if changed:
        response.answers = {k: v for k, v in response.answers.items() if v is not None}
    return changed
