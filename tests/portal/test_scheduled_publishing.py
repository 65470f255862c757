"""Pages scheduled for publishing go live when cron runs Wagtail's `publish_scheduled`."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

import pytest

from portal.models import StandardPage
from tests.factories.portal import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_a_page_scheduled_for_the_past_is_published_by_the_cron_command(
    client, home_page
):
    page = StandardPageFactory(
        parent=home_page, title="Ajastettu", slug="ajastettu", live=False
    )
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    assert client.get("/fi/ajastettu/").status_code == 404
    # An hour passes: the time the editor chose is now in the past.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])

    call_command("publish_scheduled", stdout=io.StringIO())

    page = StandardPage.objects.get(pk=page.pk)
    assert page.live
    assert page.live_revision_id == revision.pk
    assert client.get("/fi/ajastettu/").status_code == 200
    call_command("publish_scheduled", stdout=io.StringIO())
    assert StandardPage.objects.get(pk=page.pk).live_revision_id == revision.pk


def test_a_page_scheduled_for_later_stays_unpublished(home_page):
    page = StandardPageFactory(parent=home_page, slug="myohemmin", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    page.save_revision().publish()

    call_command("publish_scheduled", stdout=io.StringIO())

    assert not StandardPage.objects.get(pk=page.pk).live
