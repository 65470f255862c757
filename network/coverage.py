"""Columns of the staff coverage view that feature apps add (per-municipality counts).

`network` cannot import the feature apps, so events and surveys register their columns in
their `AppConfig.ready()`: e.g. "municipalities with a registration".
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

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


_sources: dict[str, Callable[[], list[CoverageColumn]]] = {}


def register_column_source(
    key: str, source: Callable[[], list[CoverageColumn]]
) -> None:
    """Add (or replace, by key) a function giving columns that depend on data, such as one
    column per survey; it is called when the view is built and runs one query."""
    _sources[key] = source


def extra_columns() -> list[CoverageColumn]:
    columns = [
        *_columns.values(),
        *(column for source in _sources.values() for column in source()),
    ]
    return sorted(columns, key=lambda column: (column.order, column.key))


@dataclass
class CoverageRow:
    """One municipality with its counts; `extra` follows the order of `Coverage.columns`."""

    municipality: Any
    group: str
    verified_members: int
    pending_requests: int
    extra: list[int] = field(default_factory=list)


@dataclass
class CoverageTotal:
    """Totals of a group of municipalities (or of all shown)."""

    name: str
    municipalities: int = 0
    with_verified_member: int = 0
    verified_members: int = 0
    pending_requests: int = 0
    extra_sums: list[int] = field(default_factory=list)
    extra_with_any: list[int] = field(default_factory=list)

    @classmethod
    def empty(cls, name: str, width: int) -> "CoverageTotal":
        return cls(name=name, extra_sums=[0] * width, extra_with_any=[0] * width)

    @property
    def extras(self) -> list[tuple[int, int]]:
        """(sum, municipalities with at least one) for each extra column."""
        return list(zip(self.extra_sums, self.extra_with_any, strict=True))

    def add(self, row: CoverageRow) -> None:
        self.municipalities += 1
        self.with_verified_member += row.verified_members > 0
        self.verified_members += row.verified_members
        self.pending_requests += row.pending_requests
        for index, count in enumerate(row.extra):
            self.extra_sums[index] += count
            self.extra_with_any[index] += count > 0


@dataclass
class Coverage:
    grouping: str
    columns: list[CoverageColumn]
    rows: list[CoverageRow]
    groups: list[CoverageTotal]
    total: CoverageTotal


def build_coverage(municipalities: Iterable[Any], *, grouping: str) -> Coverage:
    """Rows, group totals and the grand total for municipalities annotated by
    `MunicipalityQuerySet.with_membership_counts()`; one query per extra column."""
    columns = extra_columns()
    counts = [column.counts() for column in columns]
    rows = [
        CoverageRow(
            municipality=municipality,
            group=municipality.grouping_name(grouping),
            verified_members=municipality.verified_members,
            pending_requests=municipality.pending_requests,
            extra=[column_counts.get(municipality.pk, 0) for column_counts in counts],
        )
        for municipality in municipalities
    ]
    rows.sort(key=lambda row: (row.group, row.municipality.name))
    groups: dict[str, CoverageTotal] = {}
    total = CoverageTotal.empty("", len(columns))
    for row in rows:
        if row.group not in groups:
            groups[row.group] = CoverageTotal.empty(row.group, len(columns))
        groups[row.group].add(row)
        total.add(row)
    return Coverage(
        grouping=grouping,
        columns=columns,
        rows=rows,
        groups=list(groups.values()),
        total=total,
    )
