"""Who may manage event registrations: the events' rules on the audience core."""

from portal.access import is_signed_in


def can_manage_own_registration(user, registration) -> bool:
    """A signed-in person sees and cancels their own event registration."""
    return is_signed_in(user) and registration.user_id == user.pk


def can_manage_event_registrations(user) -> bool:
    """Registration staff, editors and administrators handle registrations: approve,
    add, move, attendance, messages and exports."""
    return is_signed_in(user) and user.has_perm("events.change_registration")
