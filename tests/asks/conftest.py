import pytest

from portal.models import OutgoingEmail


class Outbox:
    """The mails the portal stored to send (they go after the commit, which tests of
    services never reach), oldest first."""

    def all(self) -> list[OutgoingEmail]:
        return list(OutgoingEmail.objects.filter(kind="requests").order_by("pk"))

    def last(self) -> OutgoingEmail:
        return self.all()[-1]

    def clear(self) -> None:
        OutgoingEmail.objects.filter(kind="requests").delete()


@pytest.fixture
def outbox(db) -> Outbox:
    return Outbox()


@pytest.fixture
def themes(db):
    from portal.models import Theme

    return {theme.slug: theme for theme in Theme.objects.all()}
