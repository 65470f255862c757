from .invitations import PreparerInvitation, SurveyInvitation, SurveyInvitationQuerySet
from .pages import SurveyIndexPage, SurveyPage, SurveyPageQuerySet
from .responses import SurveyParticipation, SurveyResponse, SurveyResponseQuerySet
from .series import SurveySeries

__all__ = [
    "PreparerInvitation",
    "SurveyIndexPage",
    "SurveyInvitation",
    "SurveyInvitationQuerySet",
    "SurveyPage",
    "SurveyPageQuerySet",
    "SurveyParticipation",
    "SurveyResponse",
    "SurveyResponseQuerySet",
    "SurveySeries",
]
