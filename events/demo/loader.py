"""The events demo (`events.yaml` beside this module): the event index in Finnish,
Swedish and English (each lists every event), series, and about fifteen events of the
change-support office on Finnish working days, past and upcoming relative to today; one
of them also in Swedish, a translation that shares the Finnish page's registrations.

Registrations are made through `services.register_for_event` by the network's demo members
(and a few guests), so seats, waitlists and municipality limits are what production would
have. Events are looked up by slug under their index and existing ones are left alone: a
second run creates and changes nothing.

The office's own speakers are the experts the materials demo makes from the office's people
before this demo runs; they are found through the model the speakers block stores, so that
events does not import materials. Guests are named in free text.
"""

import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.db import models
from django.utils import timezone

from events import services
from events.exceptions import RegistrationError
from events.models import EventIndexPage, EventPage, EventSeries
from network.models import MemberProfile
from portal.access import Audience
from portal.demo.calendar import demo_time, working_day
from portal.demo.data import markdown_html, read_yaml
from portal.demo.pages import ensure_page, ensure_translation
from portal.demo.registry import CountingLog, Log
from portal.models import HomePage, Theme, User

DATA_DIR = Path(__file__).resolve().parent


@cache
def data() -> dict[str, Any]:
    """The contents of `events.yaml`."""
    return read_yaml(DATA_DIR / "events.yaml")


def expert_model() -> type[models.Model]:
    """The experts' model, as the speakers block names it (`materials.Expert`)."""
    speakers = EventPage._meta.get_field("speakers").stream_block
    return speakers.child_blocks["expert"].target_model


def seed(*, log: Log) -> int:
    """Create the demo events that do not exist yet, with their registrations; how many
    things were created."""
    spec = data()
    today = timezone.localdate()
    counted = CountingLog(log)
    indexes = {
        language: _index(language, fields, log=counted)
        for language, fields in spec["indexes"].items()
    }
    series, new_series = {}, 0
    for item in spec["series"]:
        series[item["slug"]], created = _series(item)
        new_series += created
    members = _members()
    staff = User.objects.filter(email=spec["approved_by"]).first()
    for event_spec in spec["events"]:
        index = indexes[event_spec["language"]]
        existing = EventPage.objects.child_of(index).filter(slug=event_spec["slug"])
        if existing.exists():
            _translate(event_spec, event=existing.get(), log=counted)
            continue
        event = _event(event_spec, index=index, series=series, today=today)
        count = _register(event_spec, event=event, members=members, staff=staff)
        if "cancelled_because" in event_spec:
            event.is_cancelled = True
            event.cancellation_reason = event_spec["cancelled_because"]
            event.save_revision().publish()
        counted(f"Events: created “{event.title}” with {count} registration(s).")
        _translate(event_spec, event=event, log=counted)
    if not counted.count:
        log("Events: nothing to add.")
    return counted.count + new_series


def _index(language: str, fields: dict[str, Any], *, log: Log) -> EventIndexPage:
    home = HomePage.objects.get(locale__language_code=language)
    existing = EventIndexPage.objects.child_of(home).first()
    if existing is not None:
        return existing
    source = EventIndexPage.objects.filter(locale__language_code="fi").first()
    if language != "fi" and source is not None:
        return ensure_translation(source, home.locale, log=log, **fields)
    return ensure_page(
        parent=home, page=EventIndexPage(**fields, show_in_menus=True), log=log
    )


def _translate(spec: dict[str, Any], *, event: EventPage, log: Log) -> None:
    """The event's translations that do not exist yet (Wagtail's "Translate": the same
    event, sharing its registrations), with their texts."""
    for language, texts in spec.get("translations", {}).items():
        locale = HomePage.objects.get(locale__language_code=language).locale
        if event.get_translation_or_none(locale) is not None:
            continue
        ensure_translation(
            event,
            locale,
            log=log,
            title=texts["title"],
            intro=texts["intro"],
            description=markdown_html(texts["description"]),
        )


def _series(item: dict[str, Any]) -> tuple[EventSeries, bool]:
    return EventSeries.objects.get_or_create(
        slug=item["slug"],
        defaults={
            f"name_{language}": item["name"].get(language, "")
            for language in ("fi", "sv", "en")
        },
    )


def _members() -> dict[str, list[User]]:
    """Verified demo members in a stable order, by the event's language; for Swedish
    events Swedish speakers first."""
    users = [
        profile.user
        for profile in MemberProfile.objects.verified()
        .select_related("user")
        .order_by("user__email")
    ]
    swedish = [user for user in users if user.preferred_language == "sv"]
    return {
        "fi": users,
        "sv": swedish + [u for u in users if u not in swedish],
        "en": users,
    }


def _speakers(spec: dict[str, Any]) -> list[tuple[str, Any]]:
    """The office's experts by slug, then the guests."""
    slugs = spec.get("experts", [])
    experts = {e.slug: e for e in expert_model().objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in experts]
    if missing:
        raise LookupError(
            f"Events demo: no experts {', '.join(missing)}; the office's experts "
            "(portal/demo/office.yaml) are made before the events."
        )
    return [
        *(("expert", experts[slug]) for slug in slugs),
        *(
            (
                "speaker",
                {
                    "name": guest["name"],
                    "title": guest.get("title", ""),
                    "organisation": guest.get("organisation", ""),
                },
            )
            for guest in spec.get("guest_speakers", [])
        ),
    ]


def _question(spec: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    value = {
        "label": spec["label"],
        "help_text": spec.get("help_text", ""),
        "required": spec.get("required", False),
    }
    if spec.get("delete_after_event"):
        value["delete_after_event"] = True
    if "choices" in spec:
        value["choices"] = list(spec["choices"])
    return spec["type"], value


def _event(
    spec: dict[str, Any],
    *,
    index: EventIndexPage,
    series: dict[str, EventSeries],
    today: datetime.date,
) -> EventPage:
    starts_at = demo_time(spec["starts"], today=today)
    event_format = spec.get("format", EventPage.Format.ONLINE)
    event = EventPage(
        title=spec["title"],
        slug=spec["slug"],
        intro=spec["intro"],
        description=markdown_html(spec["description"]),
        event_type=spec["type"],
        reform=spec["reform"],
        series=series.get(spec.get("series", "")),
        language=spec["language"],
        support_language=spec.get("support_language", ""),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=spec["starts"]["minutes"]),
        format=event_format,
        place=spec.get("place", ""),
        online_meeting_url=(
            data()["meeting_url"].replace("{slug}", spec["slug"])
            if event_format != EventPage.Format.ON_SITE
            else ""
        ),
        audience=spec.get("audience", Audience.PUBLIC),
        capacity=spec.get("capacity"),
        has_waitlist=spec.get("waitlist", True),
        requires_approval=spec.get("requires_approval", False),
        max_seats_per_municipality=spec.get("seats_per_municipality"),
        has_municipality_priority=spec.get("municipality_priority", False),
        registration_opens_at=(
            demo_time(spec["registration_opens"], today=today)
            if "registration_opens" in spec
            else None
        ),
        registration_closes_at=(
            _before_start(starts_at, spec["registration_closes"])
            if "registration_closes" in spec
            else None
        ),
        speakers=_speakers(spec),
        registration_questions=[_question(q) for q in spec.get("questions", [])],
        recording_url=spec.get("recording_url", ""),
        materials_audience=spec.get(
            "materials_for", EventPage.MaterialsAudience.REGISTRANTS
        ),
        show_in_menus=False,
    )
    index.add_child(instance=event)
    event.themes.set(Theme.objects.filter(slug__in=spec.get("themes", [])))
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def _before_start(
    starts_at: datetime.datetime, spec: dict[str, Any]
) -> datetime.datetime:
    """`{working_days_before_start: n}`: n working days before the event, at its time."""
    local = timezone.localtime(starts_at)
    day = working_day(local.date(), -int(spec["working_days_before_start"]))
    return timezone.make_aware(datetime.datetime.combine(day, local.time()))


def _answers(event: EventPage) -> dict[str, Any]:
    """Plausible answers: the first option of choices, the demo's question in text fields."""
    answers: dict[str, Any] = {}
    for child in event.registration_questions:
        if child.block_type in ("single_choice", "multiple_choice"):
            first = child.value["choices"][0]
            answers[child.id] = (
                first if child.block_type == "single_choice" else [first]
            )
        elif child.value.get("delete_after_event"):
            answers[child.id] = data()["answer_deleted_after_event"]
        elif child.block_type in ("short_text", "long_text"):
            answers[child.id] = data()["text_answer"]
    return answers


def _register(
    spec: dict[str, Any], *, event: EventPage, members, staff: User | None
) -> int:
    """Registrations made before the event (past events: ten days before it starts)."""
    when = min(timezone.now(), event.starts_at - datetime.timedelta(days=10))
    answers = _answers(event)
    made = []
    for user in members[spec["language"]][: spec.get("registrants", 0)]:
        try:
            made.append(
                services.register_for_event(
                    event=event, user=user, answers=answers, now=when
                )
            )
        except RegistrationError:
            continue  # e.g. the municipality's seats or the event are full, as in life
    for guest in spec.get("guests", []):
        details = services.RegistrantDetails(
            name=guest["name"],
            email=guest["email"],
            organisation=guest.get("organisation", ""),
            language=spec["language"],
        )
        made.append(
            services.register_for_event(
                event=event, guest=details, answers=answers, now=when
            )
        )
    pending = [registration for registration in made if registration.is_pending]
    for registration in pending[: spec.get("approve", 0)]:
        services.approve_registration(
            registration=registration, by=staff, now=when + datetime.timedelta(days=1)
        )
    return len(made)
