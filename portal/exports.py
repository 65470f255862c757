"""CSV and XLSX exports whose cells a spreadsheet cannot run as formulas.

Wagtail's report and index views export through `SpreadsheetExportMixin`; mix
`SafeSpreadsheetExportMixin` in before it. Exports with columns of their own
(survey answers) use `csv_response` and `xlsx_response`.

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
from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).replace(tzinfo=None)
            if timezone.is_aware(value)
            else value
        )
    if isinstance(value, int | float | datetime.date | bool):
        return value
    return force_str(value)


def csv_response(
    filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A UTF-8 CSV download, with a BOM so spreadsheets read å and ä right."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(force_str(cell)) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(_plain(cell)) for cell in row])
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
            cell = WriteOnlyCell(sheet, safe_cell(_plain(value)))
            if cell.data_type == "f":
                cell.data_type = "s"
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
    """For Wagtail views with `list_export`: neutralise formula-like text."""

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))
