"""The rules of requests to the office: sending one, every change of its state (each a
function here, logged as a `RequestEvent` with who and when), the thread, internal notes,
the inbox's age in working days, and the requester's personal data.

States: new → assigned → waiting for the requester → answered / accepted / declined →
closed; the requester may withdraw while it is open (new, assigned, waiting).
"""

import datetime
import json
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from asks import access as ask_access
from asks import emails
from asks.access import can_send_request
from asks.exceptions import (
    QuestionClosedError,
    QuestionError,
    QuestionNotAllowedError,
    QuestionRateLimitError,
    RequestNotAllowedError,
    RequestRateLimitError,
    RequestStateError,
)
from asks.models import (
    EventQuestionSettings,
    Question,
    QuestionVote,
    Request,
    RequestEvent,
    RequestMessage,
    RequestNote,
)
from network import personal_data
from network.models import Municipality
from portal import access, pagecache, retention
from portal.demo.calendar import is_working_day, working_day
from portal.models import OutgoingEmail
from portal.ratelimit import count_hit, seconds_left
from portal.sanitizer import render_markdown

State = Request.State
Action = RequestEvent.Action

RATE_WINDOW_SECONDS = 60 * 60
#: Requests one signed-in person may send in an hour (guests: the setting).
MEMBER_REQUESTS_PER_HOUR = 20


@dataclass(frozen=True)
class Contact:
    """Who asks: from the account's profile, or what a guest typed."""

    name: str
    email: str
    phone: str = ""
    organisation: str = ""
    municipality: Any = None


@dataclass(frozen=True)
class RequestContent:
    """What the form of a kind asks (the form's cleaned data, by role)."""

    subject: str
    body: str
    reform: str = ""
    theme: Any = None
    wished_expert: Any = None
    may_publish: bool = False
    details: dict = field(default_factory=dict)


def profile_contact(user) -> Contact:
    """The contact details of a signed-in person, from the account and member profile."""
    profile = getattr(user, "profile", None)
    organisation = ""
    if profile is not None:
        organisation = profile.organisation_name or (
            profile.municipality.name if profile.municipality_id else ""
        )
    return Contact(
        name=user.get_full_name() or user.email,
        email=user.email,
        phone=profile.phone if profile else "",
        organisation=organisation,
        municipality=profile.municipality if profile else None,
    )


def take_request_slot(*, user, client_key: str) -> None:
    """Count a request of a person (by account, else by address); refuse past the
    hourly limit."""
    if access.is_signed_in(user):
        key, limit = f"asks:user:{user.pk}", MEMBER_REQUESTS_PER_HOUR
    else:
        key = f"asks:guest:{client_key}"
        limit = settings.PORTAL_REQUESTS_GUEST_PER_HOUR
    if count_hit(key, window_seconds=RATE_WINDOW_SECONDS) > limit:
        raise RequestRateLimitError(
            retry_after=seconds_left(window_seconds=RATE_WINDOW_SECONDS)
        )


#: The office's actions on a request, which also go into Wagtail's audit log (the
#: admin's site history), as `asks.<action>`.
AUDITED_ACTIONS = (
    Action.ASSIGNED,
    Action.ASKED,
    Action.REPLIED,
    Action.ANSWERED,
    Action.ACCEPTED,
    Action.DECLINED,
    Action.CLOSED,
    Action.NOTE_ADDED,
    Action.FAQ_DRAFTED,
    Action.EVENT_DRAFTED,
    Action.FORUM_POSTED,
)


def audit_log_action(action: str) -> str:
    """The name of a request's change in Wagtail's audit log."""
    return f"asks.{action}"


def _record(
    request: Request,
    *,
    action: str,
    by,
    from_state: str,
    detail: str = "",
    at: datetime.datetime,
) -> RequestEvent:
    """Write a change into the request's own log and, for the office's actions, into
    the audit log (states only: the messages stay in the request)."""
    actor = by if access.is_signed_in(by) else None
    event = RequestEvent.objects.create(
        request=request,
        action=action,
        actor=actor,
        from_state=from_state,
        to_state=request.state,
        detail=detail[:300],
        created_at=at,
    )
    if action in AUDITED_ACTIONS and actor is not None:
        log(
            instance=request,
            action=audit_log_action(action),
            user=actor,
            data={"from_state": from_state, "to_state": request.state},
        )
    return event


def _log(request: Request, *, action: str, by, from_state: str, detail: str = ""):
    return _record(
        request,
        action=action,
        by=by,
        from_state=from_state,
        detail=detail,
        at=request.updated_at,
    )


def submit_request(
    *,
    kind: str,
    content: RequestContent,
    contact: Contact,
    user,
    language: str,
    client_key: str,
    now: datetime.datetime | None = None,
) -> Request:
    """Store a new request, log it, and tell the requester and the office.

    Raises RequestNotAllowedError when this person may not send this kind, and
    RequestRateLimitError past the hourly limit.
    """
    if not can_send_request(user, kind):
        raise RequestNotAllowedError
    take_request_slot(user=user, client_key=client_key)
    now = now or timezone.now()
    with transaction.atomic():
        request = Request.objects.create(
            kind=kind,
            subject=content.subject[:200],
            body=content.body,
            reform=content.reform,
            theme=content.theme,
            wished_expert=content.wished_expert,
            may_publish=content.may_publish,
            details=content.details,
            language=language,
            requester=user if access.is_signed_in(user) else None,
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            organisation=contact.organisation,
            municipality=contact.municipality,
            created_at=now,
            updated_at=now,
        )
        event = _log(request, action=Action.SUBMITTED, by=user, from_state="")
        emails.queue_requester_update(request=request, event=event)
        emails.queue_office_notice(request=request, event=event)
    return request


def record_question_submission(*, submission) -> Request:
    """Take a question sent through the FAQ's question form into the inbox as a general
    question (the form stores the answers and notifies the office itself)."""
    from materials.forms import QuestionForm

    data = dict(submission.form_data)
    contact_names = {*QuestionForm.CONTACT_FIELDS, "submit_time"}
    labels = {
        field.clean_name: field.label for field in submission.page.form_fields.all()
    }
    parts = [
        (labels.get(name, name), str(value))
        for name, value in data.items()
        if name not in contact_names and value not in ("", None, [])
    ]
    first = parts[0][1] if parts else ""
    body = "\n\n".join(
        text if index == 0 else f"{label}: {text}"
        for index, (label, text) in enumerate(parts)
    )
    user = submission.user
    municipality = None
    if user is not None and hasattr(user, "profile"):
        municipality = user.profile.municipality
    # The form stores a guest's municipality as "Tampere (837)".
    code = re.search(r"\((\d{3})\)$", str(data.get("municipality", "")))
    if municipality is None and code:
        municipality = Municipality.objects.filter(code=code.group(1)).first()
    now = submission.submit_time or timezone.now()
    request = Request.objects.create(
        kind=Request.Kind.GENERAL,
        subject=(first.splitlines()[0] if first else str(submission.page.title))[:200],
        body=body or str(submission.page.title),
        language=submission.page.locale.language_code,
        requester=user,
        name=str(data.get("name", ""))[:150],
        email=submission.email,
        phone=str(data.get("phone", ""))[:40],
        organisation=str(data.get("organisation", ""))[:200],
        municipality=municipality,
        question_submission=submission,
        created_at=now,
        updated_at=now,
    )
    event = _log(request, action=Action.SUBMITTED, by=user, from_state="")
    emails.queue_requester_update(request=request, event=event)
    return request


def _locked(request: Request) -> Request:
    return Request.objects.select_for_update().get(pk=request.pk)


def _change(
    request: Request,
    *,
    action: str,
    to_state,
    allowed_from,
    by,
    now: datetime.datetime | None,
    detail: str = "",
    message: str = "",
    from_office: bool = True,
    **changes,
) -> Request:
    """The one path of every change: lock, re-check the state, write the change, the
    message and the log entry, and queue the mails (all or nothing). `to_state` is the
    new state, None to keep it, or a function of the locked row giving either."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(request)
        if locked.state not in allowed_from:
            raise RequestStateError
        from_state = locked.state
        if callable(to_state):
            to_state = to_state(locked)
        if to_state is not None:
            locked.state = to_state
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.updated_at = now
        if message:
            RequestMessage.objects.create(
                request=locked,
                author=by if access.is_signed_in(by) else None,
                is_from_office=from_office,
                body=message,
                created_at=now,
            )
            if from_office and locked.first_answered_at is None:
                locked.first_answered_at = now
        if locked.state == State.CLOSED or locked.state == State.WITHDRAWN:
            locked.closed_at = now
        locked.save()
        event = _log(locked, action=action, by=by, from_state=from_state, detail=detail)
        if action == Action.INFORMATION_ADDED:
            emails.queue_office_notice(request=locked, event=event)
        elif action in RequestEvent.VISIBLE_ACTIONS:
            emails.queue_requester_update(request=locked, event=event)
    return locked


def assign_request(
    *, request: Request, by, user=None, expert=None, now=None
) -> Request:
    """Give an open request to a staff member or an expert of the directory (or both);
    a request waiting for the requester keeps waiting."""
    names = [str(person) for person in (user, expert) if person is not None]
    if not names:
        raise RequestStateError
    return _change(
        request,
        action=Action.ASSIGNED,
        to_state=lambda locked: (
            State.WAITING if locked.state == State.WAITING else State.ASSIGNED
        ),
        allowed_from=Request.OPEN_STATES,
        by=by,
        now=now,
        detail=", ".join(names),
        assigned_user=user,
        assigned_expert=expert,
    )


def reply_to_request(*, request: Request, by, body: str, now=None) -> Request:
    """A message from the office in the thread; the state stays."""
    return _change(
        request,
        action=Action.REPLIED,
        to_state=None,
        allowed_from=Request.OPEN_STATES,
        by=by,
        now=now,
        message=body,
    )


def ask_requester(*, request: Request, by, body: str, now=None) -> Request:
    """The office needs more information: the request waits for the requester."""
    return _change(
        request,
        action=Action.ASKED,
        to_state=State.WAITING,
        allowed_from=Request.OPEN_STATES,
        by=by,
        now=now,
        message=body,
    )


def answer_request(*, request: Request, by, body: str, now=None) -> Request:
    """The office's answer to a question (any kind may be answered)."""
    return _change(
        request,
        action=Action.ANSWERED,
        to_state=State.ANSWERED,
        allowed_from=Request.OPEN_STATES,
        by=by,
        now=now,
        message=body,
    )


def accept_request(*, request: Request, by, body: str = "", now=None) -> Request:
    """The office takes on a speaker or consultation request."""
    if not request.is_booking:
        raise RequestStateError
    return _change(
        request,
        action=Action.ACCEPTED,
        to_state=State.ACCEPTED,
        allowed_from=Request.OPEN_STATES,
        by=by,
        now=now,
        message=body,
    )


def decline_request(*, request: Request, by, reason: str, now=None) -> Request:
    """The office declines, always with a reason the requester reads."""
    reason = reason.strip()
    if not reason:
        raise RequestStateError
    return _change(
        request,
        action=Action.DECLINED,
        to_state=State.DECLINED,
        allowed_from=Request.OPEN_STATES,
        by=by,
        now=now,
        detail=reason,
        decline_reason=reason,
    )


def close_request(*, request: Request, by, now=None) -> Request:
    """An answered, accepted or declined request is done."""
    return _change(
        request,
        action=Action.CLOSED,
        to_state=State.CLOSED,
        allowed_from=Request.DECIDED_STATES,
        by=by,
        now=now,
    )


def withdraw_request(*, request: Request, by, now=None) -> Request:
    """The requester takes back an open request."""
    return _change(
        request,
        action=Action.WITHDRAWN,
        to_state=State.WITHDRAWN,
        allowed_from=Request.OPEN_STATES,
        by=by,
        now=now,
    )


def add_information(*, request: Request, by, body: str, now=None) -> Request:
    """The requester writes more; a request waiting for them goes back to the office."""

    def back_to_the_office(locked: Request) -> str | None:
        if locked.state != State.WAITING:
            return None
        if locked.assigned_user_id or locked.assigned_expert_id:
            return State.ASSIGNED
        return State.NEW

    return _change(
        request,
        action=Action.INFORMATION_ADDED,
        to_state=back_to_the_office,
        allowed_from=Request.OPEN_STATES,
        by=by,
        now=now,
        message=body,
        from_office=False,
    )


def add_note(*, request: Request, by, body: str, now=None) -> RequestNote:
    """An internal note of the office; the requester never sees it or hears of it."""
    now = now or timezone.now()
    with transaction.atomic():
        note = RequestNote.objects.create(
            request=request, author=by, body=body, created_at=now
        )
        _record(
            request,
            action=Action.NOTE_ADDED,
            by=by,
            from_state=request.state,
            at=now,
        )
    return note


# --- answers become knowledge ---------------------------------------------------------


def last_office_message(request: Request) -> str:
    message = request.messages.filter(is_from_office=True).last()
    return message.body if message else ""


def may_be_published(request: Request) -> bool:
    """An answered general or legal question whose requester allowed anonymous
    publication."""
    return (
        request.kind in Request.GUEST_KINDS
        and request.state in (State.ANSWERED, State.CLOSED)
        and request.may_publish
    )


def can_become_faq(request: Request) -> bool:
    """A publishable question not yet in the FAQ."""
    return may_be_published(request) and request.faq_page_id is None


def can_become_forum_topic(request: Request) -> bool:
    """A publishable question not yet in the forum."""
    return may_be_published(request) and request.forum_topic_id is None


def forum_opening(request: Request) -> str:
    """The question and the office's answer as a forum post's Markdown, to edit."""
    return (
        f"{request.body}\n\n**{gettext('The office answered:')}**\n\n"
        f"{last_office_message(request)}"
    )


def post_to_forum(*, request: Request, by, category, title: str, body: str, now=None):
    """Open a forum topic in the office's name (`by`) with the edited question and
    answer, for the members to discuss; nothing of the requester goes in. Raises the
    forum's own errors (rate limit, rights) and RequestStateError."""
    from forums import services as forum_services

    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(request)
        if not can_become_forum_topic(locked):
            raise RequestStateError
        topic = forum_services.start_topic(
            category=category, user=by, title=title, body=body, now=now
        )
        locked.forum_topic = topic
        locked.updated_at = now
        locked.save(update_fields=["forum_topic", "updated_at"])
        _record(
            locked,
            action=Action.FORUM_POSTED,
            by=by,
            from_state=locked.state,
            detail=topic.title,
            at=now,
        )
    return topic


def add_faq_draft_entry(
    *, faq_page, by, question: str, answer: str, theme_id, expert_id, now
) -> None:
    """Add a question and its answer to a new draft revision of a FAQ page, in the group
    of the theme `theme_id` (a new group, with `expert_id` as its expert, when there is
    none), for an editor to review and publish. The entry holds only the edited
    question and answer: nothing personal, no link to where it came from."""
    page = faq_page.specific.get_latest_revision_as_object()
    sections = list(page.sections.get_prep_value())
    entry = {
        "question": question[:300],
        "anchor": "",
        "answer": linebreaks(answer, autoescape=True),
        "reviewed_on": timezone.localdate(now).isoformat(),
        "related_materials": [],
    }
    target = next(
        (
            section
            for section in sections
            if section["type"] == "section"
            and section["value"].get("theme") == theme_id
        ),
        None,
    )
    if target is None:
        target = {
            "type": "section",
            "value": {
                "theme": theme_id,
                "heading": "",
                "expert": expert_id,
                "questions": [],
            },
        }
        sections.append(target)
    target["value"]["questions"].append(entry)
    page.sections = json.dumps(sections)
    page.save_revision(user=by, log_action=True)


def draft_faq_entry(
    *, request: Request, by, faq_page, question: str, answer: str, now=None
):
    """Add a publishable request's question and answer to a draft of a FAQ page
    (`add_faq_draft_entry`), in the group of the request's theme."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(request)
        if not can_become_faq(locked):
            raise RequestStateError
        add_faq_draft_entry(
            faq_page=faq_page,
            by=by,
            question=question,
            answer=answer,
            theme_id=locked.theme_id,
            expert_id=locked.assigned_expert_id,
            now=now,
        )
        locked.faq_page = faq_page
        locked.updated_at = now
        locked.save(update_fields=["faq_page", "updated_at"])
        _record(
            locked,
            action=Action.FAQ_DRAFTED,
            by=by,
            from_state=locked.state,
            detail=faq_page.title,
            at=now,
        )
    return faq_page


def can_become_event(request: Request) -> bool:
    """An accepted speaker request whose municipality wished its event listed in the
    portal's calendar, not yet made into an event page."""
    return (
        request.kind == Request.Kind.SPEAKER
        and request.state in (State.ACCEPTED, State.CLOSED)
        and bool(request.details.get("in_calendar"))
        and request.event_page_id is None
        and bool(request.details.get("event_date"))
    )


def draft_event_page(*, request: Request, by, event_index, now=None):
    """Make an accepted speaker request into a draft event page under `event_index`,
    with the municipality's date, place and audience and the expert as its speaker;
    an editor completes and publishes it, after which it is in the calendar and on the
    expert's page. Nothing of the requester goes on the page but what they asked to
    be shown: the event's title, time, place and topic."""
    from events.models import EventPage

    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(request)
        if not can_become_event(locked):
            raise RequestStateError
        details = locked.details
        day = datetime.date.fromisoformat(details["event_date"])
        starts = datetime.time.fromisoformat(details.get("starts_at") or "09:00")
        starts_at = timezone.make_aware(datetime.datetime.combine(day, starts))
        ends_at = starts_at + datetime.timedelta(hours=2)
        if details.get("ends_at"):
            ends_at = timezone.make_aware(
                datetime.datetime.combine(
                    day, datetime.time.fromisoformat(details["ends_at"])
                )
            )
        expert = locked.assigned_expert or locked.wished_expert
        page = EventPage(
            title=locked.subject,
            intro=locked.body[:500],
            reform=locked.reform or EventPage._meta.get_field("reform").default,
            language=details.get("event_language") or locked.language,
            starts_at=starts_at,
            ends_at=ends_at,
            format=details.get("event_format") or EventPage.Format.ON_SITE,
            place=details.get("place", ""),
            speakers=[("expert", expert)] if expert else [],
            live=False,
        )
        event_index.specific.add_child(instance=page)
        if locked.theme_id:
            page.themes.set([locked.theme_id])
        page.save_revision(user=by, log_action=True)
        locked.event_page = page
        locked.updated_at = now
        locked.save(update_fields=["event_page", "updated_at"])
        _record(
            locked,
            action=Action.EVENT_DRAFTED,
            by=by,
            from_state=locked.state,
            detail=page.title,
            at=now,
        )
    return page


# --- the inbox ---------------------------------------------------------------------------


def assignee_label(request: Request) -> str:
    """Who the request is given to: the staff member and/or the expert."""
    names = [
        str(person)
        for person in (request.assigned_user, request.assigned_expert)
        if person is not None
    ]
    return ", ".join(names) or "–"


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Finnish working days after `start` up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        days += is_working_day(day)
    return days


def age_in_working_days(request: Request, *, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return working_days_between(timezone.localdate(request.waiting_since()), today)


def waited_longer_than(days: int, *, today: datetime.date | None = None):
    """The moment before which a wait began that is more than `days` working days long
    by `services.age_in_working_days`: the start (Finnish time) of the (days + 1)-th
    working day counted back from today."""
    today = today or timezone.localdate()
    back = days if is_working_day(today) else days + 1
    day = working_day(today, -back)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def is_overdue(request: Request, *, today: datetime.date | None = None) -> bool:
    """An open request the office has kept waiting longer than
    `PORTAL_REQUESTS_WARNING_WORKING_DAYS` (a request waiting for the requester is
    theirs to move)."""
    if request.state not in (State.NEW, State.ASSIGNED):
        return False
    limit = settings.PORTAL_REQUESTS_WARNING_WORKING_DAYS
    return age_in_working_days(request, today=today) > limit


# --- reports and coverage ----------------------------------------------------------------


def request_coverage_counts() -> dict[int, int]:
    """Requests per municipality, for the coverage view (one query)."""
    rows = (
        Request.objects.filter(municipality__isnull=False)
        .order_by()
        .values("municipality_id")
        .annotate(n=Count("pk"))
    )
    return {row["municipality_id"]: row["n"] for row in rows}


def median_hours(pairs) -> float | None:
    """The median of (start, end) durations in hours; None without any."""
    hours = [(end - start).total_seconds() / 3600 for start, end in pairs if end]
    return round(statistics.median(hours), 1) if hours else None


@dataclass
class RequestReport:
    """The office's figures: requests per month by kind and by reform, the median
    hours to the first answer and to closing, and the municipalities that asked."""

    months: list[datetime.date]
    by_kind: dict[datetime.date, dict[str, int]]
    by_reform: dict[datetime.date, dict[str, int]]
    median_hours_to_first_answer: float | None
    median_hours_to_close: float | None
    municipalities_asked: int
    municipalities_never_asked: list[Any]


def month_starts(*, months: int, today: datetime.date) -> list[datetime.date]:
    """The first days of the last `months` months, oldest first, this month last."""
    year, month = today.year, today.month
    days = []
    for _index in range(months):
        days.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return days[::-1]


def request_report(*, months: int = 12, today: datetime.date | None = None):
    """The report in a fixed number of queries, whatever the number of requests."""
    from django.db.models.functions import TruncMonth

    today = today or timezone.localdate()
    starts = month_starts(months=months, today=today)
    since = timezone.make_aware(datetime.datetime.combine(starts[0], datetime.time()))
    recent = Request.objects.filter(created_at__gte=since).order_by()
    by_kind = {month: dict.fromkeys(Request.Kind.values, 0) for month in starts}
    by_reform = {month: {} for month in starts}
    rows = (
        recent.annotate(month=TruncMonth("created_at"))
        .values("month", "kind", "reform")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        by_kind[month][row["kind"]] += row["n"]
        reform = row["reform"] or ""
        by_reform[month][reform] = by_reform[month].get(reform, 0) + row["n"]
    answered = recent.exclude(first_answered_at=None).values_list(
        "created_at", "first_answered_at"
    )
    closed = recent.filter(state=State.CLOSED).values_list("created_at", "closed_at")
    asked = Request.objects.exclude(municipality=None).values("municipality")
    never = list(Municipality.objects.exclude(pk__in=asked).ordered_by_name())
    return RequestReport(
        months=starts,
        by_kind=by_kind,
        by_reform=by_reform,
        median_hours_to_first_answer=median_hours(answered),
        median_hours_to_close=median_hours(closed),
        municipalities_asked=Municipality.objects.filter(pk__in=asked).count(),
        municipalities_never_asked=never,
    )


# --- personal data -----------------------------------------------------------------------


def user_requests(user):
    """Requests a person sent: signed in, or as a guest with a confirmed address."""
    addresses = personal_data.verified_addresses(user)
    return Request.objects.filter(Q(requester=user) | Q(email__in=addresses))


def collect_requests(user) -> list[dict]:
    """The requests a person sent, with the visible thread (never internal notes)."""
    requests = (
        user_requests(user)
        .select_related("municipality", "theme")
        .prefetch_related("messages")
        .order_by("created_at", "pk")
    )
    return [
        {
            "kind": request.get_kind_display(),
            "state": request.get_state_display(),
            "subject": request.subject,
            "description": request.body,
            "details": request.details,
            "name": request.name,
            "email": request.email,
            "phone": request.phone,
            "organisation": request.organisation,
            "municipality": request.municipality.name if request.municipality else "",
            "may_be_published_anonymously": request.may_publish,
            "sent_at": request.created_at,
            "messages": [
                {
                    "from_the_office": message.is_from_office,
                    "message": message.body,
                    "sent_at": message.created_at,
                }
                for message in request.messages.all()
            ],
        }
        for request in requests
    ]


def erase_requests(user) -> None:
    """Requests are personal correspondence: deleting the account deletes them, their
    threads, notes and logs, and the stored mails about them to and from the person.
    FAQ entries made of them never held personal data and stay."""
    addresses = personal_data.verified_addresses(user) | {user.email.lower()}
    OutgoingEmail.objects.filter(kind="requests").filter(
        Q(to__in=addresses) | Q(reply_to__in=addresses)
    ).delete()
    _delete_requests_and_their_mails(user_requests(user))


def _delete_requests_and_their_mails(requests) -> int:
    """Delete requests with their threads, notes and logs (cascading), their entries in
    the admin's audit log, and the stored mails about them: the requests mails to or
    from their addresses that are older than any request of the address that remains.
    Returns how many requests went."""
    rows = list(requests.values_list("pk", "email"))
    if not rows:
        return 0
    ids = [pk for pk, _email in rows]
    addresses = {email.lower() for _pk, email in rows}
    with transaction.atomic():
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Request),
            object_id__in=[str(pk) for pk in ids],
        ).delete()
        deleted = Request.objects.filter(pk__in=ids).delete()[1].get("asks.Request", 0)
        for address in addresses:
            remaining = (
                Request.objects.filter(email__iexact=address)
                .order_by("created_at")
                .values_list("created_at", flat=True)
                .first()
            )
            mails = OutgoingEmail.objects.filter(kind="requests").filter(
                Q(to__iexact=address) | Q(reply_to__iexact=address)
            )
            if remaining is not None:
                mails = mails.filter(created_at__lt=remaining)
            mails.delete()
    return deleted


# --- retention (see portal.retention) ----------------------------------------------------


def expired_requests(*, now: datetime.datetime):
    """Closed and withdrawn requests closed longer ago than the retention period."""
    cutoff = retention.months_before(now, settings.PORTAL_RETENTION_REQUEST_MONTHS)
    return Request.objects.filter(
        state__in=(State.CLOSED, State.WITHDRAWN), closed_at__lt=cutoff
    )


def purge_expired_requests(*, now: datetime.datetime) -> int:
    """Delete the expired requests with everything about them; FAQ entries, events
    and forum topics made of them hold nothing personal and stay."""
    return _delete_requests_and_their_mails(expired_requests(now=now))


# --- questions before a Q&A hour ---------------------------------------------------------

#: Questions one person may send in an hour, to all events together.
QUESTIONS_PER_HOUR = 10

#: The office's actions on questions, in Wagtail's audit log as `asks.<action>`.
QUESTION_ACTIONS = (
    "question_hidden",
    "question_shown",
    "question_merged",
    "question_answered",
    "question_faq_drafted",
    "questions_changed",
    "answers_published",
    "answers_unpublished",
)


#: How long the shared cache keeps an event's settings for questions (they are also
#: dropped from it whenever they change).
SETTINGS_CACHE_SECONDS = 24 * 60 * 60
SETTINGS_FIELDS = ("is_open", "members_may_ask", "answers_published_at", "updated_at")


def settings_cache_key(event_pk: int) -> str:
    return f"asks:question-settings:{event_pk}"


def question_settings(event) -> EventQuestionSettings:
    """The event's settings for questions in advance (the defaults when never changed),
    from the shared cache: every event page reads them, and they seldom change."""
    key = settings_cache_key(event.pk)
    values = cache.get(key)
    if values is None:
        found = EventQuestionSettings.objects.filter(event=event).values(
            *SETTINGS_FIELDS
        )
        values = found.first() or {}
        cache.set(key, values, SETTINGS_CACHE_SECONDS)
    if not values:
        return EventQuestionSettings.default_for(event)
    return EventQuestionSettings(event=event, **values)


def forget_question_settings(sender, instance, **kwargs) -> None:
    """Signal receiver: an event's settings changed or went; drop them from the cache,
    now and after the commit (a reader before the commit may have stored the old)."""
    key = settings_cache_key(instance.event_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _audit(instance, *, action: str, by, **data) -> None:
    log(instance=instance, action=audit_log_action(action), user=by, data=data)


def _locked_question(question: Question) -> Question:
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=question.pk)
    )


def _event_registration(event, user):
    from events.models import Registration

    return Registration.objects.for_user(user).active().filter(event=event).first()


def ask_question(*, event, user, body: str, shows_name: bool, now=None) -> Question:
    """A registrant's (or an allowed member's) question before the event, its text
    sanitised as forum posts are. Raises QuestionNotAllowedError for someone who does
    not take part, QuestionClosedError once questions are no longer taken, and
    QuestionRateLimitError past the hourly limit."""
    now = now or timezone.now()
    settings_ = question_settings(event)
    registration = _event_registration(event, user)
    if not ask_access.is_questioner(
        user, event, settings=settings_, registration=registration
    ):
        raise QuestionNotAllowedError
    if not ask_access.are_questions_taken(event, settings=settings_, now=now):
        raise QuestionClosedError
    key = f"asks:questions:{user.pk}"
    if count_hit(key, window_seconds=RATE_WINDOW_SECONDS) > QUESTIONS_PER_HOUR:
        raise QuestionRateLimitError(
            retry_after=seconds_left(window_seconds=RATE_WINDOW_SECONDS)
        )
    return Question.objects.create(
        event=event,
        asker=user,
        body=body,
        body_html=render_markdown(body),
        shows_name=shows_name,
        created_at=now,
        updated_at=now,
    )


def edit_question(
    *, question: Question, by, body: str, shows_name: bool, now=None
) -> Question:
    """The asker rewrites their question, or changes whether their name shows, until
    the event starts and while the office has not handled it."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_question(question)
        if not ask_access.can_change_own_question(by, locked, now=now):
            raise QuestionClosedError
        locked.body = body
        locked.body_html = render_markdown(body)
        locked.shows_name = shows_name
        locked.updated_at = now
        locked.save(update_fields=["body", "body_html", "shows_name", "updated_at"])
    return locked


def withdraw_question(*, question: Question, by, now=None) -> None:
    """The asker takes back their question (it and its votes are deleted)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_question(question)
        if not ask_access.can_change_own_question(by, locked, now=now):
            raise QuestionClosedError
        locked.delete()


def vote_for_question(*, question: Question, user, now=None) -> QuestionVote:
    """A "me too": one per person and question, not on one's own, while questions are
    taken. Voting twice keeps the one vote."""
    now = now or timezone.now()
    event = question.event
    if not ask_access.can_vote_for(
        user,
        question,
        settings=question_settings(event),
        registration=_event_registration(event, user),
        now=now,
    ):
        raise QuestionNotAllowedError
    vote, _created = QuestionVote.objects.get_or_create(
        question=question, user=user, defaults={"created_at": now}
    )
    return vote


def withdraw_vote(*, question: Question, user, now=None) -> None:
    """Take back a "me too" while questions are taken."""
    now = now or timezone.now()
    if not ask_access.are_questions_taken(
        question.event, settings=question_settings(question.event), now=now
    ):
        raise QuestionClosedError
    QuestionVote.objects.filter(question=question, user=user).delete()


def _moderate(question: Question, *, by, action: str, allowed_from, now, **changes):
    """The one path of the office's changes to a question: lock, re-check its status,
    write, and log it in the audit log."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_question(question)
        if locked.status not in allowed_from:
            raise QuestionClosedError
        from_status = locked.status
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.updated_at = now
        locked.save()
        _audit(
            locked,
            action=action,
            by=by,
            from_status=from_status,
            to_status=locked.status,
        )
    return locked


def hide_question(*, question: Question, by, now=None) -> Question:
    """An inappropriate question leaves the list (its votes stay, for unhiding)."""
    return _moderate(
        question,
        by=by,
        action="question_hidden",
        allowed_from=Question.VISIBLE_STATUSES,
        now=now,
        status=Question.Status.HIDDEN,
    )


def show_question(*, question: Question, by, now=None) -> Question:
    """A hidden question comes back, answered if it was answered."""
    status = Question.Status.ANSWERED if question.answer else Question.Status.OPEN
    return _moderate(
        question,
        by=by,
        action="question_shown",
        allowed_from=(Question.Status.HIDDEN,),
        now=now,
        status=status,
    )


def answer_question(*, question: Question, by, answer: str, now=None) -> Question:
    """The office's short answer, given at the event (or corrected later)."""
    answer = answer.strip()
    if not answer:
        raise QuestionError
    now = now or timezone.now()
    return _moderate(
        question,
        by=by,
        action="question_answered",
        allowed_from=Question.VISIBLE_STATUSES,
        now=now,
        status=Question.Status.ANSWERED,
        answer=answer,
        answered_at=question.answered_at or now,
        answered_by=by,
    )


def merge_question(*, question: Question, into: Question, by, now=None) -> Question:
    """A duplicate joins another visible question of the same event: its votes (and its
    asker, as a "me too") move there, and it stays hidden with a pointer to it."""
    if into.pk == question.pk or into.event_id != question.event_id:
        raise QuestionError
    now = now or timezone.now()
    with transaction.atomic():
        target = _locked_question(into)
        if not target.is_visible:
            raise QuestionClosedError
        merged = _moderate(
            question,
            by=by,
            action="question_merged",
            allowed_from=Question.VISIBLE_STATUSES,
            now=now,
            status=Question.Status.MERGED,
            merged_into=target,
        )
        voters = set(merged.votes.values_list("user_id", flat=True))
        if merged.asker_id is not None:
            voters.add(merged.asker_id)
        voters -= set(target.votes.values_list("user_id", flat=True))
        voters.discard(target.asker_id)
        QuestionVote.objects.bulk_create(
            QuestionVote(question=target, user_id=user_id, created_at=now)
            for user_id in sorted(voters)
        )
        merged.votes.all().delete()
        target.updated_at = now
        target.save(update_fields=["updated_at"])
    return merged


def _change_settings(event, *, by, action: str, now, **changes):
    now = now or timezone.now()
    with transaction.atomic():
        found, _created = (
            EventQuestionSettings.objects.select_for_update().get_or_create(
                event=event,
                defaults={"is_open": EventQuestionSettings.default_for(event).is_open},
            )
        )
        for name, value in changes.items():
            setattr(found, name, value)
        found.updated_at = now
        found.save()
        _audit(
            found,
            action=action,
            by=by,
            **{name: str(value) for name, value in changes.items()},
        )
    return found


def change_question_settings(
    *, event, by, is_open: bool, members_may_ask: bool, now=None
) -> EventQuestionSettings:
    """Open or close the event's questions; let members who have not registered ask."""
    return _change_settings(
        event,
        by=by,
        action="questions_changed",
        now=now,
        is_open=is_open,
        members_may_ask=members_may_ask,
    )


def publish_answers(*, event, by, now=None) -> EventQuestionSettings:
    """After the event its answered questions are shown on its page to everyone who
    sees the event, with the recording and materials."""
    now = now or timezone.now()
    if not event.has_ended(now):
        raise QuestionClosedError
    return _change_settings(
        event, by=by, action="answers_published", now=now, answers_published_at=now
    )


def unpublish_answers(*, event, by, now=None) -> EventQuestionSettings:
    return _change_settings(
        event, by=by, action="answers_unpublished", now=now, answers_published_at=None
    )


def can_question_become_faq(question: Question) -> bool:
    """An answered question not yet in the FAQ."""
    return question.status == Question.Status.ANSWERED and question.faq_page_id is None


def draft_faq_from_question(
    *, question: Question, by, faq_page, text: str, answer: str, now=None
):
    """Add an answered question to a draft of a FAQ page (`add_faq_draft_entry`), in
    the group of the event's first theme, with the event's first expert: the edited
    question and answer only, nothing of the asker."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_question(question)
        if not can_question_become_faq(locked):
            raise QuestionClosedError
        event = locked.event
        theme = event.themes.order_by("pk").first()
        experts = [
            block.value for block in event.speakers if block.block_type == "expert"
        ]
        add_faq_draft_entry(
            faq_page=faq_page,
            by=by,
            question=text,
            answer=answer,
            theme_id=theme.pk if theme else None,
            expert_id=next((expert.pk for expert in experts if expert), None),
            now=now,
        )
        locked.faq_page = faq_page
        locked.updated_at = now
        locked.save(update_fields=["faq_page", "updated_at"])
        _audit(locked, action="question_faq_drafted", by=by, faq_page=faq_page.pk)
    return faq_page


def collect_event_questions(user) -> dict:
    """The questions a person sent before events and their "me too" votes."""
    questions = (
        Question.objects.by_asker(user)
        .select_related("event")
        .order_by("created_at", "pk")
    )
    votes = (
        QuestionVote.objects.filter(user=user)
        .select_related("question__event")
        .order_by("created_at", "pk")
    )
    return {
        "questions": [
            {
                "event": question.event.title,
                "question": question.body,
                "shows_name": question.shows_name,
                "status": question.get_status_display(),
                "answer": question.answer,
                "sent_at": question.created_at,
            }
            for question in questions
        ],
        "me_too_votes": [
            {
                "event": vote.question.event.title,
                "question": vote.question.body,
                "voted_at": vote.created_at,
            }
            for vote in votes
        ],
    }


def erase_event_questions(user) -> None:
    """Deleting the account deletes the person's votes and questions, with the audit
    log's entries about the questions; a question whose answer the office has published
    stays on the event page (and in any FAQ entry) without the asker."""
    with transaction.atomic():
        QuestionVote.objects.filter(user=user).delete()
        published = Question.objects.by_asker(user).published()
        if published.update(asker=None, shows_name=False):
            pagecache.public_content_changed()
        gone = list(Question.objects.by_asker(user).values_list("pk", flat=True))
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Question),
            object_id__in=[str(pk) for pk in gone],
        ).delete()
        Question.objects.filter(pk__in=gone).delete()
        Question.objects.filter(answered_by=user).update(answered_by=None)
