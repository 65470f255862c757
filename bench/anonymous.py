"""Anonymous pages for the whole-page cache's load run: adds a material library (an index
with 40 materials) to the seeded site, picks an upcoming public event whose guest form is
open, then checks through Django's test client that each page is stored by the second GET
at the latest (a page that shows seats tells on its first which seat versions to read) and
answered from the cache with no SQL query on the third.

    DJANGO_SETTINGS_MODULE=portal.settings.production python -m bench.anonymous \
        --targets bench/results/targets.json

Prints one tab-separated line per page (name, path, status, cache, queries of the cached
response) and writes the paths to the targets as `anonymous`. Exits non-zero when a page is
not served from the cache or runs a query there.
"""

import argparse
import json
import os
import sys
from pathlib import Path

PAGES = 40


def seed_library():
    from django.utils import timezone

    from wagtail.models import Locale

    from materials.models import MaterialIndexPage, MaterialPage
    from portal.models import HomePage

    home = HomePage.objects.get(locale=Locale.objects.get(language_code="fi"))
    index = MaterialIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=MaterialIndexPage(
                title="Materiaalit",
                slug="materiaalit",
                intro="Oppaat, sopimusmallit ja esitykset KOTO24- ja TE24-valmisteluun.",
            )
        )
        for number in range(1, PAGES + 1):
            index.add_child(
                instance=MaterialPage(
                    title=f"Valmisteluopas {number}",
                    slug=f"valmisteluopas-{number}",
                    material_type=MaterialPage.MaterialType.GUIDE,
                    summary="Opas kunnan valmistelijoille kotoutumisohjelman laatimiseen.",
                    published_on=timezone.localdate(),
                )
            )
    return index


def public_event_url() -> str:
    from django.utils import timezone

    from events.models import EventPage
    from portal.access import Audience

    now = timezone.now()
    events = EventPage.objects.live().filter(
        audience=Audience.PUBLIC, starts_at__gt=now, is_cancelled=False
    )
    for event in events.order_by("starts_at")[:200]:
        if event.is_registration_open(now):
            return event.url
    raise SystemExit("bench.anonymous: no public event with an open guest form")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--targets", type=Path, default=Path("bench/results/targets.json")
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    targets = json.loads(args.targets.read_text())
    library = seed_library()
    pages = {
        "home": "/fi/",
        "event_index": targets["index_url"],
        "public_event": public_event_url(),
        "material_library": library.url,
    }
    client = Client(HTTP_HOST="127.0.0.1")
    failed = False
    sys.stdout.write("page\tpath\tstatus\tcache\tqueries\n")
    for name, path in pages.items():
        for _ in range(2):
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        cache = response.get("X-Page-Cache", "-")
        queries = len(captured.captured_queries)
        sys.stdout.write(
            f"{name}\t{path}\t{response.status_code}\t{cache}\t{queries}\n"
        )
        failed |= response.status_code != 200 or cache != "hit" or queries != 0
    targets["anonymous"] = pages
    args.targets.write_text(json.dumps(targets, indent=2))
    if failed:
        sys.exit("bench.anonymous: a page was not answered from the cache without SQL")


if __name__ == "__main__":
    main()
