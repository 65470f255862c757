"""My account runs at most 15 queries, the same number whatever a member has in its
sections (#22): registrations upcoming and past (one waitlisted, one for an event with a
Swedish translation), the calendar address, requests of their own and assigned to them
as an expert, a shared practice, forum subscriptions, letters with themes and survey
answers."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from asks import services as asks_services
from events import services as event_services
from events.models import EventPage, Registration
from forums import services as forum_services
from letters.models import Subscription
from materials import services as practice_services
from portal.models import Theme
from surveys.models import SurveyResponse
from tests.factories.asks import request_by
from tests.factories.events import EventPageFactory, in_days
from tests.factories.forums import CategoryFactory, bulk_topics
from tests.factories.letters import MailingListFactory, SubscriberFactory
from tests.factories.materials import ExpertFactory, share_practice
from tests.factories.network import add_email, municipality
from tests.factories.surveys import SurveyPageFactory, survey_index

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ACCOUNT_URL = "/fi/network/account/"
#: The page's budget (bench/queries.py's `QUERY_BUDGET`).
ACCOUNT_QUERIES = 15


def account_queries(client) -> list[str]:
    """The statements of My account after a first request filled the caches."""
    assert client.get(ACCOUNT_URL).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(ACCOUNT_URL)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


class Account:
    """Puts `count` more items in each section of a person's My account."""

    def __init__(self, *, user, other, home_page, event_index):
        self.user = user
        self.other = other  # asks the office, and starts the topics followed
        self.event_index = event_index
        self.surveys = survey_index(home_page)
        # An expert of the directory at one of the person's confirmed addresses.
        self.expert = ExpertFactory(email=f"asiantuntija-{user.pk}@muutostuki.example")
        add_email(user, f"Asiantuntija-{user.pk}@muutostuki.example")
        self.subscriber = SubscriberFactory(email=user.email, user=user)
        self.added = 0
        event_services.issue_calendar_token(user=user)

    def add(self, count: int) -> None:
        for _ in range(count):
            self.added += 1
            n = self.added
            self._registrations(n)
            self._requests(n)
            share_practice(user=self.user, title=f"Käytäntö {n}")
            self._forums(n)
            self._letters(n)
            self._survey_answer(n)

    def _registrations(self, n: int) -> None:
        upcoming = EventPageFactory(parent=self.event_index, starts_at=in_days(n + 3))
        event_services.register_for_event(event=upcoming, user=self.user, answers={})
        full = EventPageFactory(
            parent=self.event_index,
            starts_at=in_days(n + 30),
            capacity=1,
            has_waitlist=True,
        )
        Registration.objects.create(
            event=full, name="Toinen", email=f"toinen{n}@example.com"
        )
        event_services.recount_seats(event_ids=[full.pk])
        full = EventPage.objects.get(pk=full.pk)
        event_services.register_for_event(event=full, user=self.user, answers={})
        past = EventPageFactory(parent=self.event_index, starts_at=in_days(-n - 3))
        Registration.objects.create(
            event=past,
            user=self.user,
            name="Aino",
            email=self.user.email,
            status=Registration.Status.CONFIRMED,
        )

    def _requests(self, n: int) -> None:
        request_by(self.user, subject=f"Oma kysymys {n}")
        assigned = request_by(self.other, subject=f"Asiantuntijalle {n}")
        asks_services.assign_request(
            request=assigned, by=self.other, expert=self.expert
        )

    def _forums(self, n: int) -> None:
        category = CategoryFactory(
            name_fi=f"Alue {self.user.pk}-{n}", slug=f"alue-{self.user.pk}-{n}"
        )
        forum_services.subscribe_to_category(user=self.user, category=category)
        (topic,) = bulk_topics(category=category, author=self.other, count=1)
        forum_services.subscribe_to_topic(user=self.user, topic=topic)

    def _letters(self, n: int) -> None:
        mailing_list = MailingListFactory(slug=f"kirje-{n}", name_fi=f"Kirje {n}")
        Subscription.objects.create(
            subscriber=self.subscriber,
            mailing_list=mailing_list,
            status=Subscription.Status.CONFIRMED,
            source=Subscription.Source.ACCOUNT,
            confirmed_at=timezone.now(),
        )
        theme = Theme.objects.order_by("pk")[(n - 1) % Theme.objects.count()]
        self.subscriber.themes.add(theme)

    def _survey_answer(self, n: int) -> None:
        survey = SurveyPageFactory(parent=self.surveys, title=f"Kysely {n}")
        SurveyResponse.objects.create(
            survey=survey,
            respondent_key=f"user:{self.user.pk}:{n}",
            municipality=municipality("091"),
            user=self.user,
            answers={"resources": "2"},
            updated_at=timezone.now() - datetime.timedelta(minutes=100 - n),
        )


@pytest.fixture
def sharing(monkeypatch, material_index):
    monkeypatch.setattr(practice_services, "SHARES_PER_HOUR", 1000)


@pytest.fixture
def make_account(sharing, home_pages, event_index, staff_user, member_user):
    def make(user) -> Account:
        other = member_user if user == staff_user else staff_user
        return Account(
            user=user, other=other, home_page=home_pages["fi"], event_index=event_index
        )

    return make


def test_my_account_costs_at_most_15_queries_whatever_a_member_has(
    client, make_account, member_user
):
    account = make_account(member_user)
    client.force_login(member_user)
    account.add(1)
    one = account_queries(client)
    content = client.get(ACCOUNT_URL).content.decode()
    for shown in ("Oma kysymys 1", "Asiantuntijalle 1", "Käytäntö 1", "Aihe 0"):
        assert shown in content
    for shown in ("Kirje 1", "Kysely 1", "Alue"):
        assert shown in content

    account.add(24)
    many = account_queries(client)

    assert len(one) <= ACCOUNT_QUERIES, "\n".join(one)
    assert len(many) == len(one), "\n".join(many)
    content = client.get(ACCOUNT_URL).content.decode()
    for shown in ("Oma kysymys 25", "Asiantuntijalle 25", "Kirje 25", "Kysely 25"):
        assert shown in content


def test_my_account_costs_at_most_15_queries_for_staff(
    client, make_account, staff_user
):
    """The office's staff (with Wagtail's user bar) with something in every section."""
    account = make_account(staff_user)
    client.force_login(staff_user)
    account.add(1)
    one = account_queries(client)
    account.add(5)
    many = account_queries(client)

    assert len(one) <= ACCOUNT_QUERIES, "\n".join(one)
    assert len(many) == len(one), "\n".join(many)
