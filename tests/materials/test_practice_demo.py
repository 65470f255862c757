"""The demo's shared practices: through the services, in every review state, idempotent."""

from collections import Counter
from io import StringIO

import pytest

from forums.demo import category_themes as demo_category_themes
from forums.demo import loader as forums_demo
from forums.models import Topic
from materials.demo import loader as materials_demo
from materials.demo import practices as demo_practices
from materials.models import PracticePage, PracticeSubmission
from network.demo import loader as network_demo
from portal.access import Audience

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_practices_cover_every_state_and_a_second_run_changes_nothing(
    home_pages, django_capture_on_commit_callbacks
):
    quiet = lambda line: None  # noqa: E731
    with django_capture_on_commit_callbacks(execute=True):
        network_demo.seed(log=quiet)
        materials_demo.seed(log=quiet)
        forums_demo.seed(log=quiet)
        demo_category_themes.seed(log=quiet)
        demo_practices.seed(log=quiet)

    submissions = PracticeSubmission.objects.select_related("page")
    assert submissions.count() == len(demo_practices.load()["practices"]) == 12
    states = Counter(
        (s.status, s.page.live) for s in submissions
    )  # an update in review: in review and live
    assert states == {
        ("published", True): 6,
        ("in_review", True): 1,
        ("in_review", False): 2,
        ("changes_requested", False): 2,
        ("declined", False): 1,
    }
    pages = PracticePage.objects.all()
    assert {page.locale.language_code for page in pages} == {"fi", "sv"}
    assert pages.filter(audience=Audience.MEMBERS).exists()
    sizes = {page.municipality.size_class for page in pages}
    assert len(sizes) >= 4
    assert pages.filter(municipalities__code="707").exists()  # a joint practice
    assert Topic.objects.filter(page__isnull=False).count() == 7  # one per published
    assert Topic.objects.get(
        page__title__startswith="Pohjois-Karjalan"
    ).category.slug == ("te24-tyollisyysalueet")

    again = StringIO()
    demo_practices.seed(log=again.write)
    demo_category_themes.seed(log=again.write)
    assert PracticeSubmission.objects.count() == 12
    assert again.getvalue() == (
        "Practices: nothing to add.Forums: category themes: nothing to add."
    )


def test_every_demo_file_is_accepted_by_content():
    for name in {
        file for spec in demo_practices.load()["practices"] for file in spec["files"]
    }:
        _upload, file_type = demo_practices.uploads([name])[0]
        assert name.endswith(file_type.extension), name
