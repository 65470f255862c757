"""Time the staff list of one event's registrations with many registrations, once.

    DATABASE_URL=postgres://… python -m bench.staff_list 1000 5000

Needs a migrated database with the demo content (`manage.py seed_demo`, for the event
index). For each size it adds an event with that many registrations (ten confirmed, then
waitlisted, cancelled, waitlisted and pending in turn), runs ANALYZE, signs in a superuser
through Django's test client and loads the list's first and last page three times each,
counting the third. Prints one tab-separated line per page: registrations, page, status,
queries, SQL milliseconds, total milliseconds, HTML kilobytes. Leaves the events in place.
"""

import argparse
import datetime
import os
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from events.models import EventIndexPage, EventPage, Registration
    from events.services import recount_seats
    from portal.db import analyze
    from portal.models import User

    index = EventIndexPage.objects.filter(locale__language_code="fi").first()
    staff, _ = User.objects.get_or_create(
        email="staff-list-bench@example.com",
        defaults={"is_staff": True, "is_superuser": True},
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    statuses = ["waitlisted", "cancelled", "waitlisted", "pending"]
    start = timezone.now() - datetime.timedelta(days=10)
    out = sys.stdout
    out.write("registrations\tpage\tstatus\tqueries\tsql_ms\ttotal_ms\thtml_kb\n")
    for size in args.sizes:
        starts_at = timezone.now() + datetime.timedelta(days=30)
        event = index.add_child(
            instance=EventPage(
                title=f"Staff list bench {size} {time.time_ns()}",
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2),
                capacity=10,
            )
        )
        Registration.objects.bulk_create(
            Registration(
                event=event,
                name=f"Henkilö {n}",
                email=f"bench{event.pk}-{n}@example.com",
                status="confirmed" if n < 10 else statuses[n % len(statuses)],
                created_at=start + datetime.timedelta(seconds=n),
            )
            for n in range(size)
        )
        recount_seats(event_ids=[event.pk])
        analyze(Registration)
        last = (size + 99) // 100
        for page in (1, last):
            url = f"/admin/events/{event.pk}/?p={page}"
            for _ in range(3):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    total = (time.perf_counter() - started) * 1000
            sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
            out.write(
                f"{size}\t{page}\t{response.status_code}\t"
                f"{len(captured.captured_queries)}\t{sql:.0f}\t{total:.0f}\t"
                f"{len(response.content) / 1024:.0f}\n"
            )


if __name__ == "__main__":
    main()
