"""The per-list report's chart: subscribers at the end of each month, drawn with the
survey charts' accessible SVG geometry and template (`surveys/charts/chart.html`)."""

from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from surveys.charts import (
    BAR_COLOUR,
    BAR_HEIGHT,
    LABEL_HEIGHT,
    ROW_GAP,
    WIDTH,
    Chart,
    ChartRow,
    Segment,
)


def subscribers_chart(*, chart_id: str, months: Sequence[tuple]) -> Chart:
    """A bar per month (rows of `list_report`'s "months": month, joined, left, total),
    as long as the number of subscribers at the month's end; the description spells
    out every month's numbers."""
    room = WIDTH - 90
    largest = max((total for *_rest, total in months), default=0) or 1
    rows, y, described = [], 0.0, []
    for month, joined, left, total in months:
        label = date_format(month, "F Y")
        width = room * max(total, 0) / largest
        value = ngettext("%(count)d subscriber", "%(count)d subscribers", total) % {
            "count": total
        }
        detail = _("%(label)s: %(value)s (joined %(joined)d, left %(left)d)") % {
            "label": label,
            "value": value,
            "joined": joined,
            "left": left,
        }
        rows.append(
            ChartRow(
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
                        title=detail,
                    )
                ],
                value_text=str(total),
                value_x=round(width + 8, 2),
            )
        )
        described.append(detail)
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    return Chart(
        chart_id=chart_id,
        title=_("Subscribers at the end of each month"),
        description="; ".join(described),
        height=max(y, 1),
        rows=rows,
    )
