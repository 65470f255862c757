"""Every CSV and XLSX file the portal produces, written in one place.

- CSV is UTF-8 with a byte order mark, so that Excel reads å, ä and ö right.
- Times are shown to the minute in Finnish time (Europe/Helsinki): `2027-01-20 09:30` in
  CSV, a date-time cell with that format in XLSX. Dates are `2027-01-20`.
- Yes/no values are words in the active language ("Kyllä"/"Ei"), empty values empty.
- A cell that a spreadsheet could run as a formula is neutralised (`safe_cell`).

Wagtail's report and index views export through `SpreadsheetExportMixin`; mix
`SafeSpreadsheetExportMixin` in before it and their files are written by `csv_response` and
`xlsx_response` too. Exports with columns of their own (survey answers) call those directly.

Wagtail's own exports that the portal offers as they are (the audit log and the other
reports, the ask-a-question form's submissions, redirects, search terms) cannot take the
mixin without copying their URL configuration, so `portal.middleware.SafeCsvMiddleware`
passes every CSV response through `neutralise_csv` (safe_cell is idempotent: a cell
already prefixed is left as it is). Their XLSX files store formula-like text as text
(Wagtail's `generate_xlsx_row`), which a spreadsheet does not run.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from io import BytesIO, StringIO
from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_BOM = "\ufeff"
CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_DATE_FORMAT = "yyyy-mm-dd"


#: A plain signed number ("-5", "+3,5") is no formula and stays a number.
SIGNED_NUMBER = re.compile(r"[+-]\d+([.,]\d+)?")


def safe_cell(value: Any) -> Any:
    """Prefix text that starts like a formula with an apostrophe; leave other values."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not SIGNED_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def neutralise_csv(text: str) -> str:
    """The CSV text with every formula-like cell prefixed (as `safe_cell` does)."""
    output = io.StringIO()
    writer = csv.writer(output)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    for row in csv.reader(io.StringIO(text.removeprefix(bom), newline="")):
        writer.writerow([safe_cell(cell) for cell in row])
    return bom + output.getvalue()


def local_minute(moment: datetime.datetime) -> datetime.datetime:
    """A moment as a naive Finnish time, to the minute (naive times are taken as local)."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment, timezone.get_default_timezone())
    return moment.replace(tzinfo=None, second=0, microsecond=0)


def cell_value(value: Any) -> Any:
    """The value one cell shows: text, a number, a naive local date-time (to the minute) or
    a date; formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return local_minute(value)
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    if isinstance(value, list | tuple):
        return safe_cell(", ".join(force_str(item) for item in value))
    return safe_cell(force_str(value))


def csv_text(value: Any) -> str:
    value = cell_value(value)
    if isinstance(value, datetime.datetime):
        return value.strftime(CSV_DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return force_str(value)


def csv_lines(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV file as lines of text, the first one starting with the byte order mark."""
    buffer = StringIO()
    writer = csv.writer(buffer)

    def line(cells) -> str:
        writer.writerow([csv_text(cell) for cell in cells])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield CSV_BOM + line(header)
    for row in rows:
        yield line(row)


def csv_response(
    filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A UTF-8 CSV download with a BOM."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    for text in csv_lines(header, rows):
        response.write(text)
    return response


def xlsx_response(
    filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> FileResponse:
    """An XLSX download whose text cells are always stored as text, never formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Export")

    def cells(values):
        for value in values:
            value = cell_value(value)
            cell = WriteOnlyCell(sheet, value)
            if cell.data_type == "f":
                cell.data_type = "s"
            if isinstance(value, datetime.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(value, datetime.date):
                cell.number_format = XLSX_DATE_FORMAT
            yield cell

    sheet.append(list(cells(force_str(cell) for cell in header)))
    for row in rows:
        sheet.append(list(cells(row)))
    output = BytesIO()
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


class SafeSpreadsheetExportMixin:
    """For Wagtail views with `list_export`: their CSV and XLSX files are written by
    `csv_response` and `xlsx_response`, like every other export."""

    def export_header(self, queryset) -> list[str]:
        return [self.get_heading(queryset, field) for field in self.list_export]

    def export_rows(self, queryset) -> Iterator[list[Any]]:
        for item in queryset:
            yield list(self.to_row_dict(item).values())

    def write_csv_response(self, queryset):
        return csv_response(
            self.get_filename(),
            self.export_header(queryset),
            self.export_rows(queryset),
        )

    def write_xlsx_response(self, queryset):
        return xlsx_response(
            self.get_filename(),
            self.export_header(queryset),
            self.export_rows(queryset),
        )
