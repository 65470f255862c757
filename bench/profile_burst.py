"""The burst's registration POST in-process: where its CPU time goes.

    DJANGO_SETTINGS_MODULE=portal.settings.production DEBUG=0 ... \
        python -m bench.profile_burst --targets /tmp/targets.json [--posts 250] [--rounds 3]
        [--profile 40]

The same registrants as `bench.burst` (a session each, a CSRF cookie and token, the form's
data; `bench.burst.prepare`), with the database and cache of the environment (as
`bench/run.sh` exports them, on a database seeded by `bench.seed`). Each registrant opens
the event page once (as in the burst: it caches the user row and permission set), then
the POSTs go one after the other through Django's WSGI handler, as gunicorn calls it. Per
round, the events' registrations are removed first (`bench.burst.reset`), then every POST
must be the redirect back to the event page.

Printed per round: the median and mean CPU time of this process per POST
(`time.process_time`), the PostgreSQL backend's CPU time per POST (from /proc, the one
backend serving this process), the SQL statements per POST with their wall time, and the
Redis commands per POST with their wall time. With `--profile N`, N more POSTs run under
cProfile and the top functions by total and cumulative time are printed.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

from bench.cpu import _stat

DIGITS = re.compile(r"[0-9]")


def environ_for(registrant, host: str = "127.0.0.1") -> dict:
    body = registrant.body
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": registrant.path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": registrant.cookie,
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def get_environ(registrant, host: str = "127.0.0.1") -> dict:
    environ = environ_for(registrant, host)
    environ.update(REQUEST_METHOD="GET", PATH_INFO=registrant.page, CONTENT_LENGTH="0")
    environ["wsgi.input"] = io.BytesIO(b"")
    del environ["CONTENT_TYPE"]
    return environ


class Calls:
    """Counts and times SQL statements (an execute wrapper) and Redis commands."""

    def __init__(self):
        self.sql = 0
        self.sql_seconds = 0.0
        self.redis = 0
        self.redis_seconds = 0.0
        self.statements: dict[str, int] = {}
        self.commands: dict[str, int] = {}

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += 1
            self.sql_seconds += time.perf_counter() - started
            head = " ".join(sql.split()[:4])[:70]
            self.statements[head] = self.statements.get(head, 0) + 1

    def watch_redis(self):
        from redis.client import Pipeline, Redis

        calls = self
        original = Redis.execute_command
        original_pipeline = Pipeline.execute

        def execute_command(self, *args, **options):
            started = time.perf_counter()
            try:
                return original(self, *args, **options)
            finally:
                name = " ".join(str(a)[:40] for a in args[:2])
                name = DIGITS.sub("#", name)
                calls.commands[name] = calls.commands.get(name, 0) + 1
                calls.redis += 1
                calls.redis_seconds += time.perf_counter() - started

        def execute(self, *args, **options):
            started = time.perf_counter()
            try:
                return original_pipeline(self, *args, **options)
            finally:
                name = "PIPELINE " + " ".join(str(c[0][0]) for c in self.command_stack)
                calls.commands[name] = calls.commands.get(name, 0) + 1
                calls.redis += 1
                calls.redis_seconds += time.perf_counter() - started

        Redis.execute_command = execute_command
        Pipeline.execute = execute


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", type=Path, required=True)
    parser.add_argument("--posts", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--dump", type=Path, help="write the profile here (pstats)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from bench.burst import prepare, reset

    targets = json.loads(args.targets.read_text())
    registrants = prepare(targets)
    handler = WSGIHandler()

    def call(environ) -> tuple[str, dict]:
        seen = {}

        def start_response(status, headers, exc_info=None):
            seen["status"] = status
            seen["headers"] = dict(headers)

        body = handler(environ, start_response)
        b"".join(body)
        body.close()
        return seen["status"], seen["headers"]

    for registrant in registrants:  # the page once each, as in the burst
        status, _headers = call(get_environ(registrant))
        if not status.startswith("200"):
            raise SystemExit(f"event page: {status}")
    calls = Calls()
    calls.watch_redis()
    out_stream = sys.stdout
    # Each round uses the first `posts` registrants (after a reset).
    for n in range(args.rounds + (1 if args.profile else 0)):
        reset(targets)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (backend,) = cursor.fetchone()
        profiling = n == args.rounds
        count = args.profile if profiling else args.posts
        chosen = registrants[:count]
        environs = [environ_for(r) for r in chosen]
        calls.__init__()
        times = []
        profile = cProfile.Profile(time.process_time) if profiling else None
        pg_before = _stat(backend)[1]
        with connection.execute_wrapper(calls):
            for registrant, environ in zip(chosen, environs, strict=True):
                started = time.process_time()
                if profile:
                    profile.enable()
                status, headers = call(environ)
                if profile:
                    profile.disable()
                times.append(time.process_time() - started)
                if not status.startswith("302") or not headers.get(
                    "Location", ""
                ).endswith(registrant.page):
                    raise SystemExit(f"POST: {status} {headers.get('Location')}")
        pg_cpu = _stat(backend)[1] - pg_before
        if profile:
            if args.dump:
                profile.dump_stats(args.dump)
            for sort in ("tottime", "cumulative"):
                out = io.StringIO()
                stats = pstats.Stats(profile, stream=out)
                stats.sort_stats(sort).print_stats(args.top)
                out_stream.write(out.getvalue())
            continue
        out_stream.write(
            f"round {n + 1}: {count} POSTs, CPU per POST median"
            f" {statistics.median(times) * 1000:.2f} ms, mean"
            f" {statistics.mean(times) * 1000:.2f} ms, min {min(times) * 1000:.2f} ms;"
            f" PostgreSQL backend CPU {pg_cpu * 1000 / count:.2f} ms per POST;"
            f" SQL {calls.sql / count:.1f} statements ({calls.sql_seconds * 1000 / count:.2f}"
            f" ms wall); Redis {calls.redis / count:.1f} commands"
            f" ({calls.redis_seconds * 1000 / count:.2f} ms wall)\n"
        )
        if n == 0:
            for head, number in sorted(calls.statements.items()):
                out_stream.write(f"    {number / count:.1f} x {head}\n")
            for name, number in sorted(calls.commands.items()):
                if number >= count / 10:
                    out_stream.write(f"    {number / count:.1f} x redis {name}\n")


if __name__ == "__main__":
    main()
