"""Subscribing, confirming and unsubscribing; whom a letter goes to; sending it once, in
chunks, throttled and resumable; re-sending to the failed; a test mail to the sender.

Consent is recorded on every subscription: how (`Subscription.Source`), when
(`confirmed_at`) and what the person saw (`consent_text`)."""

import datetime
from collections.abc import Iterable
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from wagtail.log_actions import log

from events.models import Registration
from network.models import Municipality
from network.models.municipalities import size_class_condition
from portal.emails import (
    is_mail_suppressed,
    mail_headers,
    queue_email,
    queue_mail_task,
)
from portal.models import OutgoingEmail, Theme
from portal.ratelimit import count_hit

from . import emails
from .exceptions import (
    ConfirmationLinkError,
    LetterAlreadySentError,
    LetterNotPublishedError,
    LetterScheduleError,
    NothingToConfirmError,
    SubscriptionRateLimitError,
)
from .models import (
    Delivery,
    LetterPage,
    LetterRendering,
    MailingList,
    Subscriber,
    Subscription,
)

CONFIRM_SALT = "letters.confirm"
ACTION_SEND = "letters.send"
ACTION_SCHEDULE = "letters.schedule"
ACTION_RESEND = "letters.resend_failed"
ACTION_IMPORT = "letters.import"
ACTION_STAFF_UNSUBSCRIBE = "letters.staff_unsubscribe"
ACTION_LIFT_SUPPRESSION = "letters.lift_suppression"
ACTION_RESEND_CONFIRMATION = "letters.resend_confirmation"
CHUNK_SIZE = 500


# --- Subscribing --------------------------------------------------------------------
def check_subscribe_rate(*, client: str) -> None:
    """At most PORTAL_LETTERS_SUBSCRIBES_PER_HOUR public subscriptions per address."""
    hits = count_hit(f"letters-subscribe:{client}", window_seconds=3600)
    if hits > settings.PORTAL_LETTERS_SUBSCRIBES_PER_HOUR:
        raise SubscriptionRateLimitError


def confirm_token(*, subscriber: Subscriber, lists: Iterable[MailingList]) -> str:
    return signing.dumps(
        {"s": subscriber.pk, "l": sorted(item.pk for item in lists)}, salt=CONFIRM_SALT
    )


def confirm_url(token: str, *, language: str) -> str:
    with translation.override(language):
        return urljoin(
            settings.PORTAL_BASE_URL, reverse("letters:confirm", args=[token])
        )


def manage_url(subscriber: Subscriber) -> str:
    with translation.override(subscriber.language):
        return urljoin(settings.PORTAL_BASE_URL, subscriber.get_manage_path())


def unsubscribe_url(subscription: Subscription, *, language: str) -> str:
    """The one-click address of one subscription (RFC 8058 POST; GET asks first)."""
    with translation.override(language):
        path = reverse(
            "letters:unsubscribe",
            args=[subscription.subscriber.token, subscription.mailing_list_id],
        )
    return urljoin(settings.PORTAL_BASE_URL, path)


def request_subscription(
    *,
    email: str,
    name: str,
    lists: Iterable[MailingList],
    language: str,
    consent_text: str,
    source: str = Subscription.Source.FORM,
) -> Subscriber:
    """Record a request to subscribe and mail the confirmation link (double opt-in).
    Lists already confirmed stay as they are; nothing is sent before confirmation."""
    lists = list(lists)
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(
            email=email.strip().lower(),
            defaults={"name": name, "language": language},
        )
        for mailing_list in lists:
            subscription, created = Subscription.objects.get_or_create(
                subscriber=subscriber,
                mailing_list=mailing_list,
                defaults={"source": source, "consent_text": consent_text},
            )
            if not created and subscription.status == Subscription.Status.UNSUBSCRIBED:
                subscription.status = Subscription.Status.PENDING
                subscription.source = source
                subscription.consent_text = consent_text
                subscription.save(update_fields=["status", "source", "consent_text"])
        token = confirm_token(subscriber=subscriber, lists=lists)
        emails.send_confirmation(
            subscriber=subscriber,
            confirm_url=confirm_url(token, language=subscriber.language),
            lists=lists,
        )
    return subscriber


def read_confirm_token(token: str) -> tuple[Subscriber, list[int]]:
    """The subscriber and lists of a confirmation link that has not expired;
    `ConfirmationLinkError` for any other."""
    try:
        data = signing.loads(
            token,
            salt=CONFIRM_SALT,
            max_age=datetime.timedelta(days=settings.PORTAL_LETTERS_CONFIRM_DAYS),
        )
        subscriber = Subscriber.objects.get(pk=data["s"])
        list_ids = [int(pk) for pk in data["l"]]
    except (
        signing.BadSignature,
        Subscriber.DoesNotExist,
        KeyError,
        TypeError,
        ValueError,
    ) as error:
        raise ConfirmationLinkError from error
    return subscriber, list_ids


def confirm_subscription(*, token: str, now: datetime.datetime) -> Subscriber:
    """Confirm the lists of a confirmation link that has not expired."""
    subscriber, list_ids = read_confirm_token(token)
    Subscription.objects.filter(
        subscriber=subscriber,
        mailing_list__in=list_ids,
        status=Subscription.Status.PENDING,
    ).update(status=Subscription.Status.CONFIRMED, confirmed_at=now)
    return subscriber


def subscriber_for_user(user) -> Subscriber | None:
    return Subscriber.objects.filter(user=user).first()


def update_subscriptions(
    *,
    subscriber: Subscriber,
    lists: Iterable[MailingList],
    themes: Iterable[Theme],
    language: str,
    source: str,
    consent_text: str,
    now: datetime.datetime,
) -> Subscriber:
    """Set exactly these lists, themes and language. The person is known (signed in, or
    holding the private link mailed to the address), so a list they tick is subscribed
    at once; a list they untick is left."""
    chosen = {item.pk for item in lists}
    with transaction.atomic():
        subscriber.language = language
        subscriber.save(update_fields=["language"])
        subscriber.themes.set(list(themes))
        existing = {s.mailing_list_id: s for s in subscriber.subscriptions.all()}
        for list_id in chosen:
            subscription = existing.get(list_id)
            if subscription is None:
                Subscription.objects.create(
                    subscriber=subscriber,
                    mailing_list_id=list_id,
                    status=Subscription.Status.CONFIRMED,
                    source=source,
                    consent_text=consent_text,
                    confirmed_at=now,
                )
            elif subscription.status != Subscription.Status.CONFIRMED:
                subscription.status = Subscription.Status.CONFIRMED
                subscription.source = source
                subscription.consent_text = consent_text
                subscription.confirmed_at = now
                subscription.unsubscribed_at = None
                subscription.save()
        subscriber.subscriptions.exclude(mailing_list__in=chosen).exclude(
            status=Subscription.Status.UNSUBSCRIBED
        ).update(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=now)
    return subscriber


def update_member_subscriptions(
    *,
    user,
    lists: Iterable[MailingList],
    themes: Iterable[Theme],
    language: str,
    consent_text: str,
    now: datetime.datetime,
) -> Subscriber:
    """A member's choices in My account, for their account's address."""
    profile = getattr(user, "profile", None)
    with transaction.atomic():
        subscriber = subscriber_for_user(user)
        if subscriber is None:
            subscriber, _created = Subscriber.objects.get_or_create(
                email=user.email.lower()
            )
            subscriber.user = user
        subscriber.name = user.get_full_name()
        subscriber.municipality_id = profile.municipality_id if profile else None
        subscriber.save()
        return update_subscriptions(
            subscriber=subscriber,
            lists=lists,
            themes=themes,
            language=language,
            source=Subscription.Source.ACCOUNT,
            consent_text=consent_text,
            now=now,
        )


def subscribe_at_signup(
    *, user, lists: Iterable[MailingList], consent_text: str
) -> None:
    """The lists ticked when signing up, pending until the account's address is
    confirmed (`confirm_signup_subscriptions`): allauth's confirmation is the opt-in."""
    lists = list(lists)
    if not lists:
        return
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(
            email=user.email.lower(),
            defaults={
                "language": user.preferred_language or settings.LANGUAGE_CODE,
                "name": user.get_full_name(),
            },
        )
        if subscriber.user_id is None:
            subscriber.user = user
            subscriber.save(update_fields=["user"])
        for mailing_list in lists:
            Subscription.objects.get_or_create(
                subscriber=subscriber,
                mailing_list=mailing_list,
                defaults={
                    "source": Subscription.Source.SIGNUP,
                    "consent_text": consent_text,
                },
            )


def confirm_signup_subscriptions(*, email: str, now: datetime.datetime) -> int:
    """Confirm the sign-up's pending subscriptions of an address just confirmed."""
    return Subscription.objects.filter(
        subscriber__email=email.lower(),
        source=Subscription.Source.SIGNUP,
        status=Subscription.Status.PENDING,
    ).update(status=Subscription.Status.CONFIRMED, confirmed_at=now)


def unsubscribe(*, subscription: Subscription, now: datetime.datetime) -> Subscription:
    """Leave one list; doing it again changes nothing."""
    if subscription.status != Subscription.Status.UNSUBSCRIBED:
        subscription.status = Subscription.Status.UNSUBSCRIBED
        subscription.unsubscribed_at = now
        subscription.save(update_fields=["status", "unsubscribed_at"])
    return subscription


def preview_import(*, mailing_list: MailingList, rows: list) -> dict[str, int]:
    """What `import_subscribers` would do with these rows, in one query."""
    statuses = dict(
        Subscription.objects.filter(
            mailing_list=mailing_list,
            subscriber__email__in=[row.email for row in rows],
        ).values_list("subscriber__email", "status")
    )
    counts = {"added": 0, "already": 0, "left": 0}
    for row in rows:
        status = statuses.get(row.email)
        if status is None:
            counts["added"] += 1
        elif status == Subscription.Status.UNSUBSCRIBED:
            counts["left"] += 1
        else:
            counts["already"] += 1
    return counts


def import_subscribers(
    *, mailing_list: MailingList, rows: Iterable, by, consent_text: str
) -> dict[str, int]:
    """Add imported people to a list as pending and mail each who has not confirmed one
    confirmation (they get letters only after confirming). Addresses that left the list
    are never added again; confirmed ones stay as they are. Returns the counts."""
    municipalities = {}
    for municipality in Municipality.objects.only("pk", "code", "name_fi", "name_sv"):
        for key in (municipality.code, municipality.name_fi, municipality.name_sv):
            municipalities[key.lower()] = municipality
    counts = {"added": 0, "already": 0, "left": 0}
    with transaction.atomic():
        for row in rows:
            subscriber, _created = Subscriber.objects.get_or_create(
                email=row.email,
                defaults={
                    "name": row.name,
                    "organisation": row.organisation,
                    "language": row.language,
                    "municipality": municipalities.get(row.municipality.lower()),
                },
            )
            subscription = Subscription.objects.filter(
                subscriber=subscriber, mailing_list=mailing_list
            ).first()
            if subscription is not None:
                key = (
                    "left"
                    if subscription.status == Subscription.Status.UNSUBSCRIBED
                    else "already"
                )
                counts[key] += 1
                continue
            Subscription.objects.create(
                subscriber=subscriber,
                mailing_list=mailing_list,
                source=Subscription.Source.IMPORT,
                consent_text=consent_text,
            )
            token = confirm_token(subscriber=subscriber, lists=[mailing_list])
            emails.send_confirmation(
                subscriber=subscriber,
                confirm_url=confirm_url(token, language=subscriber.language),
                lists=[mailing_list],
            )
            counts["added"] += 1
        log(instance=mailing_list, action=ACTION_IMPORT, user=by, data=counts)
    return counts


# --- Personal data ------------------------------------------------------------------
def collect_subscriptions(user) -> list[dict]:
    """The own-data export: every subscription of the account's address, with consent."""
    subscriber = (
        Subscriber.objects.filter(Q(user=user) | Q(email=user.email.lower()))
        .prefetch_related("subscriptions__mailing_list", "themes")
        .first()
    )
    if subscriber is None:
        return []
    return [
        {
            "list": subscription.mailing_list.name_fi,
            "email": subscriber.email,
            "language": subscriber.language,
            "themes": [theme.name_fi for theme in subscriber.themes.all()],
            "status": subscription.status,
            "consent_source": subscription.source,
            "consent_text": subscription.consent_text,
            "requested_at": subscription.requested_at,
            "confirmed_at": subscription.confirmed_at,
            "unsubscribed_at": subscription.unsubscribed_at,
        }
        for subscription in subscriber.subscriptions.all()
    ]


def erase_subscriptions(user) -> None:
    """Account erasure removes the subscriber and its subscriptions; the deliveries keep
    only their counts."""
    Subscriber.objects.filter(Q(user=user) | Q(email=user.email.lower())).delete()


# --- Suppression -------------------------------------------------------------------
#: How `portal.tasks` records an SMTP server's permanent refusal: smtplib's errors carry
#: "(550, b'...')", also inside SMTPRecipientsRefused's {address: (code, message)}.
PERMANENT_FAILURE = r"\(5[0-9][0-9], "


def permanent_failures() -> QuerySet[OutgoingEmail]:
    """Mails that failed for good with a permanent (5xx) refusal, except those created
    before staff lifted the suppression of their address."""
    lifted = Subscriber.objects.filter(
        email=OuterRef("to"), suppression_lifted_at__gte=OuterRef("created_at")
    )
    return OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.FAILED, last_error__regex=PERMANENT_FAILURE
    ).exclude(Exists(lifted))


def suppressed_addresses() -> QuerySet:
    """Addresses with at least PORTAL_LETTERS_BOUNCE_LIMIT mails that failed for good with
    a permanent (5xx) refusal, and how many (`failures`), most first."""
    return (
        permanent_failures()
        .values("to")
        .annotate(failures=Count("pk"))
        .filter(failures__gte=settings.PORTAL_LETTERS_BOUNCE_LIMIT)
        .order_by("-failures", "to")
    )


def is_suppressed(subscriber: Subscriber) -> bool:
    return suppressed_addresses().filter(to=subscriber.email).exists()


def lift_suppression(
    *, subscriber: Subscriber, by, now: datetime.datetime
) -> Subscriber:
    """Staff let letters go to a suppressed address again (e.g. the mailbox was
    fixed): the failures so far no longer count. Written to the audit log."""
    with transaction.atomic():
        subscriber.suppression_lifted_at = now
        subscriber.save(update_fields=["suppression_lifted_at"])
        log(
            instance=subscriber,
            action=ACTION_LIFT_SUPPRESSION,
            user=by,
            data={"email": subscriber.email},
        )
    return subscriber


def unsubscribe_by_staff(
    *, subscription: Subscription, by, now: datetime.datetime
) -> Subscription:
    """Staff take a subscriber off a list (e.g. asked to by phone); audit-logged."""
    with transaction.atomic():
        unsubscribe(subscription=subscription, now=now)
        log(
            instance=subscription.subscriber,
            action=ACTION_STAFF_UNSUBSCRIBE,
            user=by,
            data={"list": subscription.mailing_list.name_fi},
        )
    return subscription


def resend_confirmation(*, subscriber: Subscriber, by) -> list[MailingList]:
    """Mail the confirmation link again for the subscriber's pending lists (one mail);
    `NothingToConfirmError` when none is pending."""
    lists = [
        subscription.mailing_list
        for subscription in subscriber.subscriptions.filter(
            status=Subscription.Status.PENDING
        ).select_related("mailing_list")
    ]
    if not lists:
        raise NothingToConfirmError
    with transaction.atomic():
        token = confirm_token(subscriber=subscriber, lists=lists)
        emails.send_confirmation(
            subscriber=subscriber,
            confirm_url=confirm_url(token, language=subscriber.language),
            lists=lists,
        )
        log(
            instance=subscriber,
            action=ACTION_RESEND_CONFIRMATION,
            user=by,
            data={"lists": [item.name_fi for item in lists]},
        )
    return lists


def subscribers_for_browser() -> QuerySet[Subscriber]:
    """The staff's subscriber browser: municipality, the subscriptions with their lists
    and whether the address is suppressed (`is_suppressed`), in three queries a page."""
    return (
        Subscriber.objects.select_related("municipality", "user")
        .prefetch_related(
            Prefetch(
                "subscriptions",
                queryset=Subscription.objects.select_related("mailing_list"),
            )
        )
        .annotate(
            is_suppressed=Exists(suppressed_addresses().filter(to=OuterRef("email")))
        )
    )


def subscriber_deliveries(subscriber: Subscriber) -> QuerySet[Delivery]:
    """The letters sent to the subscriber, newest first, with their mails (one query)."""
    return (
        Delivery.objects.filter(subscription__subscriber=subscriber)
        .select_related("letter", "outgoing_email", "subscription__mailing_list")
        .order_by("-pk")
    )


# --- Audience -----------------------------------------------------------------------
def audience(letter: LetterPage) -> QuerySet[Subscription]:
    """The confirmed subscriptions of the letter's list, without suppressed addresses,
    narrowed by the letter's themes, language and the municipality filters (which only
    members' and imported people's known municipalities can pass)."""
    letter = canonical_letter(letter)
    subscriptions = (
        Subscription.objects.confirmed()
        .filter(mailing_list_id=letter.mailing_list_id)
        .exclude(subscriber__email__in=suppressed_addresses().values("to"))
    )
    theme_ids = list(letter.themes.values_list("pk", flat=True))
    if theme_ids:
        chose_none = ~Exists(
            Subscriber.themes.through.objects.filter(
                subscriber_id=OuterRef("subscriber_id")
            )
        )
        chose_ours = Exists(
            Subscriber.themes.through.objects.filter(
                subscriber_id=OuterRef("subscriber_id"), theme_id__in=theme_ids
            )
        )
        subscriptions = subscriptions.filter(chose_none | chose_ours)
    if letter.only_language:
        subscriptions = subscriptions.filter(subscriber__language=letter.only_language)
    if letter.municipality_size_class:
        subscriptions = subscriptions.filter(
            size_class_condition(
                letter.municipality_size_class, prefix="subscriber__municipality__"
            )
        )
    if letter.municipality_region:
        subscriptions = subscriptions.filter(
            subscriber__municipality__region=letter.municipality_region
        )
    if letter.municipality_language:
        subscriptions = subscriptions.filter(
            subscriber__municipality__language=letter.municipality_language
        )
    if letter.only_unregistered_municipalities:
        registered = Registration.objects.filter(
            municipality_id=OuterRef("subscriber__municipality_id")
        )
        subscriptions = subscriptions.filter(
            subscriber__municipality__isnull=False
        ).exclude(Exists(registered))
    return subscriptions


def recipient_count(letter: LetterPage) -> int:
    return audience(letter).count()


def canonical_letter(letter: LetterPage) -> LetterPage:
    """The Finnish (default-language) page, which holds the sending."""
    if letter.locale.language_code == settings.LANGUAGE_CODE:
        return letter
    original = (
        LetterPage.objects.filter(
            translation_key=letter.translation_key,
            locale__language_code=settings.LANGUAGE_CODE,
        )
        .select_related("locale")
        .first()
    )
    return original or letter


# --- Sending ------------------------------------------------------------------------
def _set_state(letter: LetterPage, **fields) -> None:
    """Write the sending state on the letter and all its translations (no revision)."""
    LetterPage.objects.filter(translation_key=letter.translation_key).update(**fields)
    for name, value in fields.items():
        setattr(letter, name, value)


def send_letter(*, letter: LetterPage, by, now: datetime.datetime) -> LetterPage:
    """Freeze the letter (one rendering per language) and queue its sending; a letter
    is sent once."""
    from .tasks import queue_letter

    letter = canonical_letter(letter)
    with transaction.atomic():
        locked = LetterPage.objects.select_for_update().get(pk=letter.pk)
        if locked.send_status in (
            LetterPage.SendStatus.SENDING,
            LetterPage.SendStatus.SENT,
        ):
            raise LetterAlreadySentError
        if not locked.live:
            raise LetterNotPublishedError
        freeze_renderings(letter, now=now)
        _set_state(
            letter,
            send_status=LetterPage.SendStatus.SENDING,
            sending_started_at=now,
            sent_at=now,
            scheduled_at=None,
        )
        log(instance=letter, action=ACTION_SEND, user=by)
        queue_mail_task(queue_letter, letter.pk)
    return letter


def schedule_letter(
    *, letter: LetterPage, at: datetime.datetime, by, now: datetime.datetime
) -> LetterPage:
    """Send at a time: `send_scheduled_letters` starts it when the time comes."""
    letter = canonical_letter(letter)
    if letter.is_frozen:
        raise LetterAlreadySentError
    if at <= now:
        raise LetterScheduleError
    _set_state(letter, send_status=LetterPage.SendStatus.SCHEDULED, scheduled_at=at)
    log(instance=letter, action=ACTION_SCHEDULE, user=by)
    return letter


def unschedule_letter(*, letter: LetterPage) -> LetterPage:
    letter = canonical_letter(letter)
    if letter.send_status == LetterPage.SendStatus.SCHEDULED:
        _set_state(letter, send_status=LetterPage.SendStatus.DRAFT, scheduled_at=None)
    return letter


def send_scheduled_letters(*, now: datetime.datetime) -> int:
    """Start every scheduled letter whose time has come; a live letter only."""
    started = 0
    for letter in LetterPage.objects.due(now).filter(
        locale__language_code=settings.LANGUAGE_CODE
    ):
        try:
            send_letter(letter=letter, by=None, now=now)
        except (LetterAlreadySentError, LetterNotPublishedError):
            continue
        started += 1
    return started


def translations_by_language(letter: LetterPage) -> dict[str, LetterPage]:
    pages = LetterPage.objects.live().filter(translation_key=letter.translation_key)
    return {page.locale.language_code: page for page in pages.select_related("locale")}


def freeze_renderings(letter: LetterPage, *, now: datetime.datetime) -> None:
    """Render the letter once in each of its languages, as it will be sent."""
    for language, page in translations_by_language(letter).items():
        rendered = emails.render_letter(page, now=now)
        LetterRendering.objects.update_or_create(
            letter=letter,
            language=language,
            defaults={
                "page": page,
                "subject": rendered.subject,
                "body_text": rendered.text,
                "body_html": rendered.html,
                "upcoming_event_ids": rendered.upcoming_event_ids,
            },
        )


def letter_headers(*, mailing_list: MailingList, unsubscribe: str) -> dict[str, str]:
    """The headers of a letter's mail: the queue's (Auto-Submitted, the https one-click
    List-Unsubscribe) with a mailto address too, and the List-Id."""
    headers = mail_headers(auto_submitted=True, unsubscribe_url=unsubscribe)
    mailto = f"mailto:{settings.PORTAL_REPLY_TO_EMAIL}?subject=unsubscribe"
    headers["List-Unsubscribe"] = f"<{unsubscribe}>, <{mailto}>"
    headers["List-Id"] = mailing_list.list_id
    return headers


def throttle_moment(*, start: datetime.datetime, position: int) -> datetime.datetime:
    """When the mail at this position of the sending may go, at PORTAL_LETTERS_PER_MINUTE."""
    per_minute = max(settings.PORTAL_LETTERS_PER_MINUTE, 1)
    return start + datetime.timedelta(seconds=60 * (position // per_minute))


def queue_deliveries(
    *, letter: LetterPage, now: datetime.datetime, chunk_size: int = CHUNK_SIZE
) -> int:
    """Queue one mail per recipient who has none yet, a chunk at a time, each chunk in
    its own transaction: a crash leaves the chunks done, and running it again continues
    (the unique delivery per subscription makes a second copy impossible). Returns the
    mails queued. Marks the letter sent when every recipient has a delivery."""
    from portal.tasks import send_outgoing_email

    letter = canonical_letter(letter)
    renderings = {r.language: r for r in letter.renderings.all()}
    fallback = renderings.get(settings.LANGUAGE_CODE) or next(iter(renderings.values()))
    mailing_list = letter.mailing_list
    done = Delivery.objects.filter(letter=letter, subscription=OuterRef("pk"))
    pending = audience(letter).exclude(Exists(done)).order_by("pk")
    position = Delivery.objects.filter(letter=letter).count()
    queued = 0
    last_pk = 0
    while True:
        chunk = list(
            pending.filter(pk__gt=last_pk)
            .select_related("subscriber")
            .only(
                "pk",
                "mailing_list_id",
                "subscriber__token",
                "subscriber__email",
                "subscriber__language",
            )[:chunk_size]
        )
        if not chunk:
            break
        last_pk = chunk[-1].pk
        with transaction.atomic():
            mails, deliveries = [], []
            for subscription in chunk:
                language = subscription.subscriber.language
                rendering = renderings.get(language, fallback)
                url = unsubscribe_url(subscription, language=rendering.language)
                text, html = emails.personalise(rendering, unsubscribe_url=url)
                mails.append(
                    OutgoingEmail(
                        to=subscription.subscriber.email,
                        subject=rendering.subject[:255],
                        body_text=text,
                        body_html=html,
                        reply_to=settings.PORTAL_REPLY_TO_EMAIL,
                        headers=letter_headers(
                            mailing_list=mailing_list, unsubscribe=url
                        ),
                        kind="letters",
                        next_attempt_at=throttle_moment(start=now, position=position)
                        + datetime.timedelta(
                            seconds=settings.PORTAL_EMAIL_QUEUE_GRACE_SECONDS
                        ),
                    )
                )
                deliveries.append(
                    Delivery(
                        letter=letter,
                        subscription=subscription,
                        language=rendering.language,
                    )
                )
                position += 1
            if is_mail_suppressed():
                mails = []
            created = OutgoingEmail.objects.bulk_create(mails)
            for delivery, mail in zip(deliveries, created, strict=False):
                # By id: the object would also set the mail's reverse cache, a cycle
                # that keeps every chunk in memory until the garbage collector runs.
                delivery.outgoing_email_id = mail.pk
            try:
                Delivery.objects.bulk_create(deliveries)
            except IntegrityError:  # another worker queued this chunk meanwhile
                transaction.set_rollback(True)
                continue
            _enqueue_sending(send_outgoing_email, created, start=now, offset=position)
            queued += len(created)
    _set_state(letter, send_status=LetterPage.SendStatus.SENT)
    return queued


def _enqueue_sending(task, mails: list[OutgoingEmail], *, start, offset: int) -> None:
    """One sending task per mail, deferred to its throttled moment where the backend
    can defer (the database workers); elsewhere at once."""
    from django_tasks import default_task_backend

    first = offset - len(mails)
    for index, mail in enumerate(mails):
        if default_task_backend.supports_defer:
            moment = throttle_moment(start=start, position=first + index)
            queue_mail_task(task.using(run_after=moment), mail.pk)
        else:
            queue_mail_task(task, mail.pk)


def resend_failed(*, letter: LetterPage, by, now: datetime.datetime) -> int:
    """Try again every mail of the letter that failed: its attempts start over."""
    from portal.tasks import send_outgoing_email

    letter = canonical_letter(letter)
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(letter=letter)
            .failed()
            .values_list("outgoing_email_id", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=ids).update(
            status=OutgoingEmail.Status.QUEUED, attempts=0, next_attempt_at=now
        )
        for pk in ids:
            queue_mail_task(send_outgoing_email, pk)
        if ids:
            log(instance=letter, action=ACTION_RESEND, user=by)
    return len(ids)


def progress(letter: LetterPage) -> dict[str, int]:
    """Queued, sent and failed mails of the letter, and those who left the list after
    it was sent, in one query each."""
    letter = canonical_letter(letter)
    deliveries = Delivery.objects.filter(letter=letter)
    counts = dict(
        deliveries.values_list("outgoing_email__status")
        .annotate(n=Count("pk"))
        .values_list("outgoing_email__status", "n")
    )
    unsubscribed = (
        deliveries.filter(
            subscription__status=Subscription.Status.UNSUBSCRIBED,
            subscription__unsubscribed_at__gte=letter.sending_started_at
            or timezone.now(),
        ).count()
        if letter.sending_started_at
        else 0
    )
    return {
        "recipients": sum(counts.values()),
        "queued": counts.get(OutgoingEmail.Status.QUEUED, 0),
        "sent": counts.get(OutgoingEmail.Status.SENT, 0),
        "failed": counts.get(OutgoingEmail.Status.FAILED, 0),
        "unsubscribed": unsubscribed,
    }


def report_rows(letter: LetterPage) -> QuerySet[Delivery]:
    """The letter's deliveries for the staff's report, with their mails, in one query."""
    return (
        Delivery.objects.filter(letter=canonical_letter(letter))
        .select_related("outgoing_email", "subscription")
        .order_by("pk")
    )


def left_after(delivery: Delivery, *, letter: LetterPage) -> bool:
    """Whether the recipient unsubscribed from the list after the letter went out."""
    subscription = delivery.subscription
    return bool(
        subscription
        and subscription.unsubscribed_at
        and letter.sending_started_at
        and subscription.unsubscribed_at >= letter.sending_started_at
    )


def list_report(mailing_list: MailingList) -> dict[str, list]:
    """A list's subscribers over time (joined and left per month, and the total at each
    month's end), and its confirmed subscribers by municipality and language."""
    subscriptions = Subscription.objects.filter(mailing_list=mailing_list)
    joined = dict(
        subscriptions.filter(confirmed_at__isnull=False)
        .annotate(month=TruncMonth("confirmed_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    left = dict(
        subscriptions.filter(
            status=Subscription.Status.UNSUBSCRIBED,
            unsubscribed_at__isnull=False,
            confirmed_at__isnull=False,
        )
        .annotate(month=TruncMonth("unsubscribed_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    months, total = [], 0
    for month in sorted({*joined, *left}):
        total += joined.get(month, 0) - left.get(month, 0)
        months.append((month.date(), joined.get(month, 0), left.get(month, 0), total))
    confirmed = subscriptions.confirmed()
    by_municipality = list(
        confirmed.values_list("subscriber__municipality__name_fi")
        .annotate(n=Count("pk"))
        .order_by("-n", "subscriber__municipality__name_fi")
    )
    by_language = list(
        confirmed.values_list("subscriber__language")
        .annotate(n=Count("pk"))
        .order_by("-n", "subscriber__language")
    )
    return {
        "months": months,
        "municipalities": by_municipality,
        "languages": by_language,
    }


def send_test(*, letter: LetterPage, user, now: datetime.datetime) -> OutgoingEmail:
    """The letter as it would be sent now, to the staff member's own address, marked a
    test, in the page's language."""
    rendered = emails.render_letter(letter, now=now)
    with translation.override(letter.locale.language_code):
        subject = gettext("[Test] %(subject)s") % {"subject": rendered.subject}
    placeholder = urljoin(settings.PORTAL_BASE_URL, letter.url or "/")
    return queue_email(
        to=user.email,
        subject=subject,
        text=rendered.text.replace(emails.UNSUBSCRIBE_PLACEHOLDER, placeholder),
        html=rendered.html.replace(emails.UNSUBSCRIBE_PLACEHOLDER, placeholder),
        kind="letters-test",
    )
