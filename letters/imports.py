"""Reading a list of subscribers that staff import: CSV with the columns address, name,
organisation, municipality and language (a header row names them; `email` or `address`
for the address). Pure functions, no database."""

import csv
import dataclasses
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

ADDRESS_COLUMNS = ("address", "email", "e-mail", "sähköposti")
LANGUAGES = {code for code, _name in settings.LANGUAGES}


@dataclasses.dataclass
class ImportRow:
    email: str
    name: str = ""
    organisation: str = ""
    municipality: str = ""
    language: str = "fi"


@dataclasses.dataclass
class ParsedImport:
    rows: list[ImportRow]
    invalid: list[tuple[int, str]]  # (line number, what was given)
    duplicates: int


def parse_subscriber_csv(text: str) -> ParsedImport:
    """The valid rows, one per address (a repeated address is merged into its first row,
    filling its empty fields), and the lines whose address is not valid."""
    text = text.lstrip("\ufeff")
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    fields = {name.strip().lower(): name for name in reader.fieldnames or []}
    address_column = next((fields[c] for c in ADDRESS_COLUMNS if c in fields), None)
    rows: dict[str, ImportRow] = {}
    invalid: list[tuple[int, str]] = []
    duplicates = 0
    for line, record in enumerate(reader, start=2):

        def value(column: str, record=record) -> str:
            key = fields.get(column)
            return (record.get(key) or "").strip() if key else ""

        raw = (record.get(address_column) or "").strip() if address_column else ""
        email = raw.lower()
        try:
            validate_email(email)
        except ValidationError:
            invalid.append((line, raw))
            continue
        language = value("language").lower()[:2]
        row = ImportRow(
            email=email,
            name=value("name"),
            organisation=value("organisation"),
            municipality=value("municipality"),
            language=language if language in LANGUAGES else "fi",
        )
        if email in rows:
            duplicates += 1
            first = rows[email]
            for name in ("name", "organisation", "municipality"):
                if not getattr(first, name):
                    setattr(first, name, getattr(row, name))
            continue
        rows[email] = row
    return ParsedImport(
        rows=list(rows.values()), invalid=invalid, duplicates=duplicates
    )
