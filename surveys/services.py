"""Survey workflows: answering (drafts, sending, one answer per municipality), invitations
to municipalities, the preparer register and its sign-up invitations.

Answering rules (`save_draft`, `submit_response`):

- Answers are stored on the survey's default-language page (`SurveyPage.canonical`), so the
  Finnish and Swedish pages share them; that page's settings apply.
- The survey must be open, and the person within its audience (`network.access`).
- The municipality of an answer is fixed by a personal invitation link, or, in surveys with
  one answer per municipality, by a verified member's profile; otherwise it is the one
  chosen in the municipality question (pre-filled from the profile).
- One answer per municipality: any verified member of the municipality, the holder of its
  invitation link and the person who started the answer can change it until the close.
  One answer per person: the person's own answer. Both hold in the database
  (`respondent_key` is unique per survey) and under concurrent saves (the answer row is
  created or locked with `select_for_update` inside the transaction).
- Anonymous surveys store no user, and only the date of each time; a signed-in person's
  single answer is enforced by a participation row that nothing links to the answer.
- Drafts need a way back to the answer: a signed-in person or an invitation link.
"""

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from network.coverage import CoverageColumn
from network.models import MemberProfile, Municipality
from portal import access
from portal.emails import is_unsubscribed
from portal.ratelimit import count_hit, seconds_left
from surveys import access as survey_access
from surveys import emails
from surveys.exceptions import (
    AlreadyAnswered,
    AudienceNotAllowed,
    DraftNotAvailable,
    InvalidToken,
    MunicipalityNotAllowed,
    MunicipalityRequired,
    SurveyClosed,
    SurveyNotOpen,
    TooManyAnswers,
)
from surveys.models import (
    PreparerInvitation,
    SurveyInvitation,
    SurveyPage,
    SurveyParticipation,
    SurveyResponse,
)

INVITATION_SALT = "surveys.invitation"
SIGNUP_SALT = "surveys.preparer-signup"
SIGNUP_MAX_AGE = datetime.timedelta(days=60)
SWEDISH_LANGUAGES = {
    Municipality.Language.SWEDISH,
    Municipality.Language.BILINGUAL_SWEDISH,
}

ACTION_INVITE = "surveys.invite"
ACTION_REMIND = "surveys.remind"
ACTION_INVITE_PREPARER = "surveys.invite_preparer"


@dataclass(frozen=True)
class Respondent:
    """Who is answering: the signed-in user (or None) and the municipality of the personal
    invitation link they opened (or None)."""

    user: Any = None
    invited_municipality: Municipality | None = None

    @property
    def signed_in_user(self):
        return self.user if access.is_signed_in(self.user) else None


# --- Answering ----------------------------------------------------------------------------


def profile_municipality(user) -> Municipality | None:
    """The municipality in the user's profile (pre-fills the municipality question)."""
    if not access.is_signed_in(user):
        return None
    try:
        # Read through the user so that later checks in the request reuse it.
        profile = user.profile
    except ObjectDoesNotExist:
        return None
    return profile.municipality


def fixed_municipality(
    *, survey: SurveyPage, respondent: Respondent
) -> Municipality | None:
    """The municipality the respondent must answer for, when it is not theirs to choose."""
    if respondent.invited_municipality is not None:
        return respondent.invited_municipality
    if survey.canonical.is_per_municipality:
        municipality = profile_municipality(respondent.signed_in_user)
        if municipality and survey_access.represents_municipality(
            respondent.signed_in_user, municipality.pk
        ):
            return municipality
    return None


def editable_response(
    *, survey: SurveyPage, respondent: Respondent
) -> SurveyResponse | None:
    """The answer (draft or sent) this respondent continues or changes, if there is one."""
    survey = survey.canonical
    if survey.pk is None:
        return None
    responses = SurveyResponse.objects.of_survey(survey).select_related("municipality")
    user = respondent.signed_in_user
    if survey.is_per_municipality:
        municipality = fixed_municipality(survey=survey, respondent=respondent)
        if municipality is not None:
            return responses.filter(
                respondent_key=municipality_key(municipality)
            ).first()
        if user is not None and not survey.is_anonymous:
            return responses.filter(user=user).order_by("-updated_at").first()
        return None
    if user is not None and not survey.is_anonymous:
        return responses.filter(respondent_key=user_key(user)).first()
    return None


def has_participated(*, survey: SurveyPage, respondent: Respondent) -> bool:
    """Whether a signed-in person has already answered an anonymous survey."""
    user = respondent.signed_in_user
    survey = survey.canonical
    return bool(
        user is not None
        and survey.pk is not None
        and survey.is_anonymous
        and not survey.is_per_municipality
        and SurveyParticipation.objects.filter(survey=survey, user=user).exists()
    )


def can_keep_draft(*, survey: SurveyPage, respondent: Respondent) -> bool:
    """Drafts need a way back to the answer: an account or an invitation link."""
    survey = survey.canonical
    if survey.is_per_municipality:
        return bool(respondent.signed_in_user or respondent.invited_municipality) and (
            fixed_municipality(survey=survey, respondent=respondent) is not None
            or not survey.is_anonymous
        )
    return respondent.signed_in_user is not None and not survey.is_anonymous


def municipality_key(municipality: Municipality) -> str:
    return f"municipality:{municipality.pk}"


def user_key(user) -> str:
    return f"user:{user.pk}"


def save_draft(
    *,
    survey: SurveyPage,
    respondent: Respondent,
    answers: dict[str, Any],
    municipality: Municipality | None = None,
    now: datetime.datetime | None = None,
) -> SurveyResponse:
    """Keep unfinished answers to continue later (not counted in results)."""
    return _save(
        survey=survey,
        respondent=respondent,
        answers=answers,
        municipality=municipality,
        status=SurveyResponse.Status.DRAFT,
        now=now or timezone.now(),
    )


def submit_response(
    *,
    survey: SurveyPage,
    respondent: Respondent,
    answers: dict[str, Any],
    municipality: Municipality | None = None,
    now: datetime.datetime | None = None,
) -> SurveyResponse:
    """Send the answers (first time or a change) and queue the e-mail receipt."""
    return _save(
        survey=survey,
        respondent=respondent,
        answers=answers,
        municipality=municipality,
        status=SurveyResponse.Status.SUBMITTED,
        now=now or timezone.now(),
    )


def _save(*, survey, respondent, answers, municipality, status, now) -> SurveyResponse:
    survey = survey.canonical
    user = respondent.signed_in_user
    submit = status == SurveyResponse.Status.SUBMITTED
    with transaction.atomic():
        _check_open(survey, user, now)
        municipality = _answer_municipality(survey, respondent, municipality)
        if not submit and not can_keep_draft(survey=survey, respondent=respondent):
            raise DraftNotAvailable
        key = _respondent_key(survey, user, municipality)
        if key:
            response, created = _locked_response(survey, key, municipality, now)
            if not created:
                _check_may_change(survey, respondent, response, submit)
        else:
            _record_participation(survey, user)
            response = SurveyResponse(survey=survey, created_at=_stamp(survey, now))
        response.status = (
            SurveyResponse.Status.SUBMITTED
            if submit or response.is_submitted
            else SurveyResponse.Status.DRAFT
        )
        response.answers = answers
        response.municipality = municipality
        response.updated_at = _stamp(survey, now)
        if submit and response.submitted_at is None:
            response.submitted_at = _stamp(survey, now)
        if not survey.is_anonymous and user is not None:
            response.user = response.user or user
            response.last_edited_by = user
        response.save()
        if submit and survey.send_receipt and not survey.is_anonymous and user:
            response_id, user_id = response.pk, user.pk
            transaction.on_commit(
                lambda: emails.queue_receipt(response_id=response_id, user_id=user_id)
            )
    return response


def check_can_answer(
    *, survey: SurveyPage, respondent: Respondent, now: datetime.datetime | None = None
) -> None:
    """Raise the SurveyError that stops this respondent answering now, if any."""
    _check_open(survey.canonical, respondent.signed_in_user, now or timezone.now())


#: Answers a connection may send to one survey in an hour without signing in.
ANONYMOUS_ANSWERS_PER_HOUR = 20


def check_answer_rate(
    *, survey: SurveyPage, respondent: Respondent, client: str
) -> None:
    """Limit answers sent without an account (open-link surveys) per connection and hour;
    signed-in respondents are held by the one-answer rules instead."""
    if respondent.signed_in_user is not None:
        return
    key = f"surveys:anonymous-answers:{survey.canonical.pk}:{client}"
    if count_hit(key, window_seconds=3600) > ANONYMOUS_ANSWERS_PER_HOUR:
        raise TooManyAnswers(retry_after=seconds_left(window_seconds=3600))


def _check_open(survey: SurveyPage, user, now: datetime.datetime) -> None:
    if not survey.has_opened(now):
        raise SurveyNotOpen
    if survey.is_closed(now):
        raise SurveyClosed
    if access.audience_decision(user, survey.audience) is not access.Decision.ALLOW:
        raise AudienceNotAllowed


def _answer_municipality(survey, respondent, chosen) -> Municipality | None:
    fixed = fixed_municipality(survey=survey, respondent=respondent)
    if fixed is not None and chosen is not None and chosen.pk != fixed.pk:
        raise MunicipalityNotAllowed
    municipality = fixed or chosen
    if municipality is None and survey.municipality_question is None:
        municipality = profile_municipality(respondent.signed_in_user)
    if municipality is None and survey.needs_municipality:
        raise MunicipalityRequired
    return municipality


def _respondent_key(survey, user, municipality) -> str:
    if survey.is_per_municipality:
        return municipality_key(municipality)
    if user is not None and not survey.is_anonymous:
        return user_key(user)
    return ""


def _locked_response(survey, key, municipality, now) -> tuple[SurveyResponse, bool]:
    """The respondent's answer row, created if missing, locked until the transaction ends.

    Two members saving their municipality's answer at once: one creates the row, the
    other's insert fails on the unique constraint and it then waits for and locks that row.
    """
    return SurveyResponse.objects.select_for_update().get_or_create(
        survey=survey,
        respondent_key=key,
        defaults={
            "municipality": municipality,
            "created_at": _stamp(survey, now),
            "updated_at": _stamp(survey, now),
        },
    )


def _check_may_change(survey, respondent, response, submit) -> None:
    user = respondent.signed_in_user
    if survey.is_per_municipality:
        allowed = fixed_municipality(
            survey=survey, respondent=respondent
        ) is not None or (user is not None and response.user_id == user.pk)
        if not allowed:
            raise AlreadyAnswered
    if response.is_submitted and not submit:
        raise DraftNotAvailable


def _record_participation(survey, user) -> None:
    if user is None or not survey.is_anonymous:
        return
    _participation, created = SurveyParticipation.objects.get_or_create(
        survey=survey, user=user
    )
    if not created:
        raise AlreadyAnswered(_("You have already answered this survey."))


def _stamp(survey, now: datetime.datetime) -> datetime.datetime:
    """The time to store: exact, or only the date (local midnight) for anonymous surveys."""
    if not survey.is_anonymous:
        return now
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


# --- Invitations to municipalities --------------------------------------------------------


@dataclass
class InvitationReport:
    sent: list[SurveyInvitation]
    missing: list[Municipality]
    #: Municipalities whose address left the survey mailing list (portal.emails).
    unsubscribed: list[Municipality] = field(default_factory=list)


def invitation_token(*, survey: SurveyPage, municipality: Municipality) -> str:
    return signing.dumps(
        {"s": survey.canonical.pk, "m": municipality.pk}, salt=INVITATION_SALT
    )


def municipality_for_invitation(*, survey: SurveyPage, token: str) -> Municipality:
    """The municipality a personal invitation link is for; InvalidToken otherwise."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature as error:
        raise InvalidToken from error
    if not isinstance(data, dict) or data.get("s") != survey.canonical.pk:
        raise InvalidToken
    municipality = Municipality.objects.filter(pk=data.get("m")).first()
    if municipality is None:
        raise InvalidToken
    return municipality


def municipality_language(municipality: Municipality) -> str:
    return "sv" if municipality.language in SWEDISH_LANGUAGES else "fi"


def absolute_url(path: str) -> str:
    return urljoin(settings.PORTAL_BASE_URL, path)


def invitation_link(*, page: SurveyPage, municipality: Municipality) -> str:
    token = invitation_token(survey=page, municipality=municipality)
    path = page.get_url() + page.reverse_subpage("invitation_route")
    return absolute_url(path + "?" + urlencode({"key": token}))


def municipalities_without_answer(*, survey: SurveyPage, municipalities):
    """The given municipalities that have not sent an answer to the survey."""
    answered = (
        SurveyResponse.objects.of_survey(survey.canonical)
        .submitted()
        .exclude(municipality=None)
        .values("municipality")
    )
    return municipalities.exclude(pk__in=answered)


def send_invitations(
    *,
    survey: SurveyPage,
    municipalities,
    sent_by,
    now: datetime.datetime | None = None,
) -> InvitationReport:
    """E-mail each municipality's contact address a personal link to the survey; those
    without an address are reported as missing."""
    return _send(
        survey.canonical,
        list(municipalities),
        SurveyInvitation.Kind.INVITATION,
        sent_by,
        now or timezone.now(),
    )


def send_reminders(
    *, survey: SurveyPage, sent_by, now: datetime.datetime | None = None
) -> InvitationReport:
    """Remind the invited municipalities that have not answered yet."""
    survey = survey.canonical
    invited = Municipality.objects.filter(survey_invitations__survey=survey).distinct()
    pending = municipalities_without_answer(survey=survey, municipalities=invited)
    return _send(
        survey,
        list(pending.order_by("name_fi")),
        SurveyInvitation.Kind.REMINDER,
        sent_by,
        now or timezone.now(),
    )


def _send(survey, municipalities, kind, sent_by, now) -> InvitationReport:
    pages = {
        page.locale.language_code: page
        for page in survey.get_translations(inclusive=True)
        .live()
        .specific()
        .select_related("locale")
    }
    report = InvitationReport(sent=[], missing=[])
    with transaction.atomic():
        for municipality in municipalities:
            if not municipality.contact_email:
                report.missing.append(municipality)
                continue
            if is_unsubscribed(
                email=municipality.contact_email, mailing_list=emails.MAILING_LIST
            ):
                report.unsubscribed.append(municipality)
                continue
            language = municipality_language(municipality)
            page = pages.get(language) or pages.get(settings.LANGUAGE_CODE) or survey
            message = emails.queue_invitation(
                page=page,
                municipality=municipality,
                link=invitation_link(page=page, municipality=municipality),
                language=language,
                reminder=kind == SurveyInvitation.Kind.REMINDER,
            )
            report.sent.append(
                SurveyInvitation.objects.create(
                    survey=survey,
                    municipality=municipality,
                    kind=kind,
                    email=municipality.contact_email,
                    outgoing_email=message,
                    sent_by=sent_by,
                    sent_at=now,
                )
            )
        log(
            instance=survey,
            action=ACTION_INVITE
            if kind == SurveyInvitation.Kind.INVITATION
            else ACTION_REMIND,
            user=sent_by,
            data={
                "sent": len(report.sent),
                "missing": [municipality.code for municipality in report.missing],
                "unsubscribed": [
                    municipality.code for municipality in report.unsubscribed
                ],
            },
        )
    return report


# --- Preparer register ----------------------------------------------------------------------


@dataclass(frozen=True)
class Preparer:
    """A contact person named in a register-building survey (the latest answer wins)."""

    municipality: Municipality
    name: str
    title: str
    email: str
    phone: str
    role: str
    survey_title: str
    updated_at: datetime.datetime
    has_account: bool = False
    invited_at: datetime.datetime | None = None


def preparer_register(*, surveys, municipalities=None) -> list[Preparer]:
    """Contact persons of the sent answers of the given surveys, one per e-mail address and
    municipality, with whether they have an account and when they were last invited."""
    responses = (
        SurveyResponse.objects.submitted()
        .filter(survey__in=surveys)
        .exclude(municipality=None)
        .select_related("municipality", "survey")
        .order_by("-updated_at", "-pk")
    )
    if municipalities is not None:
        responses = responses.in_municipalities(municipalities)
    found: dict[tuple[int, str], Preparer] = {}
    for response in responses:
        for question in response.survey.question_list:
            if question.kind != "contact_persons":
                continue
            for person in response.answers.get(question.identifier) or []:
                email = person.get("email", "").strip().lower()
                key = (response.municipality_id, email)
                if email and key not in found:
                    found[key] = Preparer(
                        municipality=response.municipality,
                        name=person.get("name", ""),
                        title=person.get("title", ""),
                        email=email,
                        phone=person.get("phone", ""),
                        role=person.get("role", ""),
                        survey_title=response.survey.title,
                        updated_at=response.updated_at,
                    )
    emails_found = {email for _m, email in found}
    with_account = set(
        get_user_model()
        .objects.filter(email__in=emails_found)
        .values_list("email", flat=True)
    )
    invited = dict(
        PreparerInvitation.objects.filter(email__in=emails_found)
        .values("email")
        .annotate(last=Max("invited_at"))
        .values_list("email", "last")
    )
    preparers = [
        Preparer(
            **{
                **preparer.__dict__,
                "has_account": preparer.email in with_account,
                "invited_at": invited.get(preparer.email),
            }
        )
        for preparer in found.values()
    ]
    return sorted(preparers, key=lambda p: (p.municipality.name, p.name.lower()))


def signup_token(*, municipality: Municipality, email: str) -> str:
    return signing.dumps({"m": municipality.code, "e": email}, salt=SIGNUP_SALT)


def read_signup_token(token: str) -> tuple[Municipality, str]:
    """The municipality and e-mail address of a sign-up invitation; InvalidToken otherwise."""
    try:
        data = signing.loads(
            token, salt=SIGNUP_SALT, max_age=SIGNUP_MAX_AGE.total_seconds()
        )
    except signing.BadSignature as error:
        raise InvalidToken from error
    municipality = Municipality.objects.filter(code=data.get("m")).first()
    if municipality is None:
        raise InvalidToken
    return municipality, data.get("e", "")


def signup_link(*, municipality: Municipality, email: str, language: str) -> str:
    with translation.override(language):
        path = reverse(
            "surveys:join",
            args=[signup_token(municipality=municipality, email=email)],
        )
    return absolute_url(path)


def invite_preparers(
    *, preparers: list[Preparer], invited_by, now: datetime.datetime | None = None
) -> list[PreparerInvitation]:
    """E-mail each preparer without an account a sign-up link that pre-fills their
    municipality; people who already have an account, or whose address left the survey
    mailing list, are skipped."""
    now = now or timezone.now()
    invitations = []
    with transaction.atomic():
        for preparer in preparers:
            if preparer.has_account or is_unsubscribed(
                email=preparer.email, mailing_list=emails.MAILING_LIST
            ):
                continue
            language = municipality_language(preparer.municipality)
            message = emails.queue_preparer_invitation(
                preparer=preparer,
                link=signup_link(
                    municipality=preparer.municipality,
                    email=preparer.email,
                    language=language,
                ),
                language=language,
            )
            invitation = PreparerInvitation.objects.create(
                email=preparer.email,
                municipality=preparer.municipality,
                outgoing_email=message,
                invited_by=invited_by,
                invited_at=now,
            )
            log(
                instance=invitation,
                action=ACTION_INVITE_PREPARER,
                user=invited_by,
                data={"municipality": preparer.municipality.code},
            )
            invitations.append(invitation)
    return invitations


def signup_query(email: str) -> str:
    """The query string that pre-fills the sign-up form's e-mail address."""
    return "?" + urlencode({"email": email}) if email else ""


def apply_signup_municipality(*, user, municipality: Municipality) -> MemberProfile:
    """After sign-up from a preparer invitation: put the municipality in the new profile
    (through the network's profile service, which runs verification) unless one is set."""
    from network.services import profile_for, update_profile

    profile = profile_for(user)
    if profile.municipality_id is not None:
        return profile
    return update_profile(
        profile=profile,
        data={
            "organisation_type": MemberProfile.OrganisationType.MUNICIPALITY,
            "municipality": municipality,
        },
    )


def answer_counts(survey_id: int) -> dict[int, int]:
    """{municipality_id: sent answers} of one survey, in one query."""
    return (
        SurveyResponse.objects.filter(survey_id=survey_id)
        .submitted()
        .counts_by_municipality()
    )


def coverage_columns() -> list[CoverageColumn]:
    """An "answered survey X" column of the coverage view for each live survey."""
    surveys = (
        SurveyPage.objects.live().canonical().order_by("opens_at", "pk").only("title")
    )
    return [
        CoverageColumn(
            key=f"survey-{survey.pk}",
            label=gettext("Answered: %(title)s") % {"title": survey.title},
            counts=functools.partial(answer_counts, survey.pk),
            order=200 + index,
        )
        for index, survey in enumerate(surveys)
    ]


def surveys_for_register(user):
    """The register-building surveys whose answers the user may see."""
    return [
        survey
        for survey in SurveyPage.objects.building_register().order_by("-opens_at")
        if survey_access.can_manage_survey(user, survey)
    ]
