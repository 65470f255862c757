"""ANALYZE after bulk imports: the helper and the commands that call it."""

import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from network.models import Municipality, MunicipalityDomain
from portal.db import analyze
from portal.demo import registry

pytestmark = pytest.mark.django_db


def analyzed(context) -> list[str]:
    return [
        query["sql"]
        for query in context.captured_queries
        if query["sql"].startswith("ANALYZE")
    ]


def quoted(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def test_analyze_refreshes_the_statistics_of_each_table_given():
    with CaptureQueriesContext(connection) as context:
        analyze(Municipality, MunicipalityDomain)

    assert analyzed(context) == [
        f"ANALYZE {quoted(Municipality)}",
        f"ANALYZE {quoted(MunicipalityDomain)}",
    ]


def test_analyze_without_tables_refreshes_the_whole_database():
    with CaptureQueriesContext(connection) as context:
        analyze()

    assert analyzed(context) == ["ANALYZE"]


def test_load_municipalities_analyzes_the_tables_it_filled():
    with CaptureQueriesContext(connection) as context:
        call_command("load_municipalities", stdout=io.StringIO())

    assert analyzed(context) == [
        f"ANALYZE {quoted(Municipality)}",
        f"ANALYZE {quoted(MunicipalityDomain)}",
    ]


def test_seed_demo_analyzes_the_database_after_loading(monkeypatch):
    monkeypatch.setattr(registry, "registered_loaders", list)

    with CaptureQueriesContext(connection) as context:
        call_command("seed_demo", stdout=io.StringIO())

    assert analyzed(context) == ["ANALYZE"]
