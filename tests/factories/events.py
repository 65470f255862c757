import datetime

from django.utils import timezone

import factory
from wagtail_factories import PageFactory

from events.models import EventIndexPage, EventPage, EventSeries, Registration
from network.access import Audience


def in_days(days: float, *, hour: int = 10) -> datetime.datetime:
    """A moment `days` from today at `hour` o'clock Helsinki time."""
    local = timezone.localtime() + datetime.timedelta(days=days)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"sarja-{n}")
    name_fi = factory.Sequence(lambda n: f"Tuumaustunnit {n}")
    name_sv = factory.Sequence(lambda n: f"Frågestunder {n}")


class EventIndexPageFactory(PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Tapahtumat"
    slug = factory.Sequence(lambda n: f"tapahtumat-{n}")


class EventPageFactory(PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Tuumaustunti {n}")
    slug = factory.Sequence(lambda n: f"tuumaustunti-{n}")
    event_type = EventPage.EventType.QA_HOUR
    starts_at = factory.LazyFunction(lambda: in_days(7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    format = EventPage.Format.ONLINE
    online_meeting_url = "https://teams.example/meet/abc"
    audience = Audience.PUBLIC


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration row written directly; services are tested with `register_for_event`."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventPageFactory)
    name = factory.Sequence(lambda n: f"Osallistuja {n}")
    email = factory.Sequence(lambda n: f"osallistuja{n}@example.com")
    status = Registration.Status.CONFIRMED
