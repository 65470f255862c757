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
    "QuestionFormField",
    "QuestionFormPage",
    "QuestionSubmission",
]
