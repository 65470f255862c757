from .deliveries import Delivery, DeliveryQuerySet, LetterRendering
from .lists import (
    MailingList,
    Subscriber,
    SubscriberQuerySet,
    Subscription,
    SubscriptionQuerySet,
)
from .pages import LetterIndexPage, LetterPage, LetterPageQuerySet

__all__ = [
    "Delivery",
    "DeliveryQuerySet",
    "LetterIndexPage",
    "LetterPage",
    "LetterPageQuerySet",
    "LetterRendering",
    "MailingList",
    "Subscriber",
    "SubscriberQuerySet",
    "Subscription",
    "SubscriptionQuerySet",
]
