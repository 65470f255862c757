from django.core.management.base import BaseCommand, CommandError

from events.services import find_seat_count_mismatches, recount_seats


class Command(BaseCommand):
    help = (
        "Compare every event's seat counters (confirmed, pending, waitlisted) with a fresh "
        "count of its registrations. Fails when they differ, unless --repair sets them "
        "to the count."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Set the counters that differ to the count of the registrations.",
        )

    def handle(self, *args, repair: bool, **options):
        mismatches = find_seat_count_mismatches()
        for mismatch in mismatches:
            self.stdout.write(
                f"Event {mismatch.event_id}: {mismatch.field} is {mismatch.stored}, "
                f"its registrations count {mismatch.counted}."
            )
        if not mismatches:
            self.stdout.write("The seat counters agree with the registrations.")
            return
        if not repair:
            raise CommandError(
                f"{len(mismatches)} seat counter(s) differ; run with --repair."
            )
        changed = recount_seats(event_ids={m.event_id for m in mismatches})
        self.stdout.write(f"Recounted the seats of {changed} event(s).")
