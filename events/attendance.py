"""Reading an online meeting's attendance report (Microsoft Teams, as downloaded): pure.

Teams writes a UTF-16 (sometimes UTF-8) text file with tab- or comma-separated sections:
"1. Summary", "2. Participants" and "3. In-Meeting Activities". The participants table has a
header row with the person's name and e-mail (in the language of the organiser's Teams, e.g.
"Name"/"Email", "Nimi"/"Sähköposti", "Namn"/"E-post"); older reports have only "Full Name".
"""

import csv
import re
from dataclasses import dataclass

NAME_HEADERS = {"name", "full name", "nimi", "koko nimi", "namn", "fullständigt namn"}
EMAIL_HEADERS = {"email", "e-mail", "sähköposti", "e-post", "e-postadress"}
UPN_HEADERS = {
    "participant id (upn)",
    "osallistujan tunnus (upn)",
    "deltagar-id (upn)",
    "upn",
}
SECTION = re.compile(r"^\s*\d+\.\s+\S")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class AttendanceRow:
    name: str
    email: str  # lower case, or "" when the report has none for the person


class AttendanceReportError(ValueError):
    """The file is not an attendance report this reader understands."""


def decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    if len(content) > 1 and content[1:2] == b"\x00":
        return content.decode("utf-16-le")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252")


def _cells(line: str) -> list[str]:
    delimiter = "\t" if "\t" in line else ","
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]


def _column(header: list[str], names: set[str]) -> int | None:
    lowered = [cell.strip().lower() for cell in header]
    return next((index for index, cell in enumerate(lowered) if cell in names), None)


def parse_attendance_report(content: bytes) -> list[AttendanceRow]:
    """The people in the report's participants table, each once, in report order."""
    lines = decode(content).splitlines()
    for start, line in enumerate(lines):
        cells = _cells(line) if line.strip() else []
        name_at = _column(cells, NAME_HEADERS)
        email_at = _column(cells, EMAIL_HEADERS)
        upn_at = _column(cells, UPN_HEADERS)
        if name_at is not None and (
            email_at is not None or upn_at is not None or len(cells) >= 2
        ):
            return _rows(lines[start + 1 :], name_at, email_at, upn_at)
    raise AttendanceReportError("No participants table with a name column was found.")


def _rows(lines, name_at, email_at, upn_at) -> list[AttendanceRow]:
    rows: list[AttendanceRow] = []
    seen: set[tuple[str, str]] = set()
    for line in lines:
        if not line.strip() or SECTION.match(line):
            break
        cells = _cells(line)
        name = cells[name_at] if name_at < len(cells) else ""
        email = ""
        for index in (email_at, upn_at):
            if index is not None and index < len(cells) and EMAIL.match(cells[index]):
                email = cells[index].lower()
                break
        key = (email, "" if email else name.lower())
        if (name or email) and key not in seen:
            seen.add(key)
            rows.append(AttendanceRow(name=name, email=email))
    return rows
