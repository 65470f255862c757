"""Reading the municipality register shipped in network/data/municipalities.csv."""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "data" / "municipalities.csv"

LANGUAGE_CODES = {
    "Finnish-speaking": "fi",
    "bilingual Finnish-majority": "fi-sv",
    "bilingual Swedish-majority": "sv-fi",
    "Swedish-speaking": "sv",
}


#: The Swedish names of the groupings, added to the register after its first load.
SWEDISH_GROUPING_FIELDS = ("region_sv", "wellbeing_county_sv", "employment_area_sv")


def read_municipalities(path: Path = CSV_PATH) -> Iterator[dict[str, str | int]]:
    """Yield one dict per CSV row with the fields of the first register, by their
    Municipality names and types. Migration 0002 writes these keys to its historical
    model, so a new column goes to its own reader (`read_swedish_grouping_names`)."""
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


def read_swedish_grouping_names(path: Path = CSV_PATH) -> Iterator[dict[str, str]]:
    """Yield the code and the Swedish names of the region, wellbeing services county and
    employment area of each CSV row."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {
                "code": row["code"],
                **{field: row[field].strip() for field in SWEDISH_GROUPING_FIELDS},
            }


def read_register(path: Path = CSV_PATH) -> Iterator[dict[str, str | int]]:
    """Yield one dict per CSV row with every Municipality field the CSV fills."""
    rows = zip(
        read_municipalities(path), read_swedish_grouping_names(path), strict=True
    )
    for row, names in rows:
        yield {**row, **names}


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    domains_added: int = 0


def load_municipalities(
    municipality_model, domain_model, rows: Iterable[dict[str, str | int]]
) -> LoadReport:
    """Create or update the municipalities from CSV rows and add each website domain.

    Idempotent: unchanged rows are not written. Staff's additions (extra e-mail domains,
    the contact address) are never removed or overwritten. Takes the model classes so
    that migrations can pass their historical models.
    """
    report = LoadReport()
    existing = {m.code: m for m in municipality_model.objects.all()}
    known_domains = set(domain_model.objects.values_list("domain", flat=True))
    for row in rows:
        fields = {key: value for key, value in row.items() if key != "code"}
        municipality = existing.get(row["code"])
        if municipality is None:
            municipality = municipality_model.objects.create(code=row["code"], **fields)
            report.created += 1
        elif any(getattr(municipality, key) != value for key, value in fields.items()):
            for key, value in fields.items():
                setattr(municipality, key, value)
            municipality.save(update_fields=list(fields))
            report.updated += 1
        else:
            report.unchanged += 1
        domain = row["website_domain"]
        if domain and domain not in known_domains:
            domain_model.objects.create(municipality=municipality, domain=domain)
            known_domains.add(domain)
            report.domains_added += 1
    return report
