from django.db import migrations
from django.db.models import Count

COUNTERS = {
    "confirmed": "seats_confirmed",
    "pending": "seats_pending",
    "waitlisted": "waitlist_length",
}


def fill_seat_counters(apps, schema_editor):
    """Set every event's seat counters to the count of its registrations."""
    EventPage = apps.get_model("events", "EventPage")
    Registration = apps.get_model("events", "Registration")
    counts = {}
    rows = (
        Registration.objects.filter(status__in=COUNTERS)
        .order_by()
        .values("event", "status")
        .annotate(total=Count("pk"))
        .values_list("event", "status", "total")
    )
    for event_id, status, total in rows:
        counts.setdefault(event_id, {})[COUNTERS[status]] = total
    for event_id, fields in counts.items():
        EventPage.objects.filter(pk=event_id).update(**fields)


def clear_seat_counters(apps, schema_editor):
    EventPage = apps.get_model("events", "EventPage")
    EventPage.objects.update(**dict.fromkeys(COUNTERS.values(), 0))


class Migration(migrations.Migration):
    dependencies = [("events", "0011_add_event_seat_counters")]

    operations = [migrations.RunPython(fill_seat_counters, clear_seat_counters)]
