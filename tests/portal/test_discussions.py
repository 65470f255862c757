"""The registry of page discussions: pages ask it, whichever app hosts discussions."""

import pytest

from portal import discussions
from portal.access import Audience


class FakeHost:
    def __init__(self):
        self.opened = {}

    def open_for_page(self, *, page_id, title, body, theme_ids, starter):
        self.opened[page_id] = discussions.Discussion(
            url=f"/d/{page_id}/", title=title, reply_count=0
        )
        return self.opened[page_id]

    def for_page(self, *, page_id):
        return self.opened.get(page_id)


@pytest.fixture
def host(monkeypatch):
    monkeypatch.setattr(discussions, "_providers", {})
    fake = FakeHost()
    discussions.register("fake", fake)
    return fake


def test_without_a_host_pages_have_no_discussion(monkeypatch):
    monkeypatch.setattr(discussions, "_providers", {})
    assert (
        discussions.open_discussion(
            page_id=1, title="T", body="B", theme_ids=[], starter=None
        )
        is None
    )
    assert discussions.discussion_for(page_id=1) is None


def test_a_registered_host_opens_and_finds_the_discussion(host):
    opened = discussions.open_discussion(
        page_id=7, title="Käytäntö", body="Kysy", theme_ids=[1], starter=None
    )
    assert opened.url == "/d/7/"
    assert opened.audience == Audience.MEMBERS
    assert discussions.discussion_for(page_id=7) == opened
    assert discussions.discussion_for(page_id=8) is None
