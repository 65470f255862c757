"""Load the demo content: the portal's own, then each feature app's, then the demo admin."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from portal import demo

# Dependency order: network first, the apps that build on it after.
APP_DEMO_MODULES = [
    "network.demo",
    "network.demo_roles",
    "events.demo",
    "materials.demo",
    "forums.demo",
    "surveys.demo",
]


class Command(BaseCommand):
    help = (
        "Create demo content in Finnish and Swedish and a demo admin account. "
        "Safe to run again: existing content is left as it is."
    )

    def handle(self, *args, **options):
        log = self.stdout.write
        with transaction.atomic():
            demo.seed(log=log)
        for name in APP_DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                log(f"Skipped {name}: the module does not exist yet.")
                continue
            with transaction.atomic():
                module.seed(log=log)
        with transaction.atomic():
            demo.ensure_demo_admin(log=log)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo admin: "
                f"{demo.DEMO_ADMIN_EMAIL} / {demo.DEMO_ADMIN_PASSWORD} "
                "(log in at /fi/accounts/login/, admin at /admin/)"
            )
        )
