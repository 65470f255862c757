"""The explorer of an event index (`events.explorer.EventPageViewSet`, Wagtail's
`PageViewSet` for event pages): each event's start, 20 rows a page, Wagtail's own actions
and permissions; other explorers stay Wagtail's generic one."""

import datetime
import zoneinfo

from events.explorer import EventPageViewSet
from portal.page_listing import EXPLORER_PER_PAGE
from tests.factories.events import EventPageFactory, bulk_event_pages, in_days

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def test_an_event_index_is_explored_with_the_events_viewset(event_index):
    from django.urls import resolve

    from wagtail.admin.viewsets.pages import page_viewset_registry

    resolve("/admin/")  # the admin's URLs register the viewsets
    viewset = page_viewset_registry.get_by_parent_page_id(event_index.pk)

    assert isinstance(viewset, EventPageViewSet)
    assert not isinstance(
        page_viewset_registry.get_by_parent_page_id(event_index.get_parent().pk),
        EventPageViewSet,
    )


def test_event_explorer_shows_each_start_in_finnish_time_and_the_actions(
    admin_client, event_index
):
    starts = datetime.datetime(2027, 2, 3, 7, 30, tzinfo=datetime.UTC)
    event = EventPageFactory(
        parent=event_index,
        title="KOTO24 <verkosto>",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )

    response = admin_client.get(f"/admin/pages/{event_index.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Alkaa" in html or "Starts" in html
    assert starts.astimezone(HELSINKI).strftime("%-d.%-m.%Y") in html
    assert "9.30" in html  # 7.30 UTC is 9.30 in Helsinki in winter
    assert "KOTO24 &lt;verkosto&gt;" in html
    for action in ("edit", "move", "copy", "delete", "unpublish", "history"):
        assert f"/admin/pages/{event.pk}/{action}/" in html


def test_event_explorer_pages_by_twenty(admin_client, event_index):
    bulk_event_pages(event_index, EXPLORER_PER_PAGE + 3)

    first = admin_client.get(f"/admin/pages/{event_index.pk}/")
    second = admin_client.get(f"/admin/pages/{event_index.pk}/", {"p": 2})

    assert len(first.context["object_list"]) == EXPLORER_PER_PAGE == 20
    assert len(second.context["object_list"]) == 3


def test_event_explorer_sorts_by_start(admin_client, event_index):
    late = EventPageFactory(parent=event_index, title="Myöhäinen", starts_at=in_days(9))
    early = EventPageFactory(parent=event_index, title="Aikainen", starts_at=in_days(2))

    response = admin_client.get(
        f"/admin/pages/{event_index.pk}/", {"ordering": "starts_at"}
    )

    assert [page.pk for page in response.context["object_list"]] == [early.pk, late.pk]


def test_event_explorer_is_refused_without_page_permissions(
    client, member_user, event_index
):
    client.force_login(member_user)

    response = client.get(f"/admin/pages/{event_index.pk}/")

    assert response.status_code in (302, 403)
