"""The asks app's models: requests to the office (`requests`) and the questions sent
before a Q&A hour (`questions`)."""

from asks.models.questions import (
    EventQuestionSettings,
    Question,
    QuestionQuerySet,
    QuestionVote,
)
from asks.models.requests import (
    Request,
    RequestEvent,
    RequestMessage,
    RequestNote,
    RequestQuerySet,
)

__all__ = [
    "EventQuestionSettings",
    "Question",
    "QuestionQuerySet",
    "QuestionVote",
    "Request",
    "RequestEvent",
    "RequestMessage",
    "RequestNote",
    "RequestQuerySet",
]
