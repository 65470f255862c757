"""Who may share a good practice and change one: the materials' rules on the audience
core. Who may read a practice and its files is its page's audience (`AudienceMixin`,
`services.document_decision`)."""

from portal.access import Audience, can_view_members_content, is_staff_editor

#: The audiences a member chooses between when sharing: everyone, or members only.
SHARING_AUDIENCES = (Audience.PUBLIC, Audience.MEMBERS)


def can_share_practice(user) -> bool:
    """Verified members (moderators and staff too) share practices."""
    return can_view_members_content(user)


def can_edit_practice(user, submission) -> bool:
    """The person who shared a practice updates it while they are a member, unless it
    was declined before it was ever published."""
    return (
        can_share_practice(user)
        and submission.submitted_by_id == user.pk
        and not submission.is_final
    )


def can_review_practices(user) -> bool:
    """The office's staff see the queue of shared practices in the admin."""
    return is_staff_editor(user)
