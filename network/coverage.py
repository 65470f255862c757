"""Columns of the staff coverage view that feature apps add (per-municipality counts).

`network` cannot import the feature apps, so events and surveys register their columns in
their `AppConfig.ready()`: e.g. "municipalities with a registration".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class CoverageColumn:
    """A count per municipality: `counts()` returns {municipality_id: count} in one query."""

    key: str
    label: str | Promise
    counts: Callable[[], dict[int, int]]
    order: int = 100


_columns: dict[str, CoverageColumn] = {}


def register_column(column: CoverageColumn) -> None:
    """Add (or replace, by key) a column of the coverage view."""
    _columns[column.key] = column


def extra_columns() -> list[CoverageColumn]:
    return sorted(_columns.values(), key=lambda column: (column.order, column.key))
