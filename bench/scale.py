"""Scale benchmark: every main page with the demo's data, then with a grown network, and the
ratio per page (issue #22: at most 1.5 times slower, the same query count, HTML not growing
beyond one page of results).

    python -m bench.scale [--database NAME] [--keep] [--runs 5] [--redis-port 8766] [--out F]

Creates the throw-away PostgreSQL database NAME (default `muutostuki_scale_<pid>`, on
127.0.0.1:5432 as user `postgres`, or `SCALE_PG_URL`), migrates it and loads the demo
(`seed_demo`), copies it as `NAME_demo`, then adds 10,000 events in all, 200,000 registrations
(one event with 5,000), 5,000 materials in all, a forum topic of 5,000 posts and a survey
of 5,000 answers with bulk inserts (`INSERT … SELECT` from a demo row, `bulk_create`),
runs `ANALYZE` and bumps the cache versions that bulk inserts do not. Then it measures
each page on both, the demo's copy right before the grown network (so that a shared
machine's changing load falls on both alike). Both databases are dropped at the end unless
`--keep`. With `redis-server`
installed a throw-away Redis on `--redis-port` is the cache, as in production; otherwise
the database cache.

Each page is loaded through Django's test client (the same middleware, views and templates
as under gunicorn; `DEBUG` off) twice on each database to warm the caches, then `--runs`
times on each, the demo and the grown network in turn, load by load (each database with
its own keys in the cache): the median time, the queries of the last load and its HTML
size are reported. Results are printed as a
table and written to `bench/results/scale-<UTC time>.json` (or `--out`; `bench/run.sh`
runs it as its last step).
"""

import argparse
import datetime
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bench.seed import settle_database

EVENTS = 10_000
REGISTRATIONS = 200_000
BIG_EVENT_REGISTRATIONS = 5_000
REGISTRATIONS_PER_EVENT = 100
MATERIALS = 5_000
TOPIC_POSTS = 5_000
SURVEY_ANSWERS = 5_000
BATCH = 5_000
TARGET_RATIO = 1.5
#: Redis without persistence: nothing written to disk.
SCRATCH_REDIS = ("--save", "", "--appendonly", "no")


def log(message: str) -> None:
    sys.stderr.write(f"[scale] {message}\n")
    sys.stderr.flush()


# --- Database and cache ---------------------------------------------------------------


def admin_url() -> str:
    return os.environ.get("SCALE_PG_URL", "postgres://postgres@127.0.0.1:5432")


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{admin_url()}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{admin_url()}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_database(source: str, name: str) -> None:
    """`name` as a copy of `source` (which must have no open connections)."""
    import psycopg

    drop_database(name)
    with psycopg.connect(f"{admin_url()}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')


def use_database(name: str) -> None:
    """Point Django's default connection at the database `name`, connected, with its own
    keys in the one cache (the database's name as the cache's key prefix), so that the
    two databases' loads can alternate, each with its caches warm."""
    from django.core.cache import cache
    from django.db import connection, connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = name
    cache.key_prefix = name
    connection.ensure_connection()


def start_redis(port: int):
    """A throw-away Redis without persistence, or None when it is not installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        return None
    process = subprocess.Popen(  # noqa: S603 - a fixed local binary
        [binary, "--port", str(port), "--bind", "127.0.0.1", *SCRATCH_REDIS],
        stdout=subprocess.DEVNULL,
    )
    for _attempt in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"bench.scale: Redis did not start on port {port}")


# --- Pages ----------------------------------------------------------------------------


def find_targets() -> dict:
    """The demo objects the pages show, chosen once on the demo's data."""
    from django.urls import reverse
    from django.utils import timezone, translation

    from events.models import EventIndexPage, EventPage
    from forums.models import Topic
    from materials.models import MaterialIndexPage, MaterialPage, NewsIndexPage
    from portal import access
    from portal.models import User
    from surveys.models import SurveyPage, SurveyResponse

    now = timezone.now()
    event = (
        EventPage.objects.live()
        .filter(
            locale__language_code="fi",
            audience=access.Audience.PUBLIC,
            starts_at__gt=now,
            has_waitlist=True,
            capacity__isnull=False,
            is_cancelled=False,
        )
        .order_by("-capacity", "pk")
        .first()
    )
    survey_pk = (
        SurveyResponse.objects.submitted()
        .values_list("survey_id", flat=True)
        .order_by("survey_id")
        .first()
    )
    counts = {}
    for pk in SurveyResponse.objects.submitted().values_list("survey_id", flat=True):
        counts[pk] = counts.get(pk, 0) + 1
    survey_pk = max(counts, key=counts.get) if counts else survey_pk
    survey = SurveyPage.objects.get(pk=survey_pk)
    topic = Topic.objects.order_by("-post_count", "pk").first()
    member = next(
        user
        for user in User.objects.filter(is_active=True, is_superuser=False).order_by(
            "pk"
        )
        if access.can_view_members_content(user) and not access.can_access_admin(user)
    )
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    fi = {"locale__language_code": "fi"}
    event_index = EventIndexPage.objects.live().filter(**fi).first()
    library = MaterialIndexPage.objects.live().filter(**fi).first()
    material = MaterialPage.objects.live().filter(**fi, audience="public").first()
    news = NewsIndexPage.objects.live().filter(**fi).first()
    with translation.override("fi"):
        forum = reverse("forums:index")
        topic_url = topic.get_absolute_url()
        account = reverse("network:account")
        search = reverse("search")
    pages = {
        "anonymous": [
            ("home", "/fi/"),
            ("event index", event_index.url),
            ("event index, page 2", event_index.url + "?page=2"),
            ("event page (5,000 registered)", event.url),
            ("material library", library.url),
            ("material library, filtered", library.url + "?type=guide&language=fi"),
            ("material page", material.url),
            ("news", news.url),
            ("search", search + "?q=kotoutuminen"),
        ],
        "member": [
            ("home", "/fi/"),
            ("event index", event_index.url),
            ("event page (5,000 registered)", event.url),
            ("material library", library.url),
            ("forum", forum),
            ("forum topic (5,000 posts)", topic_url),
            ("forum topic, last page", topic_url + "?page=99999"),
            ("survey results (published)", survey.url + "results/"),
            ("my account", account),
        ],
        "staff": [
            ("admin dashboard", "/admin/"),
            ("admin: event registrations", f"/admin/events/{event.pk}/"),
            ("admin: event pages", f"/admin/pages/{event_index.pk}/"),
            ("admin: material pages", f"/admin/pages/{library.pk}/"),
            ("admin: survey results", f"/admin/surveys/{survey.pk}/results/"),
            ("survey results (staff)", survey.url + "results/"),
            ("forum topic (5,000 posts)", topic_url),
        ],
    }
    return {
        "event_id": event.pk,
        "survey_id": survey.pk,
        "topic_id": topic.pk,
        "event_index_id": event_index.pk,
        "library_id": library.pk,
        "member_id": member.pk,
        "admin_id": admin.pk,
        "pages": pages,
    }


def selected(targets: dict, only: list[str]) -> dict:
    """The targets with only the pages whose "role: name" contains one of `only` (all
    pages when `only` is empty)."""
    if not only:
        return targets
    pages = {
        role: [
            (name, path)
            for name, path in pages
            if any(part in f"{role}: {name}" for part in only)
        ]
        for role, pages in targets["pages"].items()
    }
    return {**targets, "pages": pages}


def make_clients(targets: dict) -> dict:
    """A test client per role, signed in on the current database."""
    from django.test import Client

    from wagtail.models import Site

    from portal.models import User

    site = Site.objects.get(is_default_site=True)
    host = site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"
    clients = {"anonymous": Client(HTTP_HOST=host)}
    for role, key in (("member", "member_id"), ("staff", "admin_id")):
        client = Client(HTTP_HOST=host)
        client.force_login(User.objects.get(pk=targets[key]))
        clients[role] = client
    return clients


#: Also count the Python function calls of one more load (cProfile): unlike times, the
#: count does not move with the load of a shared machine (`--calls`).
COUNT_CALLS = False


def timed_load(client, path: str) -> tuple[float, object, int]:
    """One load: milliseconds, the response and its SQL queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, response, len(queries.captured_queries)


def page_figures(path: str, loads: list, client) -> dict:
    """Status, queries of the last load, median and fastest milliseconds, HTML bytes (and
    the function calls of one more load, `COUNT_CALLS`)."""
    times = [elapsed for elapsed, _response, _count in loads]
    _elapsed, response, count = loads[-1]
    found = {
        "path": path,
        "status": response.status_code,
        "queries": count,
        "ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "bytes": len(response.content),
    }
    if COUNT_CALLS:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(client.get, path)
        found["calls"] = pstats.Stats(profile).total_calls
    return found


def measure_interleaved(targets: dict, runs: int, demo_db: str, grown_db: str):
    """Per role and page, on both databases: two loads each to warm the caches, then
    `runs` loads of the demo and of the grown network in turn, load by load, so that the
    changing load of a shared machine falls on both alike (`page_figures`)."""
    from django.core.cache import cache

    databases = (demo_db, grown_db)
    cache.clear()
    clients = {}
    for name in databases:
        use_database(name)
        clients[name] = make_clients(targets)
    found = {name: {} for name in databases}
    for role, pages in targets["pages"].items():
        for page, path in pages:
            key = f"{role}: {page}"
            loads = {name: [] for name in databases}
            for name in databases:
                use_database(name)
                for _warm in range(2):
                    clients[name][role].get(path)
            for _run in range(runs):
                for name in databases:
                    use_database(name)
                    loads[name].append(timed_load(clients[name][role], path))
            for name in databases:
                use_database(name)
                found[name][key] = page_figures(path, loads[name], clients[name][role])
            log(f"{key} {found[demo_db][key]['ms']} → {found[grown_db][key]['ms']} ms")
    return found[demo_db], found[grown_db]


# --- Growing the network --------------------------------------------------------------


def add_pages(parent, model, count: int, title: str) -> list[int]:
    """`count` live page rows of `model` under `parent` (tree paths computed as
    `add_child` would), in one bulk insert; the ids, in order."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from django.utils import timezone

    from wagtail.models import Page

    content_type = ContentType.objects.get_for_model(model)
    depth = parent.depth + 1
    last = parent.get_last_child()
    first = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    now = timezone.now()
    pages = []
    for n in range(first, first + count):
        slug = f"scale-{n}"
        pages.append(
            Page(
                title=f"{title} {n}",
                draft_title=f"{title} {n}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(parent.path, depth, n),
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
    Page.objects.bulk_create(pages, batch_size=BATCH)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    return [page.pk for page in pages]


def copy_rows(model, template_pk: int, page_ids: list[int], overrides: dict) -> None:
    """Rows of a page model's own table for the new pages: each a copy of the template's
    row with the `overrides` (SQL expressions over the new page's id `p.id`)."""
    from django.db import connection

    fields = model._meta.local_concrete_fields
    pointer = model._meta.pk.column
    columns = [field.column for field in fields]
    values = [
        "p.id"
        if column == pointer
        # "%" in an expression is the modulo operator, not a parameter.
        else overrides[column].replace("%", "%%")
        if column in overrides
        else f"t.{connection.ops.quote_name(column)}"
        for column in columns
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    # Identifiers from the model's metadata (quoted) and the caller's fixed expressions.
    names = ", ".join(map(connection.ops.quote_name, columns))
    where = f"t.{connection.ops.quote_name(pointer)} = %s AND p.id = ANY(%s)"
    sql = f"INSERT INTO {table} ({names}) SELECT {', '.join(values)} "
    sql += f"FROM wagtailcore_page p, {table} t WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [template_pk, page_ids])


def add_events(targets: dict, count: int) -> list[int]:
    """`count` events under the demo's event index, copies of the demo's largest event
    spread over two years around today, each two hours; registration open until the
    start. Their ids."""
    from events.models import EventIndexPage, EventPage

    index = EventIndexPage.objects.get(pk=targets["event_index_id"])
    event_ids = add_pages(index, EventPage, count, "Verkostotapaaminen")
    copy_rows(
        EventPage,
        targets["event_id"],
        event_ids,
        {
            "starts_at": "now() + ((p.id % 730) - 365) * interval '1 day'",
            "ends_at": "now() + ((p.id % 730) - 365) * interval '1 day'"
            " + interval '2 hours'",
            "registration_opens_at": "NULL",
            "registration_closes_at": "NULL",
            "capacity": "100 + (p.id % 5) * 20",
            "audience": "(ARRAY['public', 'signed_in', 'members'])[1 + p.id % 3]",
        },
    )
    return event_ids


def add_materials(targets: dict, count: int) -> None:
    """`count` materials in the demo's library, copies of a public demo material of
    every type but good practices, language, reform, audience and origin, with its
    themes."""
    from materials.models import MaterialIndexPage, MaterialPage
    from network.models import Municipality

    library = MaterialIndexPage.objects.get(pk=targets["library_id"])
    template = MaterialPage.objects.filter(
        practicepage__isnull=True, audience="public"
    ).first()
    material_ids = add_pages(library, MaterialPage, count, "Opas kunnille")
    types = [
        value
        for value in MaterialPage.MaterialType.values
        if value != MaterialPage.MaterialType.GOOD_PRACTICE
    ]
    municipality_ids = list(Municipality.objects.values_list("pk", flat=True))
    copy_rows(
        MaterialPage,
        template.pk,
        material_ids,
        {
            "material_type": f"(ARRAY{types!r})[1 + p.id % {len(types)}]",
            "language": "(ARRAY['fi', 'sv', 'en'])[1 + p.id % 3]",
            "reform": "(ARRAY['koto24', 'te24', 'both'])[1 + p.id % 3]",
            "audience": "(ARRAY['public', 'signed_in', 'members'])[1 + p.id % 3]",
            "published_on": "current_date - (p.id % 1500)",
            "municipality_id": "CASE WHEN p.id % 3 = 0 THEN NULL ELSE "
            f"(ARRAY{municipality_ids!r})[1 + p.id % {len(municipality_ids)}] END",
        },
    )
    themes = list(template.themes.values_list("pk", flat=True))
    Through = MaterialPage.themes.through
    Through.objects.bulk_create(
        (
            Through(materialpage_id=pk, theme_id=themes[pk % len(themes)])
            for pk in material_ids
        )
        if themes
        else [],
        batch_size=BATCH,
    )


def fill_explorers(targets: dict) -> dict:
    """Just enough events and materials that the explorer of the event index and of the
    library shows a full page each (`--fill-explorers`: a baseline whose explorer pages
    are as full as the grown network's)."""
    from django.db import transaction

    from wagtail.admin.views.pages.listing import ExplorableIndexView
    from wagtail.models import Page

    from portal.cache import bump_layout_version

    page_size = ExplorableIndexView.paginate_by  # Wagtail's generic explorer's page
    added = {}
    with transaction.atomic():
        for name, key, add in (
            ("events", "event_index_id", add_events),
            ("materials", "library_id", add_materials),
        ):
            children = Page.objects.get(pk=targets[key]).get_children().count()
            added[name] = max(page_size - children, 0)
            if added[name]:
                add(targets, added[name])
    settle_database()
    bump_layout_version()
    return added


def grow(targets: dict) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from events.models import EventPage, Registration
    from forums.models import Post, Topic
    from materials.models import MaterialPage
    from network.models import Municipality
    from portal import pagecache
    from portal.cache import bump_layout_version, bump_version
    from surveys.models import SurveyResponse

    rng = random.Random(2026)  # noqa: S311 - reproducible test data
    now = timezone.now()
    started = time.monotonic()
    added = {}
    with transaction.atomic():
        event_ids = add_events(targets, EVENTS - EventPage.objects.count())
        count = len(event_ids)
        added["events"] = count
        log(f"events: {count} added ({time.monotonic() - started:.0f} s)")

        big = EventPage.objects.get(pk=targets["event_id"])
        registrations = []
        taken = Registration.objects.filter(event=big).count()

        def registration(event_id, n, status):
            return Registration(
                event_id=event_id,
                name=f"Osallistuja {n}",
                email=f"osallistuja.{event_id}.{n}@kunta.example",
                organisation="Esimerkkikunta",
                language="fi",
                status=status,
                answers={},
                created_at=now - datetime.timedelta(minutes=n),
                status_changed_at=now,
            )

        for n in range(BIG_EVENT_REGISTRATIONS - taken):
            status = (
                Registration.Status.CONFIRMED
                if n < (big.capacity or 0) // 2
                else Registration.Status.WAITLISTED
                if n % 10
                else Registration.Status.CANCELLED
            )
            registrations.append(registration(big.pk, n, status))
        remaining = REGISTRATIONS - Registration.objects.count() - len(registrations)
        for event_id in event_ids:
            if remaining <= 0:
                break
            for n in range(min(REGISTRATIONS_PER_EVENT, remaining)):
                status = (
                    Registration.Status.CONFIRMED
                    if n < 90
                    else Registration.Status.CANCELLED
                )
                registrations.append(registration(event_id, n, status))
            remaining -= REGISTRATIONS_PER_EVENT
        Registration.objects.bulk_create(registrations, batch_size=BATCH)
        added["registrations"] = len(registrations)
        log(
            f"registrations: {len(registrations)} added"
            f" ({time.monotonic() - started:.0f} s)"
        )

        count = MATERIALS - MaterialPage.objects.count()
        add_materials(targets, count)
        municipality_ids = list(Municipality.objects.values_list("pk", flat=True))
        added["materials"] = count
        log(f"materials: {count} added ({time.monotonic() - started:.0f} s)")

        topic = Topic.objects.get(pk=targets["topic_id"])
        last = topic.last_position
        author_id = topic.author_id
        posts = [
            Post(
                topic=topic,
                position=last + n,
                author_id=author_id,
                body=f"Kommentti {n}: meillä valmistelu etenee aikataulussa.",
                body_html=f"<p>Kommentti {n}: meillä valmistelu etenee aikataulussa.</p>",
                created_at=now - datetime.timedelta(minutes=TOPIC_POSTS - n),
            )
            for n in range(1, TOPIC_POSTS - topic.post_count + 1)
        ]
        Post.objects.bulk_create(posts, batch_size=BATCH)
        newest = Post.objects.filter(topic=topic).order_by("-position").first()
        Topic.objects.filter(pk=topic.pk).update(
            post_count=topic.post_count + len(posts),
            last_position=newest.position,
            last_post=newest,
            last_post_at=newest.created_at,
        )
        added["posts"] = len(posts)
        log(f"posts: {len(posts)} added ({time.monotonic() - started:.0f} s)")

        answers = list(
            SurveyResponse.objects.submitted()
            .filter(survey_id=targets["survey_id"])
            .values_list("answers", flat=True)
        )
        count = SURVEY_ANSWERS - len(answers)
        SurveyResponse.objects.bulk_create(
            (
                SurveyResponse(
                    survey_id=targets["survey_id"],
                    status=SurveyResponse.Status.SUBMITTED,
                    municipality_id=rng.choice(municipality_ids),
                    answers=rng.choice(answers),
                    submitted_at=now,
                )
                for _n in range(count)
            ),
            batch_size=BATCH,
        )
        added["answers"] = count
        log(f"answers: {count} added ({time.monotonic() - started:.0f} s)")
    settle_database()
    # Bulk inserts send no signals: tell the caches, as an import would.
    bump_layout_version()
    bump_version("survey-answers")
    for event_id in {registration.event_id for registration in registrations}:
        pagecache.seats_changed(event_id)
    added["seconds"] = round(time.monotonic() - started, 1)
    log(f"grown in {added['seconds']} s")
    return added


# --- Report ---------------------------------------------------------------------------


def compare(demo: dict, grown: dict) -> list[dict]:
    rows = []
    for name, before in demo.items():
        after = grown[name]
        ratio = after["ms"] / before["ms"] if before["ms"] else 0
        min_ratio = after["min_ms"] / before["min_ms"] if before["min_ms"] else 0
        calls = ""
        if "calls" in before and "calls" in after:
            calls = f"{before['calls']} → {after['calls']} ({after['calls'] / before['calls']:.2f})"
        rows.append(
            {
                "page": name,
                "calls": calls,
                "status": f"{before['status']}/{after['status']}",
                "queries": f"{before['queries']} → {after['queries']}",
                "ms": f"{before['ms']} → {after['ms']}",
                "ratio": round(ratio, 2),
                "min_ratio": round(min_ratio, 2),
                "kb": f"{before['bytes'] / 1024:.0f} → {after['bytes'] / 1024:.0f}",
                "met": ratio <= TARGET_RATIO
                and before["queries"] == after["queries"]
                and before["status"] == after["status"] == 200,
            }
        )
    return rows


def print_table(rows: list[dict]) -> None:
    lines = [
        "| Page | Status | Queries | ms (median) | Ratio | Ratio of the fastest | HTML KB | Met |",
        "| --- | --- | --- | --- | ---: | ---: | --- | --- |",
    ]
    if any(row["calls"] for row in rows):
        lines[0] += " Function calls (ratio) |"
        lines[1] += " --- |"
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['status']} | {row['queries']} | {row['ms']} "
            f"| {row['ratio']} | {row['min_ratio']} | {row['kb']} "
            f"| {'yes' if row['met'] else 'no'} |"
            + (f" {row['calls']} |" if row["calls"] else "")
        )
    sys.stdout.write("\n".join(lines) + "\n")


#: What `bench/run.sh` sets for its gunicorn that the in-process clients here must not
#: inherit (its host is 127.0.0.1, the demo site's is localhost).
SERVER_ENVIRONMENT = ("ALLOWED_HOSTS", "PORTAL_BASE_URL")


def setup_django(database: str, redis_port: int | None) -> None:
    for name in SERVER_ENVIRONMENT:
        os.environ.pop(name, None)
    os.environ["DATABASE_URL"] = f"{admin_url()}/{database}"
    if redis_port is not None:
        os.environ["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("PORTAL_TASK_BACKEND", "database")
    import django

    django.setup()


def reuse(args) -> None:
    """Measure the kept demo and grown databases again, with today's code, page by page
    (`measure_interleaved`)."""
    redis = start_redis(args.redis_port)
    try:
        setup_django(f"{args.database}_demo", redis and args.redis_port)
        targets = selected(find_targets(), args.page)
        demo, grown = measure_interleaved(
            targets, args.runs, f"{args.database}_demo", args.database
        )
        print_table(compare(demo, grown))
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=f"muutostuki_scale_{os.getpid()}")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--redis-port", type=int, default=int(os.environ.get("SCALE_REDIS_PORT", 8766))
    )
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="TEXT",
        help='measure only the pages whose "role: name" contains TEXT (repeatable)',
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the databases NAME_demo and NAME kept by an earlier --keep run "
        "again, without loading or growing anything (for before/after comparisons)",
    )
    parser.add_argument(
        "--calls",
        action="store_true",
        help="also count the function calls of one load per page (cProfile)",
    )
    parser.add_argument(
        "--fill-explorers",
        metavar="DATABASE",
        help="add to DATABASE (a kept demo's copy) just enough events and materials "
        "that the explorers of the event index and the library show a full page, "
        "then stop: a baseline for --reuse whose explorer pages are full",
    )
    parser.add_argument(
        "--out", type=Path, help="write the results here (default bench/results/)"
    )
    args = parser.parse_args()
    global COUNT_CALLS
    COUNT_CALLS = args.calls
    if args.fill_explorers:
        setup_django(args.fill_explorers, None)
        log(f"added to {args.fill_explorers}: {fill_explorers(find_targets())}")
        return
    if args.reuse:
        reuse(args)
        return
    create_database(args.database)
    redis = start_redis(args.redis_port)
    try:
        setup_django(args.database, redis and args.redis_port)
        from django.core.management import call_command
        from django.db import connections

        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        settle_database()
        log(f"demo loaded in {time.monotonic() - started:.0f} s")
        targets = selected(find_targets(), args.page)
        # The demo's data as NAME_demo: measured beside the grown network, page by page
        # (and kept for `--reuse` with `--keep`).
        connections.close_all()
        copy_database(args.database, f"{args.database}_demo")
        added = grow(targets)
        demo, grown = measure_interleaved(
            targets, args.runs, f"{args.database}_demo", args.database
        )
        rows = compare(demo, grown)
        print_table(rows)
        out = args.out or Path("bench/results") / (
            "scale-"
            + datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            + ".json"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            json.dumps(
                {
                    "added": added,
                    "cache": "redis" if redis else "database",
                    "demo": demo,
                    "grown": grown,
                    "rows": rows,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        log(f"results in {out}")
        connections.close_all()
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        if not args.keep:
            drop_database(args.database)
            drop_database(f"{args.database}_demo")


if __name__ == "__main__":
    main()
