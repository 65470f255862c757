"""Who may decide on memberships and see the network's coverage: the membership rules on
the audience core."""

from portal.access import is_signed_in, is_staff_editor


def can_manage_membership(user) -> bool:
    return is_signed_in(user) and user.has_perm("network.manage_membership")


def can_view_coverage(user) -> bool:
    """Staff editors and membership managers see the network's coverage report."""
    return is_staff_editor(user) or can_manage_membership(user)
