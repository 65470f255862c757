"""SQL queries per page of the seeded site, signed in as the demo member, through Django's
test client (the same middleware, views and templates as under gunicorn).

    DJANGO_SETTINGS_MODULE=portal.settings.production python -m bench.queries \
        --targets bench/results/targets.json [--show]

Prints one tab-separated line per page: name, path, status, queries, milliseconds (each GET
is made three times and the third counted, so per-process and shared caches are warm as they
are under load; the POST registers someone new, whose permission set is not cached yet).
`--show` also prints each counted query. Exits non-zero when a page does not answer as
expected, so the load run does not measure error pages.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench import burst

QUERY_BUDGET = 15


def measure(client, method: str, path: str, data=None) -> tuple[int, list[str], float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = (
            getattr(client, method)(path, data)
            if data
            else getattr(client, method)(path)
        )
        elapsed = (time.perf_counter() - started) * 1000
    return response.status_code, [q["sql"] for q in captured.captured_queries], elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--targets", type=Path, default=Path("bench/results/targets.json")
    )
    parser.add_argument("--show", action="store_true", help="print every counted query")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from bench.session import session_cookies
    from events.models import EventPage, Registration
    from network.models import MemberProfile

    targets = json.loads(args.targets.read_text())
    member_id = targets["member_id"]
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_cookies([member_id])[
        member_id
    ]
    post_event = EventPage.objects.get(pk=targets["query_post_event_id"])
    # Someone not yet registered, so that the POST registers (also when run again).
    profile = (
        MemberProfile.objects.verified()
        .exclude(user_id__in=targets["burst"]["user_ids"])
        .exclude(user__event_registrations__event=post_event)
        .select_related("user", "municipality")
        .order_by("pk")
        .first()
    )
    poster = Client(HTTP_HOST="127.0.0.1")
    poster.cookies[settings.SESSION_COOKIE_NAME] = session_cookies([profile.user_id])[
        profile.user_id
    ]
    pages = [
        ("event index", "get", targets["index_url"], None, 200),
        (
            "event index, filtered",
            "get",
            targets["index_url"] + "?reform=te24&free=on",
            None,
            200,
        ),
        (
            "event index, past",
            "get",
            targets["index_url"] + "?when=past&page=3",
            None,
            200,
        ),
        ("event page", "get", targets["event_url"], None, 200),
        ("public feed", "get", targets["feed_url"], None, 200),
        ("my account", "get", "/fi/network/account/", None, 200),
        (
            "registration POST",
            "post",
            burst.register_url(post_event),
            {
                "name": profile.user.get_full_name(),
                "organisation": profile.municipality.name_fi,
                "municipality": str(profile.municipality_id),
            },
            302,
        ),
    ]
    failed = []
    out = sys.stdout
    out.write("page\tpath\tstatus\tqueries\tms\tbudget\n")
    for name, method, path, data, expected in pages:
        if method == "get":  # warm the per-process and shared caches, as under load
            measure(client, method, path)
            measure(client, method, path)
        status, queries, elapsed = measure(
            poster if method == "post" else client, method, path, data
        )
        within = "ok" if len(queries) <= QUERY_BUDGET else f"over {QUERY_BUDGET}"
        out.write(
            f"{name}\t{path}\t{status}\t{len(queries)}\t{elapsed:.0f}\t{within}\n"
        )
        if args.show:
            for sql in queries:
                out.write(f"    {sql}\n")
        if status != expected:
            failed.append(f"{name} answered {status}, expected {expected}")
    if not Registration.objects.filter(event=post_event, user=profile.user).exists():
        failed.append("the registration POST saved no registration")
    if failed:
        raise SystemExit("bench.queries: " + "; ".join(failed))


if __name__ == "__main__":
    main()
