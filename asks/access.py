"""Who may send, see and change requests to the office, on the audience core.

Requesters see their own requests; the office's request handlers (the permission
`asks.change_request`: editors and administrators) see every request; an expert of the
directory, signed in with a confirmed address equal to the expert's, sees the requests
assigned to them.
"""

from django.conf import settings

from network import personal_data
from portal.access import can_view_members_content, is_signed_in

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
