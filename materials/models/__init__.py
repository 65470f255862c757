from .experts import Expert, ExpertIndexPage, ExpertQuerySet
from .faq import (
    FaqEntry,
    FaqPage,
    FaqSection,
    QuestionFormField,
    QuestionFormPage,
    QuestionSubmission,
)
from .languages import Language
from .materials import (
    MaterialIndexPage,
    MaterialPage,
    MaterialPageQuerySet,
    MaterialPageRelatedEvent,
    MaterialPageRelatedMaterial,
)
from .news import NewsIndexPage, NewsPage, NewsPageQuerySet
from .practices import (
    PracticePage,
    PracticeReviewTask,
    PracticeSubmission,
    PracticeSubmissionQuerySet,
    practice_review_workflow,
)

__all__ = [
    "Expert",
    "ExpertIndexPage",
    "ExpertQuerySet",
    "FaqEntry",
    "FaqPage",
    "FaqSection",
    "Language",
    "MaterialIndexPage",
    "MaterialPage",
    "MaterialPageQuerySet",
    "MaterialPageRelatedEvent",
    "MaterialPageRelatedMaterial",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageQuerySet",
    "PracticePage",
    "PracticeReviewTask",
    "PracticeSubmission",
    "PracticeSubmissionQuerySet",
    "QuestionFormField",
    "QuestionFormPage",
    "QuestionSubmission",
    "practice_review_workflow",
]
