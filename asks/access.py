"""Who may send, see and change requests to the office, on the audience core.

Requesters see their own requests; the office's request handlers (the permission
`asks.change_request`: editors and administrators) see every request; an expert of the
directory, signed in with a confirmed address equal to the expert's, sees the requests
assigned to them.
"""

from django.conf import settings

from network import personal_data
from portal.access import can_view, can_view_members_content, is_signed_in

HANDLE_PERMISSION = "asks.change_request"


def can_handle_requests(user) -> bool:
    """The office's inbox: who works on requests."""
    return is_signed_in(user) and user.has_perm(HANDLE_PERMISSION)


def guests_allowed() -> bool:
    """Whether general and legal questions may come without membership
    (`PORTAL_REQUESTS_GUESTS_ALLOWED`)."""
    return settings.PORTAL_REQUESTS_GUESTS_ALLOWED


def can_send_request(user, kind: str) -> bool:
    """Verified members send every kind; others only general and legal questions, and
    only where the office allows guests."""
    from asks.models import Request

    if can_view_members_content(user):
        return True
    return kind in Request.GUEST_KINDS and guests_allowed()


def expert_addresses(user) -> set[str]:
    """The confirmed addresses of a signed-in person (an expert is matched by these)."""
    if not is_signed_in(user):
        return set()
    return personal_data.verified_addresses(user)


def expert_addresses_query(user):
    """`expert_addresses` as a subquery (`personal_data.verified_addresses_query`)."""
    from allauth.account.models import EmailAddress

    if not is_signed_in(user):
        return EmailAddress.objects.none().values("email")
    return personal_data.verified_addresses_query(user)


def is_assigned_expert(user, request) -> bool:
    expert = request.assigned_expert
    return expert is not None and expert.email.lower() in expert_addresses(user)


def can_view_request(user, request) -> bool:
    if not is_signed_in(user):
        return False
    return (
        request.requester_id == user.pk
        or can_handle_requests(user)
        or is_assigned_expert(user, request)
    )


def can_change_own_request(user, request) -> bool:
    """The requester adds information to, or withdraws, their open request."""
    return is_signed_in(user) and request.requester_id == user.pk and request.is_open


def can_reply_as_office(user, request) -> bool:
    """Handlers, and the expert it is assigned to, answer for the office."""
    return request.is_open and (
        can_handle_requests(user) or is_assigned_expert(user, request)
    )


# --- questions before a Q&A hour ------------------------------------------------------


def can_moderate_questions(user) -> bool:
    """The office's request handlers moderate and answer the questions sent in advance."""
    return can_handle_requests(user)


def is_questioner(user, event, *, settings, registration) -> bool:
    """Who takes part in an event's questions: its signed-in registrants (pending,
    confirmed or on the waitlist) and, where the editor allows it, verified members."""
    if not is_signed_in(user) or not can_view(user, event):
        return False
    if registration is not None and registration.is_active:
        return True
    return settings.members_may_ask and can_view_members_content(user)


def are_questions_taken(event, *, settings, now) -> bool:
    """Questions (and votes) are taken while they are open and the event has not
    started, unless it is cancelled."""
    return settings.is_open and not event.is_cancelled and not event.has_started(now)


def can_ask_question(user, event, *, settings, registration, now) -> bool:
    return are_questions_taken(event, settings=settings, now=now) and is_questioner(
        user, event, settings=settings, registration=registration
    )


def can_see_questions(user, event, *, settings, registration) -> bool:
    """The questions before they are published: those who take part, and moderators."""
    return can_moderate_questions(user) or is_questioner(
        user, event, settings=settings, registration=registration
    )


def can_vote_for(user, question, *, settings, registration, now) -> bool:
    """A "me too" on someone else's visible question, while questions are taken."""
    return (
        question.is_visible
        and question.asker_id != user.pk
        and can_ask_question(
            user, question.event, settings=settings, registration=registration, now=now
        )
    )


def can_change_own_question(user, question, *, now) -> bool:
    """The asker edits or withdraws a question until the event starts, while the office
    has not answered, hidden or merged it."""
    return (
        is_signed_in(user)
        and question.asker_id == user.pk
        and question.status == question.Status.OPEN
        and not question.event.has_started(now)
    )
