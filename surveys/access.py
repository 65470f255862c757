"""Who may manage a survey, answer for a municipality and see its results."""

from django.core.exceptions import ObjectDoesNotExist

from portal.access import (
    Decision,
    can_view_members_content,
    is_signed_in,
    is_staff_editor,
)


def can_manage_survey(user, survey) -> bool:
    """Staff who may edit the survey page see its full results, exports and invitations."""
    return is_staff_editor(user) and survey.permissions_for_user(user).can_edit()


def represents_municipality(user, municipality_id) -> bool:
    """A verified member whose profile names this municipality (edits its survey answers)."""
    if not is_signed_in(user) or municipality_id is None:
        return False
    try:
        profile = user.profile
    except ObjectDoesNotExist:
        return False
    return profile.is_verified and profile.municipality_id == municipality_id


def survey_results_decision(user, survey, *, now) -> Decision:
    """Survey managers see full results at any time; verified members see the published
    aggregate results once the survey has closed."""
    if can_manage_survey(user, survey):
        return Decision.ALLOW
    if not is_signed_in(user):
        return Decision.LOGIN
    if (
        can_view_members_content(user)
        and survey.results_published
        and survey.is_closed(now)
    ):
        return Decision.ALLOW
    return Decision.FORBID
