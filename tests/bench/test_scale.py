"""`bench.scale.compare`: a page meets the scale target within its ratio, with the same
queries and a 200 on both databases."""

import os

from bench.scale import SERVER_ENVIRONMENT, compare, setup_django


def figures(ms, queries=3, status=200):
    return {"status": status, "queries": queries, "ms": ms, "min_ms": ms, "bytes": 1024}


def test_a_page_is_met_within_the_ratio_with_its_queries_and_a_200():
    demo = {"a": figures(10), "b": figures(10), "c": figures(10), "d": figures(10)}
    grown = {
        "a": figures(15),
        "b": figures(16),
        "c": figures(11, queries=4),
        "d": figures(1, status=400),
    }

    met = {row["page"]: row["met"] for row in compare(demo, grown)}

    assert met == {"a": True, "b": False, "c": False, "d": False}


def test_the_servers_host_settings_are_not_inherited(monkeypatch):
    """`bench/run.sh` exports ALLOWED_HOSTS for its gunicorn; the in-process clients
    ask for the demo site's host."""
    import django

    monkeypatch.setattr(django, "setup", lambda: None)
    for name in (
        *SERVER_ENVIRONMENT,
        "DATABASE_URL",
        "DJANGO_SETTINGS_MODULE",
        "DEBUG",
    ):
        monkeypatch.setenv(name, "x")
    monkeypatch.delenv("REDIS_URL", raising=False)

    setup_django("scale_db", None)

    assert not any(name in os.environ for name in SERVER_ENVIRONMENT)
    assert os.environ["DATABASE_URL"].endswith("/scale_db")
