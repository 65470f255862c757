"""Accessible SVG charts drawn on the server: stacked horizontal bars (scales, matrices,
trends across rounds) and horizontal bars (choices).

A chart is geometry for `surveys/charts/chart.html`, which draws `<svg role="img">` with a
`<title>` and a `<desc>` that spells out the numbers; the page shows the same numbers in a
table next to it. Text is escaped by the template.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

WIDTH = 640
BAR_HEIGHT = 28
LABEL_HEIGHT = 22
ROW_GAP = 14
LEGEND_ROW = 24
CHAR_WIDTH = 7.2
LABEL_CHARS = 84
BAR_COLOUR = "#1f5f99"
CANT_SAY_COLOUR = "#d9d9d9"
#: A diverging palette from the first (e.g. most positive) to the last step.
DIVERGING = [
    "#08306b",
    "#2171b5",
    "#6baed6",
    "#bdbdbd",
    "#fdae6b",
    "#d94801",
    "#7f2704",
]


@dataclass
class Share:
    """One part of a whole: a scale step or an option, with its count and percentage."""

    key: str
    label: str
    count: int
    percent: int
    colour: str = ""


@dataclass
class Segment:
    x: float
    width: float
    fill: str
    text_fill: str
    text: str
    title: str

    @property
    def text_x(self) -> float:
        return round(self.x + 4, 2)


@dataclass
class ChartRow:
    label: str
    label_y: float
    bar_y: float
    segments: list[Segment] = field(default_factory=list)
    value_text: str = ""
    value_x: float = 0

    @property
    def text_y(self) -> float:
        return round(self.bar_y + 19, 2)


@dataclass
class LegendItem:
    x: float
    y: float
    fill: str
    label: str

    @property
    def box_y(self) -> float:
        return round(self.y + 4, 2)

    @property
    def text_x(self) -> float:
        return round(self.x + 22, 2)

    @property
    def text_y(self) -> float:
        return round(self.y + 17, 2)


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    height: float
    rows: list[ChartRow]
    legend: list[LegendItem] = field(default_factory=list)
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT


def scale_colours(count: int) -> list[str]:
    """`count` colours spread over the diverging palette, symmetric around its middle."""
    if count <= 1:
        return [BAR_COLOUR]
    last = len(DIVERGING) - 1
    return [DIVERGING[round(index * last / (count - 1))] for index in range(count)]


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on the fill (relative luminance)."""
    red, green, blue = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(channel: float) -> float:
        return (
            channel / 12.92
            if channel <= 0.03928
            else ((channel + 0.055) / 1.055) ** 2.4
        )

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return "#000000" if luminance > 0.179 else "#ffffff"


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe(shares: Sequence[Share]) -> str:
    return "; ".join(
        _("%(label)s %(percent)s %% (%(count)s)")
        % {"label": share.label, "percent": share.percent, "count": share.count}
        for share in shares
    )


def stacked_chart(
    *, chart_id: str, title: str, rows: Sequence[tuple[str, Sequence[Share]]]
) -> Chart:
    """One 100 % bar per row (a scale question, a matrix statement or a round)."""
    chart_rows, y = [], 0.0
    for label, shares in rows:
        row = ChartRow(label=shorten(label), label_y=y + 15, bar_y=y + LABEL_HEIGHT)
        total = sum(share.count for share in shares) or 1
        x = 0.0
        for share in shares:
            width = WIDTH * share.count / total
            row.segments.append(
                Segment(
                    x=round(x, 2),
                    width=round(width, 2),
                    fill=share.colour,
                    text_fill=text_colour(share.colour),
                    text=f"{share.percent} %" if width >= 34 else "",
                    title=f"{share.label}: {share.percent} % ({share.count})",
                )
            )
            x += width
        chart_rows.append(row)
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    first = rows[0][1] if rows else []
    legend, legend_height = legend_items([(s.label, s.colour) for s in first], y)
    description = " — ".join(f"{label}: {describe(shares)}" for label, shares in rows)
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        height=y + legend_height,
        rows=chart_rows,
        legend=legend,
    )


def legend_items(entries: Sequence[tuple[str, str]], top: float) -> tuple[list, float]:
    """Legend swatches wrapped onto lines that fit the width; returns items and height."""
    items, x, y = [], 0.0, top
    for label, colour in entries:
        label = shorten(label, 40)
        width = 22 + len(label) * CHAR_WIDTH + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + LEGEND_ROW
        items.append(LegendItem(x=round(x, 2), y=round(y, 2), fill=colour, label=label))
        x += width
    height = (y - top + LEGEND_ROW) if items else 0
    return items, height


#: The longest bar of a bar chart, leaving room for its value text.
BAR_ROOM = WIDTH - 90


def bar_row(*, label: str, y: float, width: float, title: str, value: str) -> ChartRow:
    """One bar of a bar chart at height `y` (the next row starts at
    `y + LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP`), `width` long, with its value after it."""
    return ChartRow(
        label=label,
        label_y=y + 15,
        bar_y=y + LABEL_HEIGHT,
        segments=[
            Segment(
                x=0,
                width=round(width, 2),
                fill=BAR_COLOUR,
                text_fill="#ffffff",
                text="",
                title=title,
            )
        ],
        value_text=value,
        value_x=round(width + 8, 2),
    )


def bar_chart(*, chart_id: str, title: str, shares: Sequence[Share]) -> Chart:
    """A bar per option, as long as its share of those who answered."""
    rows, y = [], 0.0
    for share in shares:
        rows.append(
            bar_row(
                label=shorten(share.label),
                y=y,
                width=BAR_ROOM * share.percent / 100,
                title=f"{share.label}: {share.percent} % ({share.count})",
                value=f"{share.percent} % ({share.count})",
            )
        )
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    return Chart(
        chart_id=chart_id,
        title=title,
        description=describe(shares),
        height=max(y, 1),
        rows=rows,
    )
