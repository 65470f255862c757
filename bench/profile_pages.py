"""CPU time and Python function calls per signed-in request, in-process.

    DJANGO_SETTINGS_MODULE=portal.settings.production python -m bench.profile_pages \
        --targets bench/results/targets.json [--runs 300] [--profile 50] [--top 40]

Signs the demo member of `targets.json` in (a session as `bench.session` makes it) and
requests the event index and the event page through Django's WSGI handler (the same
middleware, views and templates as under gunicorn, without the socket), after a few loads
to warm the caches. Prints per page: the status, SQL queries of one request, the median,
lower quartile and fastest of `--runs` requests' CPU time (`time.process_time`, this
process only), the CPU time of the connection's PostgreSQL backend per request (from
/proc, when the server runs on this machine; Redis's is not counted), and the Python function
calls per request counted by cProfile over `--profile` requests (deterministic, unlike
the times on shared cores). `--top N` also prints cProfile's N heaviest functions by
tottime and by cumtime.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path


def make_environ(path: str, cookie: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "HTTP_ACCEPT": "text/html",
        "HTTP_ACCEPT_LANGUAGE": "fi",
        "HTTP_USER_AGENT": "bench.profile_pages",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def backend_cpu(connection) -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (on this machine;
    0 elsewhere), from /proc."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class QueryLog:
    """A database execute wrapper that keeps each statement's SQL."""

    def __init__(self, queries: list[str]):
        self.queries = queries

    def __call__(self, execute, sql, params, many, context):
        self.queries.append(sql)
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--targets", type=Path, default=Path("bench/results/targets.json")
    )
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--profile", type=int, default=50)
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--pages", default="index,event")
    parser.add_argument(
        "--show", action="store_true", help="print the SQL of one request"
    )
    parser.add_argument(
        "--dump", type=Path, help="write each page's cProfile stats here"
    )
    parser.add_argument(
        "--html", type=Path, help="write each page's HTML to this folder"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from bench.session import session_cookies

    targets = json.loads(args.targets.read_text())
    member_id = targets["member_id"]
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookies([member_id])[member_id]}"
    handler = WSGIHandler()
    pages = {"index": targets["index_url"], "event": targets["event_url"]}

    def get(path: str) -> tuple[str, bytes]:
        seen = {}

        def start_response(status, headers, exc_info=None):
            seen["status"] = status

        result = handler(make_environ(path, cookie), start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return seen["status"], body

    for name in args.pages.split(","):
        path = pages[name]
        for _ in range(5):
            status, body = get(path)
        queries: list[str] = []
        with connection.execute_wrapper(QueryLog(queries)):
            status, body = get(path)
        if args.show:
            sys.stdout.write("\n".join(queries) + "\n")
        if args.html:
            (args.html / f"{name}.html").write_bytes(body)
        backend_before = backend_cpu(connection)
        times = []
        for _ in range(args.runs):
            started = time.process_time()
            get(path)
            times.append((time.process_time() - started) * 1000)
        backend_ms = (backend_cpu(connection) - backend_before) * 1000 / args.runs
        times.sort()
        calls = 0
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.profile):
                get(path)
            profiler.disable()
            stats = pstats.Stats(profiler)
            if args.dump:
                stats.dump_stats(args.dump / f"{name}.prof")
            calls = stats.total_calls / args.profile
        sys.stdout.write(
            f"{name}\t{path}\t{status}\tqueries {len(queries)}\t"
            f"CPU ms median {statistics.median(times):.2f}\t"
            f"q1 {times[len(times) // 4]:.2f}\tmin {times[0]:.2f}\t"
            f"PostgreSQL backend CPU ms {backend_ms:.2f}\t"
            f"calls/request {calls:,.0f}\tHTML {len(body):,} B\n"
        )
        if args.top and args.profile:
            for key in ("tottime", "cumtime"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(args.top)
                sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main()
