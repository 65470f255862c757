"""Reading the municipality register shipped in network/data/municipalities.csv."""

import csv
from collections.abc import Iterator
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "data" / "municipalities.csv"

LANGUAGE_CODES = {
    "Finnish-speaking": "fi",
    "bilingual Finnish-majority": "fi-sv",
    "bilingual Swedish-majority": "sv-fi",
    "Swedish-speaking": "sv",
}


def read_municipalities(path: Path = CSV_PATH) -> Iterator[dict[str, str | int]]:
    """Yield one dict per CSV row with the Municipality field names and types."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {
                "code": row["code"],
                "name_fi": row["name_fi"],
                "name_sv": row["name_sv"],
                "language": LANGUAGE_CODES[row["language"]],
                "region": row["region_fi"],
                "wellbeing_county": row["wellbeing_county_fi"],
                "employment_area": row["employment_area_fi"],
                "population": int(row["population_2022"]),
                "website_domain": row["domain"].strip().lower(),
            }
