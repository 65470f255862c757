"""Registration workflows: register, cancel, waitlist promotion, approval, capacity, event
changes, reminders, follow-ups and staff messages. Views, the admin, commands and the demo all
go through here.

Rules:

- Each workflow runs in one transaction that locks the event row once (`_lock_event`) and
  reads its seat counters with it, so parallel registrations cannot overbook. Every rule is
  re-checked under the lock; a failing rule raises a `RegistrationError` and nothing is
  written.
- The seat counters on the event row (`seats_confirmed`, `seats_pending`,
  `waitlist_length`) are the one seat count: every change of a registration's status, its
  creation and its deletion goes through `count_status_changes`, under the same lock.
- A translation of an event is the same event: its registrations belong to its
  registration owner (the original), whose row is the one locked; the counters, the
  calendar SEQUENCE and the shared settings (`EventPage.SHARED_FIELDS`) are written to
  the owner's and its translations' rows in the same UPDATE (`sharing_registrations_with`).
- Seats are held by confirmed and pending (awaiting approval) registrations. When the event is
  full, registrations go to the waitlist if it is on. A freed or added seat promotes from the
  waitlist oldest first (optionally municipalities without a confirmed participant first),
  until registration closes or the event starts.
- A municipality limit counts the municipality's active registrations (pending, confirmed and
  waitlisted), so the waitlist never holds people who could not be promoted.
- Mail is queued as `send_registration_notice` tasks with `queue_mail_task`: none while
  mail is suppressed, otherwise tasks that exist exactly when the transaction commits
  (`portal.tasks.enqueue_in_transaction`); a mail failure never undoes a registration.
- The event's calendar SEQUENCE rises with every published change registrants are told of
  (`apply_published_event`) and with every calendar message mailed about the event
  (`EventPage.claim_calendar_sequence`, when the mail is composed), so each message is newer
  than every one before it and calendar clients apply it (RFC 5546, 2.1.4).
"""

import datetime
import functools
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.models import Page

from events.attendance import AttendanceRow
from events.blocks import answers_to_delete_after_event, clean_answers
from events.exceptions import (
    AlreadyRegistered,
    AttendanceNotOpen,
    AudienceNotAllowed,
    EventCancelled,
    EventFull,
    EventOver,
    EventPast,
    InvalidAnswers,
    MunicipalityLimitReached,
    RegistrationClosed,
    RegistrationNotActive,
    TooManyLinkRequests,
)
from events.models import (
    EventMessage,
    EventPage,
    PersonalCalendarToken,
    Registration,
    RegistrationNotice,
    RegistrationQuerySet,
)
from events.models.archived import archive_counts
from events.models.registrations import (
    active_duplicate_pk,
    counted_statuses,
    new_manage_key,
)
from events.tasks import send_registration_notice
from network import personal_data
from network.models import MemberProfile, Municipality
from portal import access, pagecache, retention
from portal.emails import queue_mail_task
from portal.models.localized import localized

Status = Registration.Status
Kind = RegistrationNotice.Kind

#: The event fields the registration rules read under the lock (`_check_can_register`,
#: `clean_answers`, the municipality limit, `_status_for_new_registration`); a self-service
#: registration reads only these.
REGISTRATION_RULE_FIELDS = (
    "live",
    "is_cancelled",
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
    "audience",
    "registration_questions",
    "max_seats_per_municipality",
    "capacity",
    "has_waitlist",
    "requires_approval",
    "seats_confirmed",
    "seats_pending",
    "waitlist_length",
    "registration_owner",
)

# Audit log actions (registered with labels in wagtail_hooks.py).
ACTION_ADD = "events.registration.add"
ACTION_APPROVE = "events.registration.approve"
ACTION_REJECT = "events.registration.reject"
ACTION_CONFIRM = "events.registration.confirm"
ACTION_WAITLIST = "events.registration.waitlist"
ACTION_CANCEL = "events.registration.cancel"
ACTION_ATTENDANCE = "events.event.attendance"
ACTION_CHANGE_CAPACITY = "events.event.change_capacity"
ACTION_MESSAGE = "events.event.message"
ACTION_NEW_LINK = "events.registration.new_link"

#: A repeated registration re-sends the manage link at most this often.
MANAGE_LINK_RESEND_INTERVAL = datetime.timedelta(minutes=15)
#: After-event mail goes out once materials exist, at the latest this long after the event.
FOLLOWUP_WINDOW = datetime.timedelta(days=30)


@dataclass(frozen=True)
class RegistrantDetails:
    """Who registers: a guest's form input, or a signed-in user's profile (possibly edited)."""

    name: str
    email: str
    organisation: str = ""
    municipality: Municipality | None = None
    language: str = "fi"


def details_from_profile(user) -> RegistrantDetails:
    """What the user's account and member profile say, to pre-fill a registration."""
    profiles = MemberProfile.objects.filter(user=user).select_related("municipality")
    # One profile a user: no ORDER BY and LIMIT for the ORM to compile (`first()`).
    profile = next(iter(profiles.order_by()), None)
    municipality = profile.municipality if profile else None
    organisation = profile.organisation_name if profile else ""
    language = user.preferred_language or settings.LANGUAGE_CODE
    if not organisation and municipality is not None:
        organisation = localized(municipality, "name", language)
    return RegistrantDetails(
        name=user.get_full_name() or user.email,
        email=user.email,
        organisation=organisation,
        municipality=municipality,
        language=language,
    )


# --- Internals ------------------------------------------------------------------------


def event_row(
    pk: int, *, fields: tuple[str, ...] = (), live: bool = False, for_update=False
) -> EventPage | None:
    """The event page `pk` (None when there is none), with only `fields` loaded when
    given (the others load when read): only a live one when `live`; with its row locked
    for the transaction when `for_update` (its own table's row, as
    `select_for_update(of=("self",))` locks it).

    One statement written in SQL (`_event_row_statement`): it runs twice on every
    registration, and compiling the same query with the ORM (an event page joined to its
    Wagtail page) cost several times what PostgreSQL takes to run it, and `raw()` twice.
    The values pass the fields' and the database's converters as in the ORM (`from_db`).
    """
    sql, attnames, converters = _event_row_statement(
        connection.vendor, tuple(fields), live, for_update
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, (column, converts) in zip(row, converters, strict=True):
        for convert in converts:
            value = convert(value, column, connection)
        values.append(value)
    return EventPage.from_db(connection.alias, attnames, values)


@functools.cache
def _event_row_statement(vendor: str, fields: tuple[str, ...], live, for_update):
    """`event_row`'s SQL, the loaded fields' names in the model's order and each one's
    converters, made once per database vendor and set of fields. Table and column names
    come from the models; the event's id is a parameter."""
    quote = connection.ops.quote_name
    meta = EventPage._meta
    wanted = {meta.get_field(name).attname for name in fields} | {meta.pk.attname}
    selected = [f for f in meta.concrete_fields if not fields or f.attname in wanted]
    event_table, page_table = quote(meta.db_table), quote(Page._meta.db_table)
    event_pk = f"{event_table}.{quote(meta.pk.column)}"
    columns = ", ".join(
        f"{quote(field.model._meta.db_table)}.{quote(field.column)}"
        for field in selected
    )
    sql = (
        f"SELECT {columns} FROM {event_table}"  # noqa: S608 - names from the models
        f" INNER JOIN {page_table}"
        f" ON {event_pk} = {page_table}.{quote(Page._meta.pk.column)}"
        f" WHERE {event_pk} = %s"
    )
    if live:
        sql += f" AND {page_table}.{quote(Page._meta.get_field('live').column)}"
    features = connection.features
    if for_update and features.has_select_for_update:  # not SQLite: one writer anyway
        sql += " FOR UPDATE"
        if features.has_select_for_update_of:
            sql += f" OF {event_table}"
    # The database's converters (SQLite's for dates, times and booleans; none on
    # PostgreSQL) are the first connection's methods; they read only its settings.
    converters = []
    for field in selected:
        column = field.get_col(field.model._meta.db_table)
        converters.append(
            (
                column,
                connection.ops.get_db_converters(column)
                + column.get_db_converters(connection),
            )
        )
    return sql, [f.attname for f in selected], converters


def _lock_event(event: EventPage, *, fields: tuple[str, ...] = ()) -> EventPage:
    """Lock the event row for this transaction and read it (only `fields` when given; the
    others load when read), with its seat counters: the registration owner's row, also
    for a translation.

    The locked row is read as it is after the wait for the lock (in PostgreSQL too), so
    the counters include every registration committed before: they change only under this
    lock (`count_status_changes`).
    """
    locked = event_row(event.registration_owner_pk, fields=fields, for_update=True)
    if locked is None:
        raise EventPage.DoesNotExist
    return locked


def count_status_changes(
    *, event: EventPage, changes: Iterable[tuple[str | None, str | None]]
) -> None:
    """Keep the event's seat counters: each change is (status before, status after) of
    one registration, None for one created or deleted. The one place the counters
    change, in one UPDATE of the event's rows (its translations' too); call it with the
    event locked (`_lock_event`), in the transaction that changes the registrations.
    The in-memory `event` follows, and the anonymous page cache (`portal.pagecache`) is
    out of date."""
    deltas: Counter[str] = Counter()
    for before, after in changes:
        if before in EventPage.SEAT_COUNTERS:
            deltas[EventPage.SEAT_COUNTERS[before]] -= 1
        if after in EventPage.SEAT_COUNTERS:
            deltas[EventPage.SEAT_COUNTERS[after]] += 1
    updates = {field: delta for field, delta in deltas.items() if delta}
    if not updates:
        return
    _add_to_seat_counters(event.registration_owner_pk, updates)
    # On its pages (every language's) and the listings with its card.
    pagecache.seats_changed(event.registration_owner_pk)
    for field, delta in deltas.items():
        if field in event.__dict__:
            event.__dict__[field] += delta


def _add_to_seat_counters(owner_pk: int, deltas: dict[str, int]) -> None:
    """Add `deltas` ({counter field: number}) to the counters of the registration owner
    `owner_pk` and its translations (`EventPage.objects.sharing_registrations_with`), in
    one UPDATE written in SQL (the ORM's compiling cost more than the statement; names
    from the model, values parameters). An unsigned counter going below zero fails."""
    quote = connection.ops.quote_name
    meta = EventPage._meta
    assignments = ", ".join(
        f"{column} = {column} + %s"
        for column in (quote(meta.get_field(name).column) for name in deltas)
    )
    owner = quote(meta.get_field("registration_owner").column)
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments}"  # noqa: S608
        f" WHERE {quote(meta.pk.column)} = %s OR {owner} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*deltas.values(), owner_pk, owner_pk])


def _set_status(
    registration: Registration,
    status: str,
    *,
    event: EventPage,
    now: datetime.datetime,
    fields: tuple[str, ...] = (),
) -> None:
    """Change one registration's status (and `fields` set on it) and count the change."""
    before = registration.status
    registration.status = status
    registration.status_changed_at = now
    registration.save(update_fields=["status", "status_changed_at", *fields])
    count_status_changes(event=event, changes=[(before, status)])


def _create_registration(
    event: EventPage, user, details: RegistrantDetails, *, email, status, now, **fields
) -> Registration:
    count_status_changes(event=event, changes=[(None, status)])
    return Registration.objects.create(
        event=event,
        user=user,
        name=details.name.strip(),
        email=email,
        organisation=details.organisation.strip(),
        municipality=details.municipality,
        language=details.language or settings.LANGUAGE_CODE,
        status=status,
        created_at=now,
        status_changed_at=now,
        **fields,
    )


def _queue_notice(registration_id: int, kind: str, key: str = "") -> None:
    queue_mail_task(send_registration_notice, registration_id, kind, key)


def _change_key(moment: datetime.datetime) -> str:
    """Tells apart two notices of one kind (e.g. promoted twice after being moved back)."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def _check_can_register(event: EventPage, user, now: datetime.datetime) -> None:
    if event.is_cancelled:
        raise EventCancelled
    if event.has_ended(now) or event.has_started(now):
        raise EventPast
    if not event.live or not event.is_registration_open(now):
        if event.is_registration_upcoming(now):
            raise RegistrationClosed(
                _("Registration for this event has not opened yet.")
            )
        raise RegistrationClosed
    if not access.can_view(user, event):
        raise AudienceNotAllowed


def _check_not_over(event: EventPage, now: datetime.datetime) -> None:
    """Seats are given, moved and approved only until the event ends."""
    if event.has_ended(now):
        raise EventOver


def _active_duplicate(locked: EventPage, *, email: str, user) -> Registration | None:
    """The person's active registration of the event, read after the lock (a statement of
    its own: in PostgreSQL one that waited for the lock would miss the registrations
    committed while it waited)."""
    duplicate_pk = active_duplicate_pk(
        locked.pk, email=email, user_pk=user.pk if user is not None else None
    )
    if duplicate_pk is None:
        return None
    return Registration.objects.get(pk=duplicate_pk)


def _check_municipality_limit(
    event: EventPage, municipality: Municipality | None
) -> None:
    if event.max_seats_per_municipality is None or municipality is None:
        return
    used = (
        Registration.objects.active()
        .filter(event=event, municipality=municipality)
        .count()
    )
    if used >= event.max_seats_per_municipality:
        raise MunicipalityLimitReached


def _status_for_new_registration(event: EventPage) -> str:
    """Confirmed (or pending approval) while seats last, then the waitlist if it is on."""
    if event.capacity is None or event.seats_taken < event.capacity:
        return Status.PENDING if event.requires_approval else Status.CONFIRMED
    if event.has_waitlist:
        return Status.WAITLISTED
    raise EventFull


NOTICE_FOR_STATUS = {
    Status.CONFIRMED: Kind.CONFIRMED,
    Status.PENDING: Kind.PENDING,
    Status.WAITLISTED: Kind.WAITLISTED,
}


# --- Seat counters --------------------------------------------------------------------


@dataclass(frozen=True)
class SeatCountMismatch:
    """An event whose seat counter says `stored` where its registrations count `counted`."""

    event_id: int
    field: str
    stored: int
    counted: int


def find_seat_count_mismatches(
    *, event_ids: Iterable[int] | None = None
) -> list[SeatCountMismatch]:
    """Compare every event's (or these events') seat counters with a fresh count of its
    registrations (a translation's: its registration owner's), in two queries; an empty
    list means they agree."""
    events = EventPage.objects.order_by("pk")
    if event_ids is not None:
        events = events.filter(pk__in=list(event_ids))
    fields = list(EventPage.SEAT_COUNTERS.values())
    rows = list(events.values_list("pk", Coalesce("registration_owner", "pk"), *fields))
    counted = counted_statuses(
        None if event_ids is None else {owner_id for _pk, owner_id, *_ in rows}
    )
    mismatches = []
    for event_id, owner_id, *stored in rows:
        fresh = counted.get(owner_id, {})
        for (status, field), value in zip(
            EventPage.SEAT_COUNTERS.items(), stored, strict=True
        ):
            if fresh.get(status, 0) != value:
                mismatches.append(
                    SeatCountMismatch(event_id, field, value, fresh.get(status, 0))
                )
    return mismatches


def recount_seats(*, event_ids: Iterable[int]) -> int:
    """Set these events' seat counters (and their translations') to a fresh count of
    their registrations, each event under its lock (after registrations were written
    around the services, e.g. by a bulk import). Returns how many events changed."""
    owner_ids = set(
        EventPage.objects.filter(pk__in=list(event_ids)).values_list(
            Coalesce("registration_owner", "pk"), flat=True
        )
    )
    changed = 0
    for owner_id in sorted(owner_ids):
        with transaction.atomic():
            locked = EventPage.objects.select_for_update(of=("self",)).get(pk=owner_id)
            counts = counted_statuses([owner_id]).get(owner_id, {})
            fresh = {
                field: counts.get(status, 0)
                for status, field in EventPage.SEAT_COUNTERS.items()
            }
            rows = EventPage.objects.sharing_registrations_with(locked).exclude(**fresh)
            if rows.update(**fresh):
                pagecache.seats_changed(owner_id)
                changed += 1
    return changed


# --- Registering and cancelling -------------------------------------------------------


def register_for_event(
    *,
    event: EventPage,
    user=None,
    guest: RegistrantDetails | None = None,
    details: RegistrantDetails | None = None,
    answers: dict,
    now: datetime.datetime | None = None,
) -> Registration:
    """Register a signed-in `user` (details from the profile unless `details` are given) or a
    `guest` without an account: confirmed, pending approval or waitlisted.

    Raises a `RegistrationError` when the event is cancelled, over, closed, not for this
    person, full without a waitlist, the municipality's seats are used up, the answers are
    invalid, or the person already has an active registration (then the link to it is sent
    again).
    """
    if (user is None) == (guest is None):
        raise ValueError("Give either a user or a guest.")
    now = now or timezone.now()
    if user is not None:
        person = details or details_from_profile(user)
        email = user.email.strip().lower()
    else:
        person = guest
        email = guest.email.strip().lower()
    with transaction.atomic():
        locked = _lock_event(event, fields=REGISTRATION_RULE_FIELDS)
        _check_can_register(locked, user, now)
        duplicate = _active_duplicate(locked, email=email, user=user)
        if duplicate is None:
            cleaned, errors = clean_answers(locked.registration_questions, answers)
            if errors:
                raise InvalidAnswers(errors=errors)
            _check_municipality_limit(locked, person.municipality)
            status = _status_for_new_registration(locked)
            registration = _create_registration(
                locked,
                user,
                person,
                email=email,
                status=status,
                now=now,
                answers=cleaned,
            )
            _queue_notice(registration.pk, NOTICE_FOR_STATUS[status])
            return registration
    resend_manage_link(registration=duplicate, now=now)
    raise AlreadyRegistered(registration=duplicate)


def resend_manage_link(
    *, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    """Send the registrant the link to their registration, at most every 15 minutes (so a
    stranger cannot flood someone's inbox by registering their address repeatedly)."""
    now = now or timezone.now()
    claimed = (
        Registration.objects.filter(pk=registration.pk)
        .filter(
            Q(manage_link_sent_at__isnull=True)
            | Q(manage_link_sent_at__lte=now - MANAGE_LINK_RESEND_INTERVAL)
        )
        .update(manage_link_sent_at=now)
    )
    if claimed:
        _queue_notice(registration.pk, Kind.MANAGE_LINK, _change_key(now))
    return registration


def renew_manage_link(
    *, registration: Registration, by=None, now: datetime.datetime | None = None
) -> Registration:
    """Give a guest's registration a new private link and send it; the old link stops
    working. The guest may do it every 15 minutes (their link may have leaked; nobody
    else gets the mail), staff at any time, and staff's renewals are logged."""
    now = now or timezone.now()
    if not registration.is_guest:
        raise RegistrationNotActive(
            _("Only a guest's registration has a private link.")
        )
    renewed = Registration.objects.filter(pk=registration.pk)
    if by is None:
        renewed = renewed.filter(
            Q(manage_link_sent_at__isnull=True)
            | Q(manage_link_sent_at__lte=now - MANAGE_LINK_RESEND_INTERVAL)
        )
    key = new_manage_key()
    with transaction.atomic():
        if not renewed.update(manage_key=key, manage_link_sent_at=now):
            raise TooManyLinkRequests
        if by is not None:
            log(instance=registration, action=ACTION_NEW_LINK, user=by, timestamp=now)
        _queue_notice(registration.pk, Kind.MANAGE_LINK, _change_key(now))
    registration.manage_key, registration.manage_link_sent_at = key, now
    return registration


def cancel_registration(
    *, registration: Registration, now: datetime.datetime | None = None
) -> Registration:
    """The registrant cancels before the event starts; a freed seat promotes the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_event(registration.event)
        if locked.has_started(now):
            raise EventPast(
                _(
                    "The event has already started; the registration cannot be cancelled."
                )
            )
        return _cancel(registration, event=locked, now=now)


def cancel_registration_by_staff(
    *, registration: Registration, by, now: datetime.datetime | None = None
) -> Registration:
    """Staff cancel someone's registration (also once the event has started); the person is
    told and a freed seat promotes the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_event(registration.event)
        registration = _cancel(registration, event=locked, now=now)
        log(instance=registration, action=ACTION_CANCEL, user=by)
    return registration


def _cancel(registration: Registration, *, event: EventPage, now) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        raise RegistrationNotActive(_("This registration is already cancelled."))
    held_seat = registration.status in Registration.SEAT_STATUSES
    _set_status(registration, Status.CANCELLED, event=event, now=now)
    _queue_notice(registration.pk, Kind.CANCELLED)
    if held_seat:
        promote_from_waitlist(event=event, now=now)
    return registration


def promote_from_waitlist(
    *, event: EventPage, now: datetime.datetime | None = None
) -> list[Registration]:
    """Fill free seats from the waitlist, oldest first (with the event's municipality
    priority: first those whose municipality has no confirmed participant yet). Does nothing
    once registration has closed or the event has started. Returns the promoted."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_event(event)
        if not locked.can_promote_from_waitlist(now):
            return []
        free = None if locked.capacity is None else locked.capacity - locked.seats_taken
        if free is not None and free <= 0:
            return []
        waitlist = list(
            Registration.objects.waitlisted().filter(event=locked).in_waitlist_order()
        )
        chosen = _choose_for_promotion(locked, waitlist, free)
        new_status = Status.PENDING if locked.requires_approval else Status.CONFIRMED
        for registration in chosen:
            _set_status(registration, new_status, event=locked, now=now)
            _queue_notice(registration.pk, Kind.PROMOTED, _change_key(now))
    return chosen


def _choose_for_promotion(
    event: EventPage, waitlist: list[Registration], free: int | None
) -> list[Registration]:
    if free is None:
        return waitlist
    if not event.has_municipality_priority:
        return waitlist[:free]
    represented = set(
        Registration.objects.confirmed()
        .filter(event=event, municipality__isnull=False)
        .values_list("municipality_id", flat=True)
    )
    remaining = list(waitlist)
    chosen = []
    while remaining and len(chosen) < free:
        pick = next(
            (
                r
                for r in remaining
                if r.municipality_id is not None
                and r.municipality_id not in represented
            ),
            remaining[0],
        )
        remaining.remove(pick)
        chosen.append(pick)
        if pick.municipality_id is not None:
            represented.add(pick.municipality_id)
    return chosen


def change_capacity(
    *,
    event: EventPage,
    capacity: int | None,
    by=None,
    now: datetime.datetime | None = None,
) -> EventPage:
    """Set the number of seats (None = unlimited); added seats promote from the waitlist.

    Fewer seats never remove confirmed people. The live page and its latest revision both
    change, so a later publish of that revision keeps the new capacity.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_event(event)
        previous = locked.capacity
        EventPage.objects.sharing_registrations_with(locked).update(capacity=capacity)
        # A queryset update sends no signal.
        pagecache.seats_changed(locked.registration_owner_pk)
        revision_ids = {locked.latest_revision_id, locked.live_revision_id} - {None}
        for revision in locked.revisions.filter(pk__in=revision_ids):
            revision.content["capacity"] = capacity
            revision.save(update_fields=["content"])
        log(
            instance=locked,
            action=ACTION_CHANGE_CAPACITY,
            user=by,
            data={"from": previous, "to": capacity},
        )
        promote_from_waitlist(event=locked, now=now)
    event.capacity = capacity
    event.refresh_from_db(fields=list(EventPage.SEAT_COUNTERS.values()))
    return event


# --- Staff approval -------------------------------------------------------------------


def approve_registration(
    *, registration: Registration, by, now: datetime.datetime | None = None
) -> Registration:
    """Staff confirm a registration that waits for approval; it already holds its seat."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_event(registration.event)
        _check_not_over(locked, now)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_pending:
            raise RegistrationNotActive(
                _("This registration is not waiting for approval.")
            )
        _set_status(registration, Status.CONFIRMED, event=locked, now=now)
        log(instance=registration, action=ACTION_APPROVE, user=by)
        _queue_notice(registration.pk, Kind.APPROVED, _change_key(now))
    return registration


def reject_registration(
    *,
    registration: Registration,
    by,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Staff turn down a registration that waits for approval; its seat goes to the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_pending:
            raise RegistrationNotActive(
                _("This registration is not waiting for approval.")
            )
        registration.decision_reason = reason.strip()
        _set_status(
            registration,
            Status.REJECTED,
            event=locked,
            now=now,
            fields=("decision_reason",),
        )
        log(
            instance=registration,
            action=ACTION_REJECT,
            user=by,
            data={"reason": reason},
        )
        _queue_notice(registration.pk, Kind.REJECTED, _change_key(now))
        promote_from_waitlist(event=locked, now=now)
    return registration


# --- Staff handling ------------------------------------------------------------------


def add_registration(
    *,
    event: EventPage,
    details: RegistrantDetails,
    by,
    user=None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Staff add someone by hand, also after registration has closed or to an event the person
    could not register for themselves. Seats still count: confirmed while one is free, else
    the waitlist (the person is told either way). After the event has ended, the person is
    added as a participant (confirmed, whatever the seats, without mail), so that their
    attendance can be recorded. Raises if the event is cancelled, the person is already
    registered, or the event is full without a waitlist."""
    now = now or timezone.now()
    email = (user.email if user is not None else details.email).strip().lower()
    with transaction.atomic():
        locked = _lock_event(event)
        if locked.is_cancelled:
            raise EventCancelled
        duplicate = _active_duplicate(locked, email=email, user=user)
        if duplicate is not None:
            raise AlreadyRegistered(
                _("This person is already registered for the event."),
                registration=duplicate,
            )
        is_over = locked.has_ended(now)
        if is_over or locked.capacity is None or locked.seats_taken < locked.capacity:
            status = Status.CONFIRMED
        elif locked.has_waitlist:
            status = Status.WAITLISTED
        else:
            raise EventFull
        registration = _create_registration(
            locked, user, details, email=email, status=status, now=now, added_by=by
        )
        log(instance=registration, action=ACTION_ADD, user=by, data={"status": status})
        if not is_over:
            _queue_notice(registration.pk, NOTICE_FOR_STATUS[status])
    return registration


def confirm_registration(
    *, registration: Registration, by, now: datetime.datetime | None = None
) -> Registration:
    """Staff move someone from the waitlist to a free seat (out of turn). Raises `EventFull`
    when no seat is free: raise the capacity or move someone to the waitlist first."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_event(registration.event)
        _check_not_over(locked, now)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_waitlisted:
            raise RegistrationNotActive(_("This registration is not on the waitlist."))
        if locked.capacity is not None and locked.seats_taken >= locked.capacity:
            raise EventFull(
                _(
                    "No seat is free. Raise the capacity or move someone to the waitlist "
                    "first."
                )
            )
        _set_status(registration, Status.CONFIRMED, event=locked, now=now)
        log(instance=registration, action=ACTION_CONFIRM, user=by)
        _queue_notice(registration.pk, Kind.PROMOTED, _change_key(now))
    return registration


def move_to_waitlist(
    *, registration: Registration, by, now: datetime.datetime | None = None
) -> Registration:
    """Staff move a confirmed or pending registration to the waitlist (in the order of its
    registration time). The freed seat is left for staff to fill: nobody is promoted."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_event(registration.event)
        _check_not_over(locked, now)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in Registration.SEAT_STATUSES:
            raise RegistrationNotActive(_("This registration has no seat to give up."))
        _set_status(registration, Status.WAITLISTED, event=locked, now=now)
        log(instance=registration, action=ACTION_WAITLIST, user=by)
        _queue_notice(registration.pk, Kind.WAITLISTED, _change_key(now))
    return registration


def record_attendance(
    *,
    event: EventPage,
    attended: list[Registration],
    by,
    now: datetime.datetime | None = None,
) -> int:
    """Mark these registrations of the event as attended (by hand or from the meeting's
    attendance report); returns how many changed. Others keep what they had. Refused
    before the event starts and for a cancelled event."""
    now = now or timezone.now()
    if event.is_cancelled:
        raise EventCancelled
    if not event.can_record_attendance(now):
        raise AttendanceNotOpen
    ids = [registration.pk for registration in attended]
    with transaction.atomic():
        changed = Registration.objects.filter(
            event=event, pk__in=ids, has_attended=False
        ).update(has_attended=True)
        log(
            instance=event,
            action=ACTION_ATTENDANCE,
            user=by,
            data={"attended": sorted(ids), "changed": changed},
        )
    return changed


@dataclass(frozen=True)
class AttendanceMatch:
    """The attendance report's people: registrations found, and the rows not found."""

    matched: list[Registration]
    unmatched: list[AttendanceRow]


def match_attendance_report(
    *, event: EventPage, rows: list[AttendanceRow]
) -> AttendanceMatch:
    """Find each reported person's active registration by e-mail (case-insensitive), or by
    name when the report has no address and exactly one registration has that name."""
    registrations = list(Registration.objects.active().filter(event=event))
    by_email = {
        registration.email.lower(): registration for registration in registrations
    }
    names: dict[str, list[Registration]] = {}
    for registration in registrations:
        names.setdefault(registration.name.strip().lower(), []).append(registration)
    matched: dict[int, Registration] = {}
    unmatched = []
    for row in rows:
        found = by_email.get(row.email) if row.email else None
        if found is None and not row.email:
            same_name = names.get(row.name.strip().lower(), [])
            found = same_name[0] if len(same_name) == 1 else None
        if found is None:
            unmatched.append(row)
        else:
            matched[found.pk] = found
    return AttendanceMatch(matched=list(matched.values()), unmatched=unmatched)


def clear_attendance(*, registration: Registration, by) -> Registration:
    """Staff correct a registration marked attended by mistake."""
    Registration.objects.filter(pk=registration.pk).update(has_attended=False)
    log(
        instance=registration,
        action=ACTION_ATTENDANCE,
        user=by,
        data={"attended": False},
    )
    registration.has_attended = False
    return registration


# --- Event changes --------------------------------------------------------------------


def apply_published_event(
    *, event: EventPage, now: datetime.datetime | None = None
) -> EventPage:
    """After an editor publishes the event: tell registrants of a cancellation (once) or of a
    new time, place or link (the calendar SEQUENCE goes up), fill seats added by a
    capacity increase, and give its translations the settings they share with it. A
    translation published changes none of that (its form leaves those settings out)."""
    if event.is_translation:
        return event
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_event(event)
        fingerprint = locked.compute_calendar_fingerprint()
        updates: dict = {"calendar_fingerprint": fingerprint}
        notice = None
        if locked.is_cancelled:
            if locked.cancellation_notified_at is None:
                updates.update(
                    sequence=locked.sequence + 1, cancellation_notified_at=now
                )
                notice = Kind.EVENT_CANCELLED
        elif locked.cancellation_notified_at is not None or (
            locked.calendar_fingerprint and fingerprint != locked.calendar_fingerprint
        ):
            updates.update(sequence=locked.sequence + 1, cancellation_notified_at=None)
            notice = Kind.EVENT_CHANGED
        updates.update(shared_settings(locked))
        EventPage.objects.sharing_registrations_with(locked).update(**updates)
        if notice is Kind.EVENT_CHANGED:
            _rearm_reminders(locked, now)
        if notice is not None:
            key = str(updates["sequence"])
            for registration_id in (
                Registration.objects.active()
                .filter(event=locked)
                .values_list("pk", flat=True)
            ):
                _queue_notice(registration_id, notice, key)
        if not locked.is_cancelled:
            promote_from_waitlist(event=locked, now=now)
    for field in ("sequence", "calendar_fingerprint", "cancellation_notified_at"):
        if field in updates:
            setattr(event, field, updates[field])
    return event


def shared_settings(event: EventPage) -> dict:
    """The values of the fields the event's translations read from it, for an UPDATE."""
    return {
        EventPage._meta.get_field(name).attname: getattr(
            event, EventPage._meta.get_field(name).attname
        )
        for name in EventPage.SHARED_FIELDS
    }


def share_registrations(*, source: EventPage, translation_pk: int) -> None:
    """Make the page `translation_pk`, just copied from `source` by "Translate", a
    translation of the same event: its registrations, seat counters, calendar SEQUENCE
    and shared settings are those of the source's registration owner."""
    with transaction.atomic():
        owner = _lock_event(source)
        values = shared_settings(owner)
        values.update(
            {field: getattr(owner, field) for field in EventPage.SERVICE_FIELDS}
        )
        EventPage.objects.filter(pk=translation_pk).update(
            registration_owner=owner, **values
        )
        pagecache.public_content_changed()


def _rearm_reminders(event: EventPage, now: datetime.datetime) -> None:
    """A moved event gets its reminder again at the new time, if that is still ahead."""
    lead = datetime.timedelta(hours=settings.PORTAL_EVENT_REMINDER_HOURS)
    if event.starts_at - lead > now:
        Registration.objects.active().filter(event=event).update(reminder_sent_at=None)


def message_registrants(
    *,
    event: EventPage,
    subject: str,
    body: str,
    statuses: list[str],
    by,
    now: datetime.datetime | None = None,
) -> EventMessage:
    """Staff write to the event's registrants in some statuses; each gets their own mail."""
    now = now or timezone.now()
    allowed = {Status.CONFIRMED, Status.WAITLISTED, Status.PENDING}
    if not statuses or not set(statuses) <= allowed:
        raise ValueError("Write to confirmed, waitlisted or pending registrants.")
    with transaction.atomic():
        recipient_ids = list(
            Registration.objects.filter(event=event, status__in=statuses).values_list(
                "pk", flat=True
            )
        )
        message = EventMessage.objects.create(
            event=event,
            subject=subject.strip(),
            body=body.strip(),
            statuses=list(statuses),
            recipient_count=len(recipient_ids),
            sent_by=by,
            created_at=now,
        )
        log(
            instance=event,
            action=ACTION_MESSAGE,
            user=by,
            data={"subject": message.subject, "recipients": len(recipient_ids)},
        )
        for registration_id in recipient_ids:
            _queue_notice(registration_id, Kind.MESSAGE, str(message.pk))
    return message


# --- Scheduled mail -------------------------------------------------------------------


def send_due_reminders(
    *, now: datetime.datetime | None = None, lead: datetime.timedelta | None = None
) -> int:
    """Remind confirmed registrants once, `lead` (default PORTAL_EVENT_REMINDER_HOURS) before
    the start. People who registered inside that window just got their confirmation and get
    no reminder. Safe to run repeatedly and in parallel: each reminder is claimed first."""
    now = now or timezone.now()
    lead = lead or datetime.timedelta(hours=settings.PORTAL_EVENT_REMINDER_HOURS)
    due = Registration.objects.due_for_reminder(now=now, lead=lead).filter(
        status_changed_at__lte=F("event__starts_at") - lead
    )
    sent = 0
    for registration_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration_id, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                _queue_notice(registration_id, Kind.REMINDER)
                sent += 1
    return sent


def send_due_followups(*, now: datetime.datetime | None = None) -> int:
    """After the event, send the materials and recording once to the confirmed and the
    waitlisted, as soon as the event has materials (within 30 days). Safe to run repeatedly."""
    now = now or timezone.now()
    due = Registration.objects.due_for_followup(now=now, window=FOLLOWUP_WINDOW)
    events = EventPage.objects.filter(pk__in=due.values("event")).only(
        "pk", "slides", "recording_url", "documents"
    )
    ready = [event.pk for event in events if event.has_materials]
    sent = 0
    for registration_id in list(
        due.filter(event__in=ready).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration_id, followup_sent_at__isnull=True
            ).update(followup_sent_at=now)
            if claimed:
                _queue_notice(registration_id, Kind.FOLLOWUP)
                sent += 1
    return sent


# --- Personal calendar feed -----------------------------------------------------------


def issue_calendar_token(
    *, user, now: datetime.datetime | None = None
) -> PersonalCalendarToken:
    """Give the user a new secret feed address; the old one stops working."""
    now = now or timezone.now()
    with transaction.atomic():
        revoke_calendar_tokens(user=user, now=now)
        return PersonalCalendarToken.objects.create(
            user=user, key=secrets.token_urlsafe(32), created_at=now
        )


def revoke_calendar_tokens(*, user, now: datetime.datetime | None = None) -> int:
    """Stop the user's personal feed address from working."""
    now = now or timezone.now()
    return (
        PersonalCalendarToken.objects.active().filter(user=user).update(revoked_at=now)
    )


# --- Personal data --------------------------------------------------------------------


def collect_personal_data(user) -> list[dict]:
    """What events hold about the user, for the "download my data" export: their
    registrations and the guest registrations made with one of their confirmed
    addresses."""
    registrations = Registration.objects.of_person(
        user, addresses=personal_data.verified_addresses(user)
    )
    return [
        {
            "event": registration.event.title,
            "event_starts_at": registration.event.starts_at,
            "status": registration.status,
            "name": registration.name,
            "email": registration.email,
            "organisation": registration.organisation,
            "municipality": registration.municipality.name_fi
            if registration.municipality
            else None,
            "answers": dict(registration.answer_items()),
            "attended": registration.has_attended,
            "as_guest": registration.is_guest,
            "registered_at": registration.created_at,
        }
        for registration in registrations.select_related(
            "event", "municipality"
        ).order_by("created_at", "pk")
    ]


# --- Retention (see portal.retention) -------------------------------------------------


def expired_registrations(*, now: datetime.datetime) -> RegistrationQuerySet:
    """Registrations of events that ended longer ago than the retention period."""
    cutoff = retention.months_before(now, settings.PORTAL_RETENTION_REGISTRATION_MONTHS)
    return Registration.objects.filter(event__ends_at__lt=cutoff)


def expired_guest_registrations(*, now: datetime.datetime) -> RegistrationQuerySet:
    """Registrations without an account of events that ended longer ago than the
    (shorter) retention period of guests."""
    cutoff = retention.months_before(
        now, settings.PORTAL_RETENTION_GUEST_REGISTRATION_MONTHS
    )
    return Registration.objects.filter(user__isnull=True, event__ends_at__lt=cutoff)


def archive_registrations(registrations: RegistrationQuerySet) -> int:
    """Replace registrations by anonymous counts: event by event, under the event's
    lock, add them to its archived counts and delete them (with their notices) in one
    transaction. Returns how many went."""
    archived = 0
    event_ids = registrations.order_by().values_list("event", flat=True).distinct()
    for event_id in list(event_ids):
        with transaction.atomic():
            locked = (
                EventPage.objects.select_for_update(of=("self",))
                .only("pk")
                .get(pk=event_id)
            )
            of_event = registrations.filter(event_id=event_id)
            archived += archive_counts(of_event)
            statuses = list(of_event.active().values_list("status", flat=True))
            count_status_changes(
                event=locked, changes=[(status, None) for status in statuses]
            )
            of_event.delete()
    return archived


def answers_due_for_deletion(*, now: datetime.datetime) -> list[tuple[int, list[str]]]:
    """(event id, question ids) of the events that ended longer ago than the period
    for answers marked "delete after the event", where such answers remain."""
    cutoff = retention.days_before(now, settings.PORTAL_RETENTION_EVENT_ANSWER_DAYS)
    due = []
    events = EventPage.objects.filter(
        ends_at__lt=cutoff,
        pk__in=Registration.objects.exclude(answers={}).values("event"),
    ).only("pk", "registration_questions")
    for event in events:
        question_ids = answers_to_delete_after_event(event.registration_questions)
        if question_ids and _with_answers(event.pk, question_ids).exists():
            due.append((event.pk, question_ids))
    return due


def _with_answers(event_id: int, question_ids: list[str]) -> RegistrationQuerySet:
    return Registration.objects.filter(
        event_id=event_id, answers__has_any_keys=question_ids
    )


def count_answers_due_for_deletion(*, now: datetime.datetime) -> int:
    """How many registrations hold answers `delete_answers_after_events` would remove."""
    return sum(
        _with_answers(event_id, question_ids).count()
        for event_id, question_ids in answers_due_for_deletion(now=now)
    )


def delete_answers_after_events(*, now: datetime.datetime) -> int:
    """Remove the answers to questions marked "delete after the event" from the
    registrations of events past the period. Returns how many registrations changed."""
    changed = 0
    for event_id, question_ids in answers_due_for_deletion(now=now):
        with transaction.atomic():
            for registration in _with_answers(
                event_id, question_ids
            ).select_for_update():
                for question_id in question_ids:
                    registration.answers.pop(question_id, None)
                registration.save(update_fields=["answers"])
                changed += 1
    return changed


def erase_registrations(user) -> None:
    """On account deletion: free the person's seats (promoting others, who are told) and
    delete their registrations, the guest registrations made with one of their confirmed
    addresses, and their calendar tokens. Runs inside the deletion's transaction; the
    person gets no mail."""
    now = timezone.now()
    registrations = Registration.objects.of_person(
        user, addresses=personal_data.verified_addresses(user)
    )
    for registration in registrations.holding_seats().select_related("event"):
        if not registration.event.has_started(now):
            locked = _lock_event(registration.event)
            registration = Registration.objects.select_for_update().get(
                pk=registration.pk
            )
            if registration.status in Registration.SEAT_STATUSES:
                _set_status(registration, Status.CANCELLED, event=locked, now=now)
                promote_from_waitlist(event=locked, now=now)
    # The event reports keep counting them, anonymously.
    archive_registrations(registrations)
    PersonalCalendarToken.objects.filter(user=user).delete()
