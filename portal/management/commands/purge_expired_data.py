"""Delete or anonymise the personal data whose retention period has passed: run it daily
from cron. Safe to run repeatedly: what is gone is not counted again."""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal import retention

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Delete or anonymise what the privacy statement promises to remove, on the "
        "periods the PORTAL_RETENTION_* settings give. --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be removed, per kind, and remove nothing.",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        dry_run = options["dry_run"]
        steps = retention.steps()
        width = max((len(step.key) for step in steps), default=0)
        verb = "Would remove" if dry_run else "Removed"
        failed = []
        total = 0
        for step in steps:
            try:
                count = step.count(now) if dry_run else step.purge(now)
            except Exception:  # one failing kind must not stop the rest (it is logged)
                logger.exception("Purging %s failed", step.key)
                failed.append(step.key)
                continue
            total += count
            self.stdout.write(
                f"{verb} {count:>6}  {step.key:<{width}}  {retention.describe(step)}"
            )
        self.stdout.write(f"{verb} {total} in all{' (dry run)' if dry_run else ''}.")
        if failed:
            raise CommandError(f"Purging failed for: {', '.join(failed)}.")
