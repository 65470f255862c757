import factory

from asks.models import Request


class RequestFactory(factory.django.DjangoModelFactory):
    """A general question sent by a guest unless told otherwise; move it through the
    services (`asks.services`) to reach other states."""

    class Meta:
        model = Request

    kind = Request.Kind.GENERAL
    subject = factory.Sequence(lambda n: f"Kysymys kotoutumisohjelmasta {n}")
    body = "Miten kotoutumisohjelma hyväksytään valtuustossa?"
    name = "Kysyjä Esimerkki"
    email = factory.Sequence(lambda n: f"kysyja{n}@example.org")
    language = "fi"


def request_by(user, **fields) -> Request:
    """A request of a signed-in person, with the contact details of their profile."""
    profile = getattr(user, "profile", None)
    return RequestFactory(
        requester=user,
        name=user.get_full_name() or user.email,
        email=user.email,
        municipality=profile.municipality if profile else None,
        **fields,
    )
