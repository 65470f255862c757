from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from network.models import Municipality, MunicipalityDomain
from network.municipality_data import CSV_PATH, load_municipalities, read_register
from portal.db import analyze


class Command(BaseCommand):
    help = (
        "Create or update the municipalities from network/data/municipalities.csv "
        "(idempotent; keeps the e-mail domains and contact addresses staff added), "
        "then refresh the planner's statistics of the two tables."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=CSV_PATH, help="CSV file to read."
        )

    def handle(self, *args, path: Path, **options):
        with transaction.atomic():
            report = load_municipalities(
                Municipality, MunicipalityDomain, read_register(path)
            )
        analyze(Municipality, MunicipalityDomain)
        self.stdout.write(
            f"Municipalities: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged; {report.domains_added} domains added."
        )
