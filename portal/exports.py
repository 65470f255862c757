"""CSV and XLSX exports whose cells a spreadsheet cannot run as formulas.

Wagtail's report and index views export through `SpreadsheetExportMixin`; mix
`SafeSpreadsheetExportMixin` in before it. Exports with columns of their own
(survey answers) use `csv_response` and `xlsx_response`.
"""

import csv
import datetime
from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Any) -> Any:
    """Prefix text that starts like a formula with an apostrophe; leave other values."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


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
