import datetime

import factory
from wagtail_factories import PageFactory

from letters.models import (
    LetterIndexPage,
    LetterPage,
    MailingList,
    Subscriber,
    Subscription,
)


class MailingListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailingList
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"infokirje-{n}")
    name_fi = factory.Sequence(lambda n: f"KOTO24-infokirje {n}")
    name_sv = factory.Sequence(lambda n: f"KOTO24-infobrev {n}")
    name_en = factory.Sequence(lambda n: f"KOTO24 info letter {n}")


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"tilaaja{n}@example.com")
    language = "fi"


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed subscription (consent through the public form)."""

    class Meta:
        model = Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    mailing_list = factory.SubFactory(MailingListFactory)
    status = Subscription.Status.CONFIRMED
    source = Subscription.Source.FORM
    confirmed_at = datetime.datetime(2026, 1, 15, 8, 0, tzinfo=datetime.UTC)


class LetterIndexPageFactory(PageFactory):
    class Meta:
        model = LetterIndexPage

    title = "Infokirjeet"
    slug = factory.Sequence(lambda n: f"infokirjeet-{n}")


class LetterPageFactory(PageFactory):
    class Meta:
        model = LetterPage

    title = factory.Sequence(lambda n: f"Infokirje {n}")
    slug = factory.Sequence(lambda n: f"infokirje-{n}")
    mailing_list = factory.SubFactory(MailingListFactory)
    preheader = "Ajankohtaista KOTO24-valmistelusta"
