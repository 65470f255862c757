import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone

from wagtail.models import Page

import factory
from wagtail_factories import PageFactory

from events.models import EventIndexPage, EventPage, EventSeries, Registration
from events.services import recount_seats
from portal.access import Audience
from portal.cache import bump_layout_version


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
    """A registration row written directly (the event's seat counters recounted after
    it); services are tested with `register_for_event`."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventPageFactory)
    name = factory.Sequence(lambda n: f"Osallistuja {n}")
    email = factory.Sequence(lambda n: f"osallistuja{n}@example.com")
    status = Registration.Status.CONFIRMED

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            recount_seats(event_ids=[instance.event_id])
            instance.event.refresh_from_db(
                fields=list(EventPage.SEAT_COUNTERS.values())
            )


def bulk_event_pages(parent: EventIndexPage, count: int, **fields) -> list[EventPage]:
    """Many live event pages under `parent` fast: page rows in one bulk insert, then the
    event rows (treebeard paths computed here, as `add_child` would)."""
    now = timezone.now()
    parent.refresh_from_db(fields=["numchild"])
    content_type = ContentType.objects.get_for_model(EventPage)
    depth = parent.depth + 1
    first = parent.numchild + 1
    pages = []
    for n in range(count):
        slug = f"tapahtuma-{first + n}"
        title = f"Tapahtuma {first + n}"
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=Page._get_path(parent.path, depth, first + n),
                depth=depth,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
        )
    Page.objects.bulk_create(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    events = []
    for n, page in enumerate(pages):
        starts_at = fields.get("starts_at") or in_days(1 + n / 24)
        values = {
            "event_type": EventPage.EventType.QA_HOUR,
            "format": EventPage.Format.ONLINE,
            "audience": Audience.PUBLIC,
            "capacity": 50,
            **fields,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=1),
        }
        events.append(EventPage(page_ptr_id=page.pk, **values))
    # Django cannot bulk-create multi-table children: insert the event table's rows directly.
    EventPage._base_manager._insert(
        events, fields=EventPage._meta.local_concrete_fields
    )
    bump_layout_version()  # bulk inserts send no signal (what the listings depend on)
    return list(
        EventPage.objects.filter(pk__in=[page.pk for page in pages]).order_by("path")
    )
