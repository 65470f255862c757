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


def register(user, event):
    """Register a signed-in person for an event through the events' service."""
    from events import services as event_services

    return event_services.register_for_event(event=event, user=user, answers={})


def question_by(user, event, body: str = "Miten sopimus hyväksytään?", **fields):
    """A question in advance of a registered person, sent through the service."""
    from asks import services

    return services.ask_question(
        event=event, user=user, body=body, shows_name=fields.pop("shows_name", False)
    )


def many_questions(event, count: int, *, voter=None) -> list:
    """`count` questions of the event written directly (as if sent by people since
    deleted), each with a vote of `voter` when given."""
    from asks.models import Question, QuestionVote

    questions = Question.objects.bulk_create(
        Question(event=event, body=f"Kysymys {n}", body_html=f"<p>Kysymys {n}</p>")
        for n in range(count)
    )
    if voter is not None:
        QuestionVote.objects.bulk_create(
            QuestionVote(question=question, user=voter) for question in questions
        )
    return questions
