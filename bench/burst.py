"""A registration rush against the running server: 500 signed-in members POST the
registration form of two events with limited capacity at once, then the database is checked
for overbooking.

    DJANGO_SETTINGS_MODULE=portal.settings.production python -m bench.burst \
        --targets bench/results/targets.json --base http://127.0.0.1:8765 \
        [--concurrency 16] [--rounds 3]

Each registrant has its own session (stored through Django, as after signing in) and its
own CSRF cookie and form token (made by Django's `get_token`), so every request passes the
same middleware as a browser's. Before the burst, each registrant opens the event page once
(untimed), as people do while waiting for registration to open. Registrants alternate
between the two events. A success is the view's redirect back to the event page; anything
else (another status, a redirect elsewhere, a socket error or time-out) is an error.
Afterwards, per event: confirmed (and pending) seats must not exceed the capacity, exactly
min(capacity, successes) must be confirmed and the rest waitlisted, with one registration
per registrant.

With `--rounds N` the burst runs N times, the events' registrations removed before each
round after the first; every round is checked, and the round with the median rate is the
summary (the rate of one 4-second burst on shared cores varies by a third from run to run).

Prints tab-separated result lines and writes them as JSON to `--out`; exits 1 when a check
of any round fails.
"""

import argparse
import http.client
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit


@dataclass
class Attempt:
    user_id: int
    event_id: int
    status: int
    location: str
    started: float
    finished: float
    error: str = ""


@dataclass
class Registrant:
    user_id: int
    event_id: int
    path: str  # the registration form's address, where the POST goes
    page: str  # the event page, where a successful registration returns
    cookie: str
    body: bytes


def register_url(event) -> str:
    """The address the event page's registration form posts to."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override("fi"):
        return reverse("events:register", kwargs={"pk": event.pk})


def prepare(targets: dict) -> list[Registrant]:
    """A session, a CSRF cookie and token, and the form data of each registrant."""
    from django.conf import settings
    from django.http import HttpRequest
    from django.middleware.csrf import get_token

    from bench.session import session_cookies
    from events.models import EventPage
    from network.models import MemberProfile

    burst = targets["burst"]
    events = {e.pk: e for e in EventPage.objects.filter(pk__in=burst["event_ids"])}
    sessions = session_cookies(burst["user_ids"])
    profiles = {
        p.user_id: p
        for p in MemberProfile.objects.filter(
            user_id__in=burst["user_ids"]
        ).select_related("user", "municipality")
    }
    registrants = []
    for n, user_id in enumerate(burst["user_ids"]):
        event = events[burst["event_ids"][n % len(burst["event_ids"])]]
        request = HttpRequest()
        token = get_token(request)
        profile = profiles[user_id]
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": profile.user.get_full_name(),
                "organisation": profile.municipality.name_fi,
                "municipality": profile.municipality_id,
            }
        ).encode()
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={sessions[user_id]}; "
            f"{settings.CSRF_COOKIE_NAME}={request.META['CSRF_COOKIE']}"
        )
        registrants.append(
            Registrant(user_id, event.pk, register_url(event), event.url, cookie, body)
        )
    return registrants


def exchange(
    host: str, port: int, method: str, path: str, cookie: str, body=None, *, timeout
) -> tuple[int, str]:
    """One request on its own connection (as the sync workers answer): status, Location."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    headers = {"Cookie": cookie}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        connection.close()


def post(host: str, port: int, registrant: Registrant, timeout: float) -> Attempt:
    started = time.perf_counter()
    status, location, error = 0, "", ""
    try:
        status, location = exchange(
            host,
            port,
            "POST",
            registrant.path,
            registrant.cookie,
            registrant.body,
            timeout=timeout,
        )
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
    return Attempt(
        registrant.user_id,
        registrant.event_id,
        status,
        location,
        started,
        time.perf_counter(),
        error,
    )


def open_pages(base: str, registrants: list[Registrant], concurrency: int) -> None:
    """Each registrant opens the event page first, as people do while they wait for
    registration to open (the page view caches their user row and permission set). Not
    timed."""
    parts = urlsplit(base)

    def view(registrant: Registrant) -> int:
        return exchange(
            parts.hostname,
            parts.port or 80,
            "GET",
            registrant.page,
            registrant.cookie,
            timeout=30,
        )[0]

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        statuses = list(pool.map(view, registrants))
    if any(status != 200 for status in statuses):
        raise SystemExit(f"bench.burst: an event page did not open: {set(statuses)}")


def run_burst(
    base: str, registrants: list[Registrant], concurrency: int, timeout: float
):
    """Fire every POST through `concurrency` parallel connections, all released at once."""
    parts = urlsplit(base)
    gate = threading.Event()

    def task(registrant: Registrant) -> Attempt:
        gate.wait()
        return post(parts.hostname, parts.port or 80, registrant, timeout)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(task, r) for r in registrants]
        started = time.perf_counter()
        gate.set()
        attempts = [f.result() for f in futures]
    return attempts, time.perf_counter() - started


def is_success(attempt: Attempt, path: str) -> bool:
    return attempt.status == 302 and urlsplit(attempt.location).path == path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def verify(targets: dict, successes: dict[int, int]) -> tuple[list[dict], list[str]]:
    """Per event: seats held never above capacity, the rest waitlisted, no duplicates."""
    from django.db.models import Count

    from events.models import EventPage, Registration

    burst = targets["burst"]
    rows, problems = [], []
    for event_id, capacity in zip(burst["event_ids"], burst["capacities"], strict=True):
        registrations = Registration.objects.filter(event_id=event_id)
        by_status = dict(
            registrations.order_by().values_list("status").annotate(n=Count("pk"))
        )
        held = sum(by_status.get(s, 0) for s in Registration.SEAT_STATUSES)
        waitlisted = by_status.get(Registration.Status.WAITLISTED, 0)
        total = sum(by_status.values())
        people = registrations.values("user_id").distinct().count()
        expected_held = min(capacity, successes.get(event_id, 0))
        row = {
            "event_id": event_id,
            "capacity": capacity,
            "successes": successes.get(event_id, 0),
            "held_seats": held,
            "waitlisted": waitlisted,
            "registrations": total,
            "distinct_people": people,
            "overbooked": max(held - capacity, 0),
            "seats_left_shown": EventPage.objects.get(pk=event_id).seats_left,
        }
        rows.append(row)
        if held > capacity:
            problems.append(
                f"event {event_id}: {held} seats held for capacity {capacity}"
            )
        if held != expected_held or waitlisted != total - held:
            problems.append(
                f"event {event_id}: {held} confirmed / {waitlisted} waitlisted of {total}, "
                f"expected {expected_held} confirmed and the rest waitlisted"
            )
        if people != total or total != successes.get(event_id, 0):
            problems.append(
                f"event {event_id}: {total} registrations by {people} people for "
                f"{successes.get(event_id, 0)} successful POSTs"
            )
    return rows, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--targets", type=Path, default=Path("bench/results/targets.json")
    )
    parser.add_argument("--base", required=True, help="e.g. http://127.0.0.1:8765")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=Path("bench/results/burst.json"))
    parser.add_argument(
        "--gunicorn-pid", type=int, help="to measure the server's CPU time (bench.cpu)"
    )
    parser.add_argument("--extra-pid", type=int, action="append", default=[])
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="bursts to run; before each after the first, the events' registrations are"
        " removed; the median round is the summary",
    )
    args = parser.parse_args()
    host = urlsplit(args.base).hostname or ""
    if not (host == "localhost" or host.startswith("127.")):
        raise SystemExit(
            "bench.burst: only loopback addresses (127.0.0.0/8, localhost)"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from bench.cpu import server_cpu_seconds

    targets = json.loads(args.targets.read_text())
    registrants = prepare(targets)
    connection.close()  # the server's workers get the database to themselves
    open_pages(args.base, registrants, args.concurrency)

    def server_cpu() -> float:
        if args.gunicorn_pid is None:
            return 0.0
        database = settings.DATABASES["default"]["NAME"]
        return server_cpu_seconds(args.gunicorn_pid, database, args.extra_pid)

    rounds = [
        one_round(args, targets, registrants, server_cpu, first=n == 0)
        for n in range(args.rounds)
    ]
    # The round with the median rate is the summary; every round is kept and checked.
    summary = sorted(rounds, key=lambda r: r["registrations_per_second"])[
        (len(rounds) - 1) // 2
    ] | {"rounds": rounds}
    problems = [p for r in rounds for p in r["problems"]]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2))
    out = sys.stdout
    out.write(
        "round\tposts\tok\terrors\tseconds\treg/s\tp50_ms\tp99_ms\toverbooked"
        "\tcpu_ms/post\tclient_cpu_ms/post\n"
    )
    for n, r in enumerate(rounds, start=1):
        out.write(
            f"{n}\t{r['posts']}\t{r['successes']}\t{r['errors']}\t{r['seconds']}\t"
            f"{r['registrations_per_second']}\t{r['p50_ms']}\t{r['p99_ms']}\t"
            f"{r['overbooked']}\t{r['server_cpu_ms_per_post']}\t"
            f"{r['client_cpu_ms_per_post']}\n"
        )
    if len(rounds) > 1:
        out.write(f"median\t{summary['registrations_per_second']} reg/s\n")
    out.write(
        "round\tevent\tcapacity\tsuccesses\tconfirmed\twaitlisted\tregistrations"
        "\tpeople\n"
    )
    for n, r in enumerate(rounds, start=1):
        for e in r["events"]:
            out.write(
                f"{n}\t{e['event_id']}\t{e['capacity']}\t{e['successes']}\t"
                f"{e['held_seats']}\t{e['waitlisted']}\t{e['registrations']}\t"
                f"{e['distinct_people']}\n"
            )
    for problem in problems:
        out.write(f"PROBLEM\t{problem}\n")
    if problems:
        raise SystemExit(1)


def reset(targets: dict) -> None:
    """Remove the burst events' registrations, so that another round starts from empty."""
    from django.db import connection

    from events.models import Registration
    from events.services import recount_seats

    event_ids = targets["burst"]["event_ids"]
    Registration.objects.filter(event_id__in=event_ids).delete()
    recount_seats(event_ids=event_ids)
    connection.close()


def one_round(args, targets: dict, registrants, server_cpu, *, first: bool) -> dict:
    if not first:
        reset(targets)
    cpu_before, client_before = server_cpu(), time.process_time()
    attempts, seconds = run_burst(
        args.base, registrants, args.concurrency, args.timeout
    )
    cpu_seconds = server_cpu() - cpu_before
    client_seconds = time.process_time() - client_before
    paths = {r.user_id: r.page for r in registrants}
    ok = [a for a in attempts if is_success(a, paths[a.user_id])]
    failed = [a for a in attempts if not is_success(a, paths[a.user_id])]
    successes: dict[int, int] = {}
    for a in ok:
        successes[a.event_id] = successes.get(a.event_id, 0) + 1
    latencies = [(a.finished - a.started) * 1000 for a in attempts]
    rows, problems = verify(targets, successes)
    if failed:
        problems.append(f"{len(failed)} of {len(attempts)} POSTs failed")
    return {
        "posts": len(attempts),
        "successes": len(ok),
        "errors": len(failed),
        "seconds": round(seconds, 2),
        "registrations_per_second": round(len(ok) / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "server_cpu_ms_per_post": round(cpu_seconds * 1000 / len(attempts), 1),
        # The load generator's own CPU time: it shares the two cores with the server.
        "client_cpu_ms_per_post": round(client_seconds * 1000 / len(attempts), 1),
        "concurrency": args.concurrency,
        "overbooked": sum(r["overbooked"] for r in rows),
        "events": rows,
        "error_samples": [asdict(a) for a in failed[:5]],
        "problems": problems,
    }


if __name__ == "__main__":
    main()
