"""Database maintenance that the import commands share."""

from django.db import connection, models

#: The databases the portal runs on; both know `ANALYZE` and `ANALYZE <table>`.
ANALYZE_VENDORS = {"postgresql", "sqlite"}


def analyze(*tables: type[models.Model]) -> None:
    """Refresh the query planner's statistics of the models' tables, or of the whole
    database when none is given: after a bulk import, stale statistics make PostgreSQL
    choose slow plans until autovacuum gets round to them."""
    if connection.vendor not in ANALYZE_VENDORS:
        return
    with connection.cursor() as cursor:
        if not tables:
            cursor.execute("ANALYZE")
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
