"""Time queueing an info letter to many recipients, and its memory.

    PORTAL_TASK_BACKEND=database DATABASE_URL=postgres://… python -m bench.letters 2000 10000

Needs a migrated database. For each size it adds a mailing list with that many confirmed
subscribers (bulk insert, half Finnish, a quarter each Swedish and English), a letter in
Finnish under an archive (created when missing), freezes its renderings and runs
`letters.services.queue_deliveries` as the sending task does: one stored mail, one
delivery and (with the database task backend) one sending task row per recipient, in
chunks. It runs each size twice: once timed, once under tracemalloc for the peak of
Python memory. Prints one tab-separated line per size: recipients, mails queued, seconds,
mails per second, peak MiB. Leaves the rows in place.
"""

import argparse
import os
import sys
import time
import tracemalloc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    # Development settings log every query in DEBUG, which would be the memory measured.
    settings.DEBUG = False

    from letters import services
    from letters.models import (
        LetterIndexPage,
        LetterPage,
        MailingList,
        Subscriber,
        Subscription,
    )
    from portal.models import HomePage

    home = HomePage.objects.get(locale__language_code="fi")
    archive = LetterIndexPage.objects.filter(locale=home.locale).first()
    if archive is None:
        archive = home.add_child(
            instance=LetterIndexPage(title="Infokirjeet", slug="infokirjeet")
        )
    out = sys.stdout
    out.write("recipients\tqueued\tseconds\tmails_per_s\tpeak_mib\n")
    for size in args.sizes:
        results = []
        for traced in (False, True):
            run = time.time_ns()
            mailing_list = MailingList.objects.create(
                slug=f"bench-{run}", name_fi=f"Bench {run}", name_sv=f"Bench {run}"
            )
            subscribers = Subscriber.objects.bulk_create(
                Subscriber(
                    email=f"bench-{run}-{n}@example.com",
                    language=("fi", "fi", "sv", "en")[n % 4],
                    token=f"bench-{run}-{n}",
                )
                for n in range(size)
            )
            now = timezone.now()
            Subscription.objects.bulk_create(
                Subscription(
                    subscriber=subscriber,
                    mailing_list=mailing_list,
                    status=Subscription.Status.CONFIRMED,
                    source=Subscription.Source.IMPORT,
                    confirmed_at=now,
                )
                for subscriber in subscribers
            )
            letter = archive.add_child(
                instance=LetterPage(
                    title=f"Bench letter {run}",
                    slug=f"bench-{run}",
                    mailing_list=mailing_list,
                    body=[
                        {"type": "paragraph", "value": "<p>Hyvä vastaanottaja.</p>"},
                        {
                            "type": "upcoming_events",
                            "value": {"heading": "Tulossa", "count": 5},
                        },
                    ],
                )
            )
            letter.save_revision().publish()
            services.freeze_renderings(letter, now=now)
            LetterPage.objects.filter(pk=letter.pk).update(
                send_status=LetterPage.SendStatus.SENDING, sent_at=now
            )
            if traced:
                tracemalloc.start()
            started = time.perf_counter()
            queued = services.queue_deliveries(letter=letter, now=now)
            seconds = time.perf_counter() - started
            peak = 0.0
            if traced:
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            results.append((queued, seconds, peak))
        (queued, seconds, _), (_, _, peak) = results
        out.write(
            f"{size}\t{queued}\t{seconds:.1f}\t{queued / seconds:.0f}\t{peak:.1f}\n"
        )


if __name__ == "__main__":
    main()
