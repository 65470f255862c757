from .archived import ArchivedRegistrationCount, ArchivedRegistrationCountQuerySet
from .pages import EventIndexPage, EventPage, EventPageManager, EventPageQuerySet
from .registrations import (
    EventMessage,
    PersonalCalendarToken,
    PersonalCalendarTokenQuerySet,
    Registration,
    RegistrationNotice,
    RegistrationQuerySet,
)
from .snippets import EventSeries

__all__ = [
    "ArchivedRegistrationCount",
    "ArchivedRegistrationCountQuerySet",
    "EventIndexPage",
    "EventMessage",
    "EventPage",
    "EventPageManager",
    "EventPageQuerySet",
    "EventSeries",
    "PersonalCalendarToken",
    "PersonalCalendarTokenQuerySet",
    "Registration",
    "RegistrationNotice",
    "RegistrationQuerySet",
]
