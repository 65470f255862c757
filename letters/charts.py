"""The per-list report's chart: subscribers at the end of each month, drawn with the
survey charts' accessible SVG geometry and template (`surveys/charts/chart.html`)."""

from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from surveys.charts import (
    BAR_HEIGHT,
    BAR_ROOM,
    LABEL_HEIGHT,
    ROW_GAP,
    Chart,
    bar_row,
)


def subscribers_chart(*, chart_id: str, months: Sequence[tuple]) -> Chart:
    """A bar per month (rows of `list_report`'s "months": month, joined, left, total),
    as long as the number of subscribers at the month's end; the description spells
    out every month's numbers."""
    largest = max((total for *_rest, total in months), default=0) or 1
    rows, y, described = [], 0.0, []
    for month, joined, left, total in months:
        label = date_format(month, "F Y")
        width = BAR_ROOM * max(total, 0) / largest
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
            bar_row(label=label, y=y, width=width, title=detail, value=str(total))
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
