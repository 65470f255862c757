"""The requests demo from `requests.yaml`: requests to the office in every state, each
sent and moved through the services the portal uses, at Finnish working days back from
today. A request is found again by its requester's address and subject, so a second run
creates and changes nothing."""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from asks import services
from asks.models import Question, Request
from materials.models import Expert
from portal.demo.calendar import working_day
from portal.demo.data import read_yaml
from portal.demo.registry import Log
from portal.models import Theme

DATA = Path(__file__).parent / "requests.yaml"

STEPS = {
    "assign": lambda request, by, step: services.assign_request(
        request=request,
        by=by,
        user=by,
        expert=Expert.objects.get(slug=step["expert"]) if "expert" in step else None,
        now=step["now"],
    ),
    "ask": lambda request, by, step: services.ask_requester(
        request=request, by=by, body=step["body"], now=step["now"]
    ),
    "answer": lambda request, by, step: services.answer_request(
        request=request, by=by, body=step["body"], now=step["now"]
    ),
    "accept": lambda request, by, step: services.accept_request(
        request=request, by=by, body=step.get("body", ""), now=step["now"]
    ),
    "decline": lambda request, by, step: services.decline_request(
        request=request, by=by, reason=step["reason"], now=step["now"]
    ),
    "close": lambda request, by, step: services.close_request(
        request=request, by=by, now=step["now"]
    ),
    "withdraw": lambda request, by, step: services.withdraw_request(
        request=request, by=request.requester, now=step["now"]
    ),
}


def moment(days_ago: int, *, today: datetime.date, hour: int) -> datetime.datetime:
    day = working_day(today, -days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def details(raw: dict, *, today: datetime.date) -> dict:
    """The kind's answers, an event's date from working days ahead."""
    values = dict(raw)
    if isinstance(values.get("event_date"), dict):
        days = int(values["event_date"]["working_days"])
        values["event_date"] = working_day(today, days).isoformat()
    return values


def seed(*, log: Log) -> int:
    today = timezone.localdate()
    users = get_user_model().objects.select_related("profile")
    created = 0
    for item in read_yaml(DATA)["requests"]:
        guest = item.get("guest")
        email = guest["email"] if guest else item["requester"]
        if Request.objects.filter(email=email, subject=item["subject"]).exists():
            continue
        user = None if guest else users.get(email=item["requester"])
        contact = services.Contact(**guest) if guest else services.profile_contact(user)
        request = services.submit_request(
            kind=item["kind"],
            content=services.RequestContent(
                subject=item["subject"],
                body=item["body"],
                reform=item.get("reform", ""),
                theme=Theme.objects.filter(slug=item.get("theme")).first(),
                wished_expert=Expert.objects.filter(
                    slug=item.get("wished_expert")
                ).first(),
                may_publish=bool(item.get("may_publish")),
                details=details(item.get("details", {}), today=today),
            ),
            contact=contact,
            user=user,
            language=item["language"],
            client_key="demo",
            now=moment(item["sent_days_ago"], today=today, hour=9),
        )
        for step in item["steps"]:
            by = users.get(email=step["by"]) if "by" in step else None
            step = {**step, "now": moment(step["days_ago"], today=today, hour=13)}
            request = STEPS[step["action"]](request, by, step)
        log(f"Request: {request.subject} ({request.get_state_display()})")
        created += 1
    return created


QUESTIONS = Path(__file__).parent / "questions.yaml"


def seed_questions(*, log: Log) -> int:
    """The questions of `questions.yaml`: asked and voted for before each event,
    answered at it and published after it, at the event's own times. A question is
    found again by its event and text, so a second run creates and changes nothing."""
    from events.models import EventPage, Registration

    users = get_user_model().objects
    created = 0
    for spec in read_yaml(QUESTIONS)["events"]:
        event = EventPage.objects.filter(slug=spec["event"]).order_by("pk").first()
        if event is None:
            continue
        registrants = [
            registration.user
            for registration in Registration.objects.filter(
                event=event, user__isnull=False
            )
            .active()
            .select_related("user")
            .order_by("created_at", "pk")
        ]
        staff = users.get(email=spec["staff"]) if "staff" in spec else None
        before = event.starts_at - datetime.timedelta(days=2)
        during = event.starts_at + datetime.timedelta(minutes=30)
        made = []
        for item in spec["questions"]:
            asker = registrants[item["asker"]]
            question = Question.objects.filter(event=event, body=item["body"]).first()
            if question is not None:
                made.append(question)
                continue
            question = services.ask_question(
                event=event,
                user=asker,
                body=item["body"],
                shows_name=bool(item.get("shows_name")),
                now=before,
            )
            others = [user for user in registrants if user.pk != asker.pk]
            for voter in others[: item.get("votes", 0)]:
                services.vote_for_question(question=question, user=voter, now=before)
            if "answer" in item:
                question = services.answer_question(
                    question=question, by=staff, answer=item["answer"], now=during
                )
            if "merge_into" in item:
                question = services.merge_question(
                    question=question,
                    into=made[item["merge_into"]],
                    by=staff,
                    now=during,
                )
            made.append(question)
            log(f"Question in advance: {event.title}: {question.get_status_display()}")
            created += 1
        settings = services.question_settings(event)
        if spec.get("publish") and not settings.are_answers_published:
            services.publish_answers(
                event=event, by=staff, now=event.ends_at + datetime.timedelta(hours=2)
            )
    return created
