"""Event pages, registration, calendar files and feeds. Rules live in `services`; views bind
forms, call a service and turn a `RegistrationError` into a message and status."""

import dataclasses
import datetime
import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Window
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wagtail.models import Locale

from events import access as event_access
from events import ics, services
from events.cards import CARD_FIELDS, render_event_cards
from events.exceptions import (
    InvalidAnswers,
    ManageLinkExpired,
    RegistrationError,
    SuspectedSpam,
    TooManyRegistrations,
)
from events.filters import EventFeedFilterSet, EventFilterSet
from events.forms import GuestRegistrationForm, RegistrationForm
from events.models import (
    EventIndexPage,
    EventPage,
    PersonalCalendarToken,
    Registration,
)
from events.models.pages import EventPageQuerySet, next_moment
from events.models.registrations import RegistrationQuerySet
from portal import access, event_sections, pagecache
from portal.cache import (
    KeptQuerysets,
    digest,
    layout_version,
    preload,
    request_cache_set,
    request_cached,
    version,
)
from portal.links import safe_next
from portal.models.pages import translation_paths
from portal.ratelimit import client_address, count_hit, seconds_left

FEED_MAX_EVENTS = 500
FEED_CACHE_TIMEOUT = 60 * 60
PERSONAL_FEED_HISTORY = datetime.timedelta(days=60)


# --- Event index ----------------------------------------------------------------------


#: The index listings' querysets, by what they are built from (below).
_LISTINGS = KeptQuerysets()


def _listing_key(index_page: EventIndexPage, user) -> tuple:
    """What an index's listing is built from for `user` (`listing_queryset`)."""
    return (
        tuple(translation_paths(index_page)),
        index_page.locale_id,
        tuple(access.visible_audiences(user)),
    )


def listing_queryset(index_page: EventIndexPage, user) -> EventPageQuerySet:
    """The events of the index's listing that `user` may see, before the filters: below
    the index and its translations, each once, live, with what a card shows.

    Building it costs about a millisecond of the ORM's Python per request, the same each
    time; it is built once per process for what it is made of (the translations' tree
    paths, `portal.models.pages.translation_paths`, cached under the layout version; the
    index's locale; the audiences the user sees) and handed out as a copy (`all()`), so
    a moved page, a new translation or another audience gives another entry
    (`portal.cache.KeptQuerysets`)."""
    return _LISTINGS.get(
        _listing_key(index_page, user),
        lambda: (
            EventPage.objects.below_index(index_page)
            .one_per_translation(index_page.locale_id)
            .for_listing()
            .visible_to(user)
        ),
    )


#: How long a listing's total is kept at most; it goes sooner when the soonest listed
#: event ends, and with every change to a page (the layout version).
LISTING_TOTAL_TIMEOUT = 60 * 60


def listing_total_key(index_page: EventIndexPage, user, filterset) -> str:
    """Where the number of events the listing shows `user` with these filters is kept;
    empty when it is not kept (`total_is_kept` of the filter set: for past events and
    "only free seats" it changes otherwise than with pages and the ending of listed
    events). The key changes with the layout version, which every saved, published,
    unpublished, moved or deleted page bumps (`PORTAL_CACHE_DEPENDENCIES`)."""
    if not filterset.total_is_kept:
        return ""
    return "events:listing-total:" + digest(
        layout_version(), _listing_key(index_page, user), filterset.filter_query
    )


def keep_listing_total(key: str, total: int, *, now, changes_at) -> None:
    """Keep the listing's total at `key` until the soonest listed event ends
    (`changes_at`, when the total drops by one; None when nothing is listed, which only
    a page's change alters), an hour at most."""
    if not key:
        return
    timeout = LISTING_TOTAL_TIMEOUT
    if changes_at is not None:
        timeout = min(int((changes_at - now).total_seconds()), timeout)
    if timeout >= 1:
        cache.set(key, total, timeout=timeout)


def listing_page(events, per_page: int, number, *, total_key="", now=None) -> Page:
    """The page `number` of the listing's card rows (`CARD_FIELDS`), as
    `Paginator.get_page` gives it.

    With the total kept at `total_key` (`listing_total_key`), one query: the page's rows.
    Otherwise also one where the paginator takes two: the rows of the page carry the
    listing's total (`COUNT(*) OVER ()`, computed before the LIMIT) and the soonest end
    among the listed events (`MIN(ends_at) OVER ()`), until which the total is kept
    (`keep_listing_total`; the listing is of events that have not ended by `now`). A
    page past the end (no rows, so no total) or not a number falls back to the count,
    with the soonest end, then the rows."""
    rows = events.values_list(*CARD_FIELDS, named=True)
    paginator = Paginator(rows, per_page)
    total = cache.get(total_key) if total_key else None
    if total is not None:
        paginator.count = total  # what the paginator would count
        page = paginator.get_page(number)
        page.object_list = list(page.object_list)
        return page
    try:
        wanted = int(number) if number is not None else 1
    except (TypeError, ValueError):
        wanted = 0
    page_rows = []
    if wanted >= 1 and not events.query.distinct:
        bottom = (wanted - 1) * per_page
        counted = events.annotate(
            listing_total=Window(Count("*")), listing_changes=Window(Min("ends_at"))
        ).values_list(*CARD_FIELDS, "listing_total", "listing_changes", named=True)
        page_rows = list(counted[bottom : bottom + per_page])
    if page_rows:
        found = {"total": page_rows[0].listing_total}
        found["changes"] = page_rows[0].listing_changes
    else:
        found = events.order_by().aggregate(total=Count("*"), changes=Min("ends_at"))
    paginator.count = found["total"]
    keep_listing_total(total_key, found["total"], now=now, changes_at=found["changes"])
    if page_rows:
        return Page(page_rows, wanted, paginator)
    return paginator.get_page(number)


def event_index_context(request, *, index_page) -> dict:
    """Filtered, paginated events that the user may see, below the index page and its
    translations, each once (its translation in the index's language, if it has one),
    linked on this index's site; "language of the event" chooses among all of them."""
    events = listing_queryset(index_page, request.user)
    now = timezone.now()
    filterset = EventFilterSet.for_query(request.GET, queryset=events, now=now)
    page_obj = listing_page(
        filterset.qs,
        index_page.PAGE_SIZE,
        request.GET.get("page"),
        total_key=listing_total_key(index_page, request.user, filterset),
        now=now,
    )
    for row in page_obj.object_list:  # a card shows "closed" and "over" by the clock
        pagecache.valid_until(
            request,
            next_moment(now, row.registration_closes_at, row.starts_at, row.ends_at),
        )
    pagecache.shows_listed_seats(request)
    feed_url = request.build_absolute_uri(reverse("events:public_feed"))
    if filterset.feed_query:
        feed_url += "?" + filterset.feed_query
    # The filter form's HTML ({% cached_html %}) is read with the cards.
    filters_key = "events:filters:" + digest(
        layout_version(),
        translation.get_language(),
        request.path,
        filterset.filter_query,
    )
    return {
        "filterset": filterset,
        "filters_cache_key": filters_key,
        "page_obj": page_obj,
        "events": page_obj.object_list,
        "event_cards": render_event_cards(
            page_obj.object_list,
            request=request,
            index_url=index_page.get_url(request) or "",
            preload_keys=[filters_key],
        ),
        "feed_url": feed_url,
        "webcal_url": ics.webcal_url(feed_url),
    }


# --- Event page and registration ------------------------------------------------------


@functools.cache
def _active_registrations() -> RegistrationQuerySet:
    return Registration.objects.active().with_waitlist_position()


def active_registrations() -> RegistrationQuerySet:
    """Active registrations with their waitlist positions: built once per process (the
    position's subquery takes the ORM about half a millisecond to build), a copy each
    time, which the caller filters to a person and an event."""
    return _active_registrations().all()


def registration_state(event: EventPage, user, registration, now) -> str:
    """What the registration box of the page shows, from the event's predicates."""
    if event.is_cancelled:
        return "cancelled"
    if event.has_ended(now):
        return "past"
    if registration is not None:
        return "registered"
    if event.is_registration_upcoming(now):
        return "not_open_yet"
    if not event.is_registration_open(now) or event.has_started(now):
        return "closed"
    if event.is_full and not event.has_waitlist:
        return "full"
    if not access.is_signed_in(user) and event.audience != access.Audience.PUBLIC:
        return "sign_in"
    return "open"


def registration_form_class(request) -> type[RegistrationForm]:
    """A signed-in person's form (pre-filled, no address) or a guest's."""
    if access.is_signed_in(request.user):
        return RegistrationForm
    return GuestRegistrationForm


def unbound_registration_form(request) -> tuple[type[RegistrationForm], dict]:
    """The class and the initial values of the form an event page shows: a signed-in
    person's is pre-filled from their profile."""
    form_class = registration_form_class(request)
    if form_class is GuestRegistrationForm:
        return form_class, {}
    details = services.details_from_profile(request.user)
    initial = {
        "name": details.name,
        "organisation": details.organisation,
        "municipality": details.municipality,
    }
    return form_class, initial


def registration_form(request, event: EventPage, data=None) -> RegistrationForm:
    if data is not None:  # a bound form shows what was posted, not the profile
        return registration_form_class(request)(data, event=event)
    form_class, initial = unbound_registration_form(request)
    return form_class(event=event, initial=initial)


#: Where an unbound form's rendered fields are cached (`registration_fields_cache_key`).
REGISTRATION_FIELDS_PREFIX = "events:registration-fields:"


def registration_fields_cache_key(
    request, event: EventPage, form_class: type[RegistrationForm]
) -> str:
    """Key of an unbound form's rendered fields: what they show (the event's questions,
    which change only by publishing, the form's class, the language, the municipality
    list and addresses, which the layout version covers) and, on a signed-in person's
    form, what its pre-filled details come from: their account's name, address and
    language (the request's user row, fresh after every change) and their profile, under
    the "member-profiles" version. So the profile is read only to render the fields."""
    person = None
    if form_class is RegistrationForm:
        user = request.user
        person = (
            user.pk,
            user.get_full_name(),
            user.email,
            user.preferred_language,
            version("member-profiles"),
        )
    return REGISTRATION_FIELDS_PREFIX + digest(
        layout_version(),
        translation.get_language(),
        event.pk,
        event.url_path,
        event.last_published_at,
        form_class.__name__,
        person,
    )


def event_page_context(request, event: EventPage, *, form=None, error=None) -> dict:
    now = timezone.now()
    registrations = (  # a translation's registrations are its owner's
        active_registrations()
        .for_user(request.user)
        .filter(event_id=event.registration_owner_pk)
        .order_by()  # at most one is active (a constraint): no ORDER BY to compile
    )
    if event.is_translation:  # their event, the owner, read with them
        registrations = registrations.select_related("event")
    registration = next(iter(registrations), None)
    if registration is not None and not event.is_translation:
        # The registration's event is this page: `can_be_cancelled` reads it without a
        # query.
        registration.event = event
    state = registration_state(event, request.user, registration, now)
    pagecache.valid_until(request, event.next_state_change(now))
    pagecache.shows_seats(request, [event.registration_owner_pk])
    form_cache_key = ""
    if state == "open" and form is None:
        form_cache_key = registration_fields_cache_key(
            request, event, registration_form_class(request)
        )
    # The cached pieces of the page in one round trip: the theme names, the speakers and
    # the form's fields ({% cached_html %} in the template).
    keys = (
        event_theme_names_key(request, event),
        event_speakers_key(request, event),
        form_cache_key,
    )
    preload(*(key for key in keys if key))
    if form_cache_key and request_cached(form_cache_key) is None:
        # The fields are rendered (and cached) only now; an unbound form has no errors
        # to show, so with the fields cached the page needs no form object (nor the
        # profile it is pre-filled from).
        form_class, initial = unbound_registration_form(request)
        form = form_class(event=event, initial=initial)
    public_entry = event.calendar_entry(request=request)
    shown_under = event.shown_under
    event_url = (
        event.url_on_site(shown_under.get_url(request) or "", request)
        if shown_under is not None
        else event.get_url(request)
    )
    is_confirmed = registration is not None and registration.is_confirmed
    return {
        "registration": registration,
        "registration_state": state,
        "form": form if state == "open" else None,
        "form_cache_key": form_cache_key,
        # A page for the whole-page cache carries no CSRF token: the form fetches one.
        "csrf_by_fragment": pagecache.is_cacheable_request(request),
        "error": error,
        "meeting_url": event.online_meeting_url
        if is_confirmed and event.is_meeting_link_shown(now)
        else "",
        "show_materials": event.has_materials
        and event.are_materials_visible(registration),
        "google_calendar_url": ics.google_calendar_url(public_entry),
        "outlook_calendar_url": ics.outlook_calendar_url(public_entry),
        "ics_url": event.get_ics_url(request),
        "event_url": event_url,
        "event_sections": event_sections.sections_for(request, event, registration),
        "theme_names": event_theme_names(request, event),
        "speakers": event_speakers(request, event),
    }


#: How long an event's theme names and speakers stay cached (the key changes with what
#: they show).
SHOWN_FACTS_TIMEOUT = 60 * 60


def _shown_fact_key(request, event: EventPage, kind: str, current_version) -> str:
    """Where what the event page shows of `kind` is cached: under `current_version()`,
    the reader's language and the event's publication (what the page shows of it changes
    only by publishing); empty for a preview, which shows its own."""
    if getattr(request, "is_preview", False):
        return ""
    return f"events:{kind}:" + digest(
        current_version(),
        translation.get_language(),
        event.pk,
        event.last_published_at,
    )


def _shown_fact(key: str, compute):
    """The cached value at `key` (read with the page's other pieces when preloaded),
    else `compute()`, stored there."""
    if not key:
        return compute()
    value = request_cached(key)
    if value is None:
        value = compute()
        request_cache_set(key, value, SHOWN_FACTS_TIMEOUT)
    return value


def event_theme_names_key(request, event: EventPage) -> str:
    """The theme names are kept under the layout version (which any change to a page or
    a theme bumps)."""
    return _shown_fact_key(request, event, "theme-names", layout_version)


def event_theme_names(request, event: EventPage) -> list[str]:
    """The names of the event's themes in the reader's language."""
    return _shown_fact(
        event_theme_names_key(request, event),
        lambda: [str(theme) for theme in event.themes.all()],
    )


def _shown_speakers(event: EventPage) -> list[dict]:
    """The speaker lines of the event page (the experts of all blocks in one query); an
    expert since deleted from the directory leaves an empty choice, not shown."""
    shown = []
    for speaker in event.speakers:
        value = speaker.value
        if speaker.block_type == "expert":
            if value is not None:
                shown.append(
                    {
                        "is_expert": True,
                        "name": value.name,
                        "title": value.title,
                        "url": value.get_absolute_url(),
                    }
                )
        else:
            shown.append(
                {
                    "is_expert": False,
                    "name": value["name"],
                    "title": value["title"],
                    "organisation": value["organisation"],
                }
            )
    return shown


def event_speakers_key(request, event: EventPage) -> str:
    """The speaker lines are kept under the "event-speakers" version (the experts'
    rows); an event without speakers reads nothing."""
    if not event.speakers:
        return ""
    return _shown_fact_key(
        request, event, "speakers", lambda: version("event-speakers")
    )


def event_speakers(request, event: EventPage) -> list[dict]:
    """The event's speakers as the page lists them (titles and addresses)."""
    if not event.speakers:
        return []
    return _shown_fact(
        event_speakers_key(request, event), lambda: _shown_speakers(event)
    )


def event_page(request, event: EventPage):
    if request.method == "POST":
        return register(request, event)
    return event.render(request, context_overrides=event_page_context(request, event))


#: What a registration POST reads of the event before the service locks it and reads its
#: rules again: its place in the page tree (view restrictions, address), whether it is live,
#: its audience and its questions (the form). A page shown after an error is read in full.
POST_EVENT_FIELDS = (
    "path",
    "depth",
    "url_path",
    "locale",
    "live",
    "audience",
    "registration_questions",
    "registration_owner",
)


@csrf_exempt  # checked by `register`, which answers a refused POST with the form
def event_registration(request, pk: int):
    """The registration form's address: the event by its id, without routing through the
    page tree. The same checks as the event page (Wagtail's view restrictions, then the
    audience); a GET shows the event page, e.g. when reloading after an error."""
    if request.method == "POST":
        event = services.event_row(pk, fields=POST_EVENT_FIELDS, live=True)
        if event is None:
            raise Http404
    else:
        event = get_object_or_404(EventPage.objects.for_listing(), pk=pk)
    for restriction in event.get_view_restrictions():
        if not restriction.accept_request(request):
            return redirect_to_login(event.url)
    return event.serve(request, view=event.event)


def csrf_refused(request) -> bool:
    """Whether Django's CSRF check refuses this POST (for a view exempt from the
    middleware's own check)."""
    check = CsrfViewMiddleware(lambda request: None)
    return check.process_view(request, None, (), {}) is not None


def register(request, event: EventPage):
    form = registration_form(request, event, data=request.POST)
    if csrf_refused(request):
        # A page from the whole-page cache has no token; without JavaScript the form
        # comes back, filled in, with a token: nothing is registered.
        return render_event_with_form(
            request,
            event,
            form,
            error=_("Please check your details and send the form again."),
            status=403,
        )
    try:
        if isinstance(form, GuestRegistrationForm):
            check_guest_rate_limit(request)
        if not form.is_valid():
            raise InvalidAnswers
        registration = register_from_form(request, event, form)
    except RegistrationError as error:
        if isinstance(error, InvalidAnswers):
            form.add_answer_errors(error.errors)
        response = render_event_with_form(request, event, form, error=error.message)
        return error.apply_to(response)
    messages.success(request, _("Thank you! We sent the details to your e-mail."))
    if registration.is_guest:
        return HttpResponseRedirect(registration.get_manage_url())
    # Back to the event on the site it was registered from (`next`, the page's address
    # there), which for an event of another language is not its own address.
    return HttpResponseRedirect(safe_next(request, event.get_url(request)))


def render_event_with_form(request, event: EventPage, form, *, error, status=200):
    if event.get_deferred_fields():  # read for the POST only: the page shows it all
        event = get_object_or_404(EventPage.objects.for_page(), pk=event.pk)
    context = event_page_context(request, event, form=form, error=error)
    response = event.render(request, context_overrides=context)
    response.status_code = status
    return response


def register_from_form(request, event: EventPage, form) -> Registration:
    data = form.cleaned_data
    details = services.RegistrantDetails(
        name=data["name"],
        email=data.get("email") or request.user.email,
        organisation=data["organisation"],
        municipality=data["municipality"],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if isinstance(form, GuestRegistrationForm):
        if form.is_probably_spam:
            raise SuspectedSpam
        return services.register_for_event(
            event=event, guest=details, answers=form.answers()
        )
    return services.register_for_event(
        event=event, user=request.user, details=details, answers=form.answers()
    )


def check_guest_rate_limit(request) -> None:
    """At most PORTAL_EVENT_GUEST_REGISTRATIONS_PER_HOUR guest attempts per address an hour."""
    key = f"events:guest-registrations:{client_address(request)}"
    attempts = count_hit(key, window_seconds=3600)
    if attempts > settings.PORTAL_EVENT_GUEST_REGISTRATIONS_PER_HOUR:
        raise TooManyRegistrations(retry_after=seconds_left(window_seconds=3600))


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, event: EventPage):
    """The event's .ics; with the meeting link only for a confirmed registrant."""
    registration = (
        Registration.objects.for_user(request.user)
        .confirmed()
        .filter(event_id=event.registration_owner_pk)
    )
    meeting_url = event.online_meeting_url if registration.exists() else ""
    content = ics.build_calendar(
        [event.calendar_entry(meeting_url=meeting_url, request=request)],
        now=timezone.now(),
    )
    return calendar_response(content, f"{event.slug}.ics")


# --- Managing a registration ----------------------------------------------------------


def guest_registration_for(token: str, *, now) -> Registration:
    """The guest registration of a private link; 404 for a wrong or replaced link,
    `ManageLinkExpired` once the event is over."""
    parsed = Registration.parse_manage_token(token)
    if parsed is None:
        raise Http404
    pk, key = parsed
    registration = get_object_or_404(
        Registration.objects.select_related("event")
        .with_waitlist_position()
        .filter(user__isnull=True),
        pk=pk,
    )
    if not registration.has_manage_key(key):
        raise Http404
    if registration.is_manage_link_expired(now):
        raise ManageLinkExpired
    return registration


def event_as_read(registration: Registration) -> EventPage:
    """The registration's event in the page's language: its live translation, if it has
    one (the same event), else the page the registration belongs to."""
    return registration.event.version_in(
        translation.get_language() or settings.LANGUAGE_CODE
    )


def link_expired(request, error: ManageLinkExpired):
    response = render(
        request, "events/registration_link_expired.html", {"error": error}
    )
    return error.apply_to(response)


#: The buttons of a guest's private page: cancelling and asking for a new link.
MANAGE_ACTIONS = {"cancel", "new_link"}


@never_cache
def registration_manage(request, token: str):
    """A guest's private page: see the registration, cancel it, get the .ics, or have a
    new link sent (the old one stops working)."""
    try:
        registration = guest_registration_for(token, now=timezone.now())
    except ManageLinkExpired as error:
        return link_expired(request, error)
    refusal = None
    if request.method == "POST":
        action = request.POST.get("action", "cancel")
        try:
            if action not in MANAGE_ACTIONS:
                raise RegistrationError
            if action == "new_link":
                services.renew_manage_link(registration=registration)
                return render(
                    request,
                    "events/registration_link_sent.html",
                    {
                        "registration": registration,
                        "event": event_as_read(registration),
                    },
                )
            services.cancel_registration(registration=registration)
        except RegistrationError as error:
            messages.error(request, error.message)
            refusal = error
        else:
            messages.success(request, _("Your registration has been cancelled."))
            return HttpResponseRedirect(request.path)
    response = render(
        request,
        "events/registration_manage.html",
        {
            "registration": registration,
            "event": event_as_read(registration),
            "token": token,
        },
    )
    return refusal.apply_to(response) if refusal else response


@never_cache
def registration_ics(request, token: str):
    try:
        registration = guest_registration_for(token, now=timezone.now())
    except ManageLinkExpired as error:
        return link_expired(request, error)
    event = registration.event
    meeting_url = event.online_meeting_url if registration.is_confirmed else ""
    content = ics.build_calendar(
        [event.calendar_entry(meeting_url=meeting_url, request=request)],
        now=timezone.now(),
    )
    return calendar_response(content, f"{event.slug}.ics")


@login_required
@require_POST
def registration_cancel(request, pk: int):
    """A signed-in user cancels their own registration."""
    registration = get_object_or_404(
        Registration.objects.select_related("event"), pk=pk
    )
    if not event_access.can_manage_own_registration(request.user, registration):
        raise Http404
    try:
        services.cancel_registration(registration=registration)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return HttpResponseRedirect(safe_next(request, registration.event.url))


# --- Calendar feeds -------------------------------------------------------------------


def public_feed(request):
    """Upcoming public events as a subscribable calendar, filterable by type, series, reform
    and language (e.g. feed.ics?type=qa_hour&reform=te24); each event once, as its
    translation in the feed's language if it has one."""
    now = timezone.now()
    filterset = EventFeedFilterSet(
        request.GET,
        queryset=EventPage.objects.public_feed(now, locale=Locale.get_active()),
    )
    events = filterset.qs[:FEED_MAX_EVENTS]
    # An entry shows published fields (`last_published_at` changes with each publish) and
    # the service's `sequence`; the layout version covers addresses; the language the
    # calendar's name and "Online". A feed with the same digest has the same entries.
    shown = events.values_list(
        "pk", "url_path", "last_published_at", "sequence", "is_cancelled"
    )
    feed_digest = digest(translation.get_language(), layout_version(), list(shown))
    etag = f'"{feed_digest}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    key = f"events:feed:{feed_digest}"
    content = cache.get(key)
    if content is None:
        entries = [event.calendar_entry(request=request) for event in events]
        content = ics.build_calendar(
            entries, now=now, name=_("Muutostuki events"), is_feed=True
        )
        cache.set(key, content, timeout=FEED_CACHE_TIMEOUT)
    response = calendar_response(content, "muutostuki.ics")
    response["ETag"] = etag
    return response


def personal_feed(request, key: str):
    """The user's own registrations with meeting links, behind a secret, revocable address."""
    token = get_object_or_404(
        PersonalCalendarToken.objects.active().select_related("user"), key=key
    )
    user = token.user
    if not user.is_active:
        raise Http404
    now = timezone.now()
    language = user.preferred_language or settings.LANGUAGE_CODE
    registrations = (
        Registration.objects.for_user(user)
        .active()
        .filter(event__live=True, event__ends_at__gt=now - PERSONAL_FEED_HISTORY)
        .select_related("event__locale")
        .with_title_in(language)
    )
    with translation.override(language):
        entries = [personal_entry(registration) for registration in registrations]
        content = ics.build_calendar(
            entries, now=now, name=_("My Muutostuki events"), is_feed=True
        )
    return calendar_response(content, "my-events.ics")


def personal_entry(registration: Registration) -> ics.CalendarEntry:
    """The registration's entry, titled as the event's translation in the feed's
    language where it has one (`with_title_in`); the UID is the event's either way."""
    event = registration.event
    if registration.is_confirmed:
        entry = event.calendar_entry(meeting_url=event.online_meeting_url)
    else:
        entry = event.calendar_entry(status="TENTATIVE")
    summary = registration.title_in_language or entry.summary
    if registration.title_in_language:
        entry = dataclasses.replace(entry, language="")
    if not registration.is_confirmed:
        summary = f"{summary} ({registration.get_status_display()})"
    return dataclasses.replace(entry, summary=summary)


@login_required
@require_POST
def calendar_token_issue(request):
    services.issue_calendar_token(user=request.user)
    messages.success(
        request, _("Your personal calendar address is ready. Keep it private.")
    )
    return HttpResponseRedirect(reverse("network:account") + "#registrations")


@login_required
@require_POST
def calendar_token_revoke(request):
    services.revoke_calendar_tokens(user=request.user)
    messages.success(request, _("Your personal calendar address no longer works."))
    return HttpResponseRedirect(reverse("network:account") + "#registrations")


# --- My account -----------------------------------------------------------------------


#: How many past registrations My account lists, the latest first.
PAST_REGISTRATIONS = 20


def registrations_account_section(request) -> dict:
    """The "My registrations" section: upcoming and past registrations, the personal feed."""
    now = timezone.now()
    registrations = (
        Registration.objects.for_user(request.user)
        .active()
        .for_account()
        .with_waitlist_position()
        .with_translation_in(translation.get_language())
    )
    # One query for both lists: the upcoming ones, and the latest 20 past ones.
    shown = list(registrations.upcoming_or_latest_past(now, past=PAST_REGISTRATIONS))
    upcoming = [registration for registration in shown if not registration.is_past]
    past = [registration for registration in reversed(shown) if registration.is_past]
    show_translations(upcoming + past)
    token = PersonalCalendarToken.objects.active().filter(user=request.user).first()
    feed_url = ""
    if token is not None:
        feed_url = request.build_absolute_uri(token.get_absolute_url())
    return {
        "upcoming": upcoming,
        "past": past,
        "feed_url": feed_url,
        "webcal_url": ics.webcal_url(feed_url),
        "csrf_token": get_token(request),
        "request": request,
    }


def show_translations(registrations: list[Registration]) -> None:
    """Give each registration `shown_event`: the event's translation in the reader's
    language where it has one (`with_translation_in`; one query, only when some have),
    else the event."""
    translated_pks = {r.translation_in_language for r in registrations} - {None}
    translations = (
        EventPage.objects.select_related("locale").in_bulk(translated_pks)
        if translated_pks
        else {}
    )
    for registration in registrations:
        registration.shown_event = translations.get(
            registration.translation_in_language, registration.event
        )


def home_section(*, request, home) -> dict:
    """The home page's next three events this user may see, from every language's tree,
    linked on the home page's site: one query for the cards' rows (seat counts included),
    whose HTML is cached by what each card shows (`events.cards`), and the event index's
    address cached under the layout version. A card's "closed" and "over" follow the clock,
    so the page cache keeps the home page only until the next such moment."""
    now = timezone.now()
    rows = EventPage.objects.upcoming_for_home(
        user=request.user, locale=home.locale_id, now=now
    ).values_list(*CARD_FIELDS, named=True)[:3]
    for row in rows:
        pagecache.valid_until(
            request,
            next_moment(now, row.registration_closes_at, row.starts_at, row.ends_at),
        )
    pagecache.shows_listed_seats(request)
    index_url = home_index_url(request=request, home=home)
    return {
        "template": "events/home_section.html",
        "cards": render_event_cards(rows, request=request, index_url=index_url),
        "index_url": index_url,
    }


def home_index_url(*, request, home) -> str:
    """The address of the event index below the home page, as seen from the request's
    site; cached under the layout version (pages moved or published bump it)."""
    key = "events:home-index-url:" + digest(
        layout_version(), home.pk, request.get_host()
    )
    url = cache.get(key)
    if url is None:
        index = EventIndexPage.objects.live().descendant_of(home).first()
        url = (index.get_url(request) or "") if index else ""
        cache.set(key, url, timeout=60 * 60)
    return url
