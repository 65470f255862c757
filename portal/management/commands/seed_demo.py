"""Load the demo content: every app's registered loader in order, then the demo admin."""

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import loader, registry
from portal.emails import mail_suppressed


class Command(BaseCommand):
    help = (
        "Create demo content in Finnish, Swedish and English and a demo admin account, "
        "sending no mail. Safe to run again: existing content is left as it is."
    )

    def handle(self, *args, **options):
        log = self.stdout.write
        # The services would mail every registration, approval and mention.
        with mail_suppressed():
            created = registry.run_loaders(registry.registered_loaders(), log=log)
            with transaction.atomic():
                admin = loader.ensure_demo_admin(log=log)
        if not created:
            log("Demo: nothing to add, the demo content is complete.")
        password = loader.accounts()["password"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo admin: {admin.email} / {password} "
                "(log in at /fi/accounts/login/, admin at /admin/)"
            )
        )
