"""Who may write, send and report on info letters: the office's editors (the office
tools permission) who may edit the letter page."""

from portal.access import is_staff_editor


def can_manage_letters(user) -> bool:
    """Editors and administrators: the letters' admin (lists, subscribers, reports)."""
    return is_staff_editor(user)


def can_send_letter(user, letter) -> bool:
    """Editors who may edit the letter page preview, test, send it and see its progress
    (as survey managers send their invitations)."""
    return is_staff_editor(user) and letter.permissions_for_user(user).can_edit()
