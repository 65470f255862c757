import datetime
import hashlib
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from events import ics
from events.blocks import EventDocumentsBlock, RegistrationQuestionsBlock, SpeakersBlock
from network.models import AudienceMixin, AudiencePageQuerySet
from portal import languages
from portal.access import Audience
from portal.blocks import RICH_TEXT_FEATURES
from portal.cache import KeptQuerysets
from portal.models import (
    LanguageTreesQuerySetMixin,
    PortalPageMixin,
    Reform,
    ShownInEveryTreePageMixin,
)
from portal.models.pages import translation_paths
from portal.wagtail_shortcuts import remember_parent

from .archived import count_archived
from .registrations import Registration, count_registrations


class EventPageAdminForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        """A translation's form leaves out what it reads from its registration owner
        (`EventPage.SHARED_FIELDS`): those are edited on the original only."""
        super().__init__(*args, **kwargs)
        if self.instance.is_translation:
            for name in EventPage.SHARED_FIELDS:
                self.fields.pop(name, None)

    def clean(self):
        """An event's slug is free on every language's site: each one shows every event
        at `<index>/<slug>/` (`EventIndexPage.route`)."""
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        parent = self.parent_page.specific if self.parent_page else None
        if parent is not None and EventPage.is_slug_taken_on_other_sites(
            slug, parent=parent, event=self.instance
        ):
            self.add_error(
                "slug",
                _(
                    "An event in another language already has this slug; every "
                    "language's calendar shows each event at its slug, so choose "
                    "another one."
                ),
            )
        return cleaned_data


class SharedSettingsNoticePanel(HelpPanel):
    """On a translation's form only: what it reads from its registration owner, with a
    link to edit them there."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            owner_pk = getattr(self.instance, "registration_owner_id", None)
            if owner_pk is not None:
                self.content = format_html(
                    '<div class="help-block help-info"><p>{}</p><p>'
                    '<a href="{}">{}</a></p></div>',
                    _(
                        "This page is a translation of the event: the registrations, "
                        "seats, time and place, registration settings and questions, "
                        "cancellation and materials are the original's, and are "
                        "edited there."
                    ),
                    reverse("wagtailadmin_pages:edit", args=[owner_pk]),
                    _("Edit the original event"),
                )

        def is_shown(self):
            return getattr(self.instance, "registration_owner_id", None) is not None


class EventPageQuerySet(LanguageTreesQuerySetMixin, AudiencePageQuerySet):
    def with_registration_counts(self) -> "EventPageQuerySet":
        """Annotate the staff report's counts: confirmed, pending and waitlisted from the
        event's seat counters, attended counted; each with the archived counts of
        registrations deleted after their retention."""

        archived = count_archived
        return self.annotate(
            confirmed_count=F("seats_confirmed")
            + archived([Registration.Status.CONFIRMED]),
            pending_count=F("seats_pending") + archived([Registration.Status.PENDING]),
            waitlisted_count_total=F("waitlist_length")
            + archived([Registration.Status.WAITLISTED]),
            attended_count=count_registrations(
                Registration.Status.values, has_attended=True
            )
            + archived(Registration.Status.values, has_attended=True),
        )

    def sharing_registrations_with(self, event: "EventPage") -> "EventPageQuerySet":
        """The event's registration owner and its translations: the rows whose seat
        counters and shared settings move together (`EventPage.SHARED_FIELDS`)."""
        owner_pk = event.registration_owner_pk
        return self.filter(Q(pk=owner_pk) | Q(registration_owner=owner_pk))

    def registration_owners(self) -> "EventPageQuerySet":
        """One page per event: the page its registrations belong to (not translations)."""
        return self.filter(registration_owner__isnull=True)

    def for_page(self) -> "EventPageQuerySet":
        """As an event page shows them: with the series and the locale (the seats are on
        the row) and, for a translation, its registration owner's language
        (`shared_content_language`). Only that language of the owner, in a subquery:
        selecting the owner's whole row with its page and locale made the ORM compile
        some 140 columns and PostgreSQL plan three joins more on every event page."""
        owner_language = (
            Page.objects.filter(pk=OuterRef("registration_owner_id"))
            .order_by()
            .values("locale__language_code")
        )
        return self.select_related("series", "locale").annotate(
            registration_owner_language=Subquery(owner_language)
        )

    def for_listing(self) -> "EventPageQuerySet":
        """Live, with the series and the locale (the listings read rows of `CARD_FIELDS`
        from it, the registration POST the event)."""
        return self.live().select_related("series", "locale")

    def below_index(self, index: "EventIndexPage") -> "EventPageQuerySet":
        """Events below the index page or below one of its translations."""
        return self.below_translations_of(index)

    def spoken_in(self, language: str) -> "EventPageQuerySet":
        """Events held in the language or offering support in it."""
        return self.filter(Q(language=language) | Q(support_language=language))

    def upcoming(self, now: datetime.datetime) -> "EventPageQuerySet":
        """Events that have not ended yet, soonest first."""
        return self.filter(ends_at__gt=now).order_by("starts_at", "pk")

    def past(self, now: datetime.datetime) -> "EventPageQuerySet":
        """Events that have ended, latest first."""
        return self.filter(ends_at__lte=now).order_by("-starts_at", "-pk")

    def with_free_seats(self) -> "EventPageQuerySet":
        """Unlimited events and those with a seat left."""
        return self.filter(
            Q(capacity__isnull=True)
            | Q(capacity__gt=F("seats_confirmed") + F("seats_pending")),
            is_cancelled=False,
        )

    def public(self) -> "EventPageQuerySet":
        return self.filter(audience=Audience.PUBLIC)

    def public_feed(self, now: datetime.datetime, *, locale) -> "EventPageQuerySet":
        """Upcoming live public events for the public calendar feed, each once (its
        translation in `locale`, if any); cancelled ones stay in, marked cancelled, so
        that subscribed calendars drop them."""
        return (
            self.live()
            .public()
            .one_per_translation(locale)
            .upcoming(now)
            .select_related("series", "locale")
        )

    def upcoming_for_home(
        self, *, user, locale, now: datetime.datetime
    ) -> "EventPageQuerySet":
        """The home page's "upcoming events": live and visible, from every language's
        tree, each event once (its translation in the home page's locale, if any)."""
        return (
            self.for_listing()
            .visible_to(user)
            .one_per_translation(locale)
            .filter(is_cancelled=False)
            .upcoming(now)
        )


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


def next_moment(now: datetime.datetime, *moments) -> datetime.datetime | None:
    """The first of these moments after now (None when none is)."""
    return min((moment for moment in moments if moment and moment > now), default=None)


#: `EventIndexPage.routed_events`' querysets, by what they are built from.
_ROUTED_EVENTS = KeptQuerysets()


class EventIndexPage(PortalPageMixin, Page):
    """Lists the events below it with filters; the parent of event pages."""

    page_cache = True

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short lead paragraph shown above the event list."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["events.EventPage"]

    PAGE_SIZE = 20

    class Meta:
        verbose_name = _("event index page")
        verbose_name_plural = _("event index pages")

    def route(self, request, path_components):
        """An event below the index or below one of its translations is loaded with its
        seat counts in one query, where Wagtail's routing takes three (the page, its
        specific fields, the counts). So every language's site shows every event at
        `<index>/<event slug>/`, in the reader's interface; the index's own child wins."""
        if path_components:
            # At most one event per tree has the slug (siblings' slugs are unique):
            # the index's own, else the first made; chosen here, not by an ORDER BY.
            found = self.routed_events().filter(slug=path_components[0])
            event = min(
                found,
                key=lambda e: (not e.path.startswith(self.path), e.pk),
                default=None,
            )
            if event is not None:
                if event.path.startswith(self.path):
                    remember_parent(event, self)
                else:
                    event.shown_under = self
                return event.route(request, path_components[1:])
        return super().route(request, path_components)

    def routed_events(self) -> EventPageQuerySet:
        """The events `route` finds at their slug: below the index or below one of its
        translations, as an event page shows them (`for_page`), in no order.

        Building it costs the ORM's Python the same each time; it is built once per
        process for what it is made of (the tree paths of the index and its
        translations, `portal.models.pages.translation_paths`, cached under the layout
        version, and the index's own path) and handed out as a copy (`all()`), so a
        moved page or a new translation gives another entry and no request changes or
        evaluates the kept one (`portal.cache.KeptQuerysets`)."""
        key = (tuple(translation_paths(self)), self.path)
        return _ROUTED_EVENTS.get(
            key, lambda: EventPage.objects.below_index(self).for_page().order_by()
        )

    def get_context(self, request, *args, **kwargs):
        from events.views import event_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_index_context(request, index_page=self))
        return context


class EventPage(
    PortalPageMixin, ShownInEveryTreePageMixin, AudienceMixin, RoutablePageMixin, Page
):
    """An info session, Q&A hour, network meeting, webinar, training or workshop."""

    page_cache = True

    class EventType(models.TextChoices):
        INFO_SESSION = "info_session", _("Info session")
        QA_HOUR = "qa_hour", _("Q&A hour")
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        WEBINAR = "webinar", _("Webinar")
        TRAINING = "training", _("Training")
        WORKSHOP = "workshop", _("Workshop")

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        ON_SITE = "on_site", _("On site")
        HYBRID = "hybrid", _("Hybrid (on site and online)")

    class MaterialsAudience(models.TextChoices):
        REGISTRANTS = "registrants", _("Registrants only")
        EVERYONE = "everyone", _("Everyone who can see the event")

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown in event lists and calendar entries."),
    )
    event_type = models.CharField(
        _("event type"),
        max_length=32,
        choices=EventType.choices,
        default=EventType.INFO_SESSION,
        db_index=True,
    )
    series = models.ForeignKey(
        "events.EventSeries",
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The recurring series this event belongs to, if any."),
    )
    reform = models.CharField(
        _("reform"),
        max_length=16,
        choices=Reform.choices,
        default=Reform.BOTH,
        db_index=True,
        help_text=_("Which reform the event is about."),
    )
    themes = ParentalManyToManyField(
        "portal.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="events",
        help_text=_("Topics from the office's vocabulary."),
    )
    language = models.CharField(
        _("language of the event"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fi",
        db_index=True,
        help_text=_("The language spoken at the event."),
    )
    support_language = models.CharField(
        _("support in another language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "A second language participants can use, e.g. questions and materials in "
            "Swedish at an event held in Finnish. Empty: none."
        ),
    )
    starts_at = models.DateTimeField(
        _("starts at"), db_index=True, help_text=_("In Finnish time.")
    )
    ends_at = models.DateTimeField(_("ends at"), help_text=_("In Finnish time."))
    format = models.CharField(
        _("format"),
        max_length=16,
        choices=Format.choices,
        default=Format.ONLINE,
        db_index=True,
    )
    place = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_("Venue and street address for on-site and hybrid events."),
    )
    online_meeting_url = models.URLField(
        _("online meeting link"),
        max_length=500,
        blank=True,
        help_text=_(
            "E.g. the Teams link. Only confirmed registrants see it: in their e-mails, "
            "calendar entries and, shortly before the event, on this page."
        ),
    )
    meeting_link_lead_minutes = models.PositiveSmallIntegerField(
        _("show the meeting link on the page (minutes before the start)"),
        default=30,
        help_text=_(
            "The page shows the link to confirmed registrants from then until the end."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Number of seats; leave empty for unlimited."),
    )
    has_waitlist = models.BooleanField(
        _("waitlist"),
        default=True,
        help_text=_("When the event is full, further registrations go to a waitlist."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens at"),
        null=True,
        blank=True,
        help_text=_("Empty: registration is open as soon as the page is published."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Empty: registration closes when the event starts."),
    )
    requires_approval = models.BooleanField(
        _("staff approve registrations"),
        default=False,
        help_text=_("Registrations wait for staff approval before they are confirmed."),
    )
    max_seats_per_municipality = models.PositiveSmallIntegerField(
        _("maximum registrations per municipality"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit per municipality."),
    )
    has_municipality_priority = models.BooleanField(
        _("waitlist priority to municipalities without a participant"),
        default=False,
        help_text=_(
            "Promote first those on the waitlist whose municipality has no confirmed "
            "participant yet; otherwise strictly first come, first served."
        ),
    )
    speakers = StreamField(SpeakersBlock(), blank=True, verbose_name=_("speakers"))
    description = RichTextField(
        _("description"), blank=True, features=RICH_TEXT_FEATURES
    )
    registration_questions = StreamField(
        RegistrationQuestionsBlock(),
        blank=True,
        verbose_name=_("registration questions"),
        help_text=_(
            "Extra questions on the registration form, e.g. questions you want answered."
        ),
    )
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("slides"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    documents = StreamField(
        EventDocumentsBlock(), blank=True, verbose_name=_("other documents")
    )
    recording_url = models.URLField(_("recording link"), max_length=500, blank=True)
    materials_audience = models.CharField(
        _("who sees the materials"),
        max_length=16,
        choices=MaterialsAudience.choices,
        default=MaterialsAudience.REGISTRANTS,
    )
    is_cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_(
            "Registrants are told when the page is published with this ticked."
        ),
    )
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    # Kept by the services, not by editors; preserved when a revision is published.
    # The page the event's registrations belong to, for a translation (empty on the
    # original): set when "Translate" copies it (`events.signals`), never by editors.
    # PROTECT: the original is not deleted while translations read their seats from it.
    registration_owner = models.ForeignKey(
        "self",
        verbose_name=_("registrations belong to"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="translations_sharing_registrations",
    )
    sequence = models.PositiveIntegerField(
        _("calendar sequence"), default=0, editable=False
    )
    calendar_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    cancellation_notified_at = models.DateTimeField(
        null=True, blank=True, editable=False
    )
    # The one seat count: how many registrations are in each counted status, kept by
    # `events.services.count_status_changes` under the event's lock (see docs/events.md).
    seats_confirmed = models.PositiveIntegerField(
        _("confirmed registrations"), default=0, editable=False
    )
    seats_pending = models.PositiveIntegerField(
        _("registrations waiting for approval"), default=0, editable=False
    )
    waitlist_length = models.PositiveIntegerField(
        _("registrations on the waitlist"), default=0, editable=False
    )

    objects = EventPageManager()

    #: The counter of each counted status.
    SEAT_COUNTERS = {
        Registration.Status.CONFIRMED: "seats_confirmed",
        Registration.Status.PENDING: "seats_pending",
        Registration.Status.WAITLISTED: "waitlist_length",
    }
    SERVICE_FIELDS = (
        "sequence",
        "calendar_fingerprint",
        "cancellation_notified_at",
        *SEAT_COUNTERS.values(),
    )
    #: What a translation reads from its registration owner: the event's time, place,
    #: registration settings, questions, cancellation and materials. Kept on the
    #: translation's row by the services (`share_registrations` when it is made,
    #: `apply_published_event` when the original is published), left out of its form.
    SHARED_FIELDS = (
        "event_type",
        "series",
        "reform",
        "audience",
        "language",
        "support_language",
        "starts_at",
        "ends_at",
        "format",
        "place",
        "online_meeting_url",
        "meeting_link_lead_minutes",
        "capacity",
        "has_waitlist",
        "registration_opens_at",
        "registration_closes_at",
        "requires_approval",
        "max_seats_per_municipality",
        "has_municipality_priority",
        "registration_questions",
        "is_cancelled",
        "slides",
        "documents",
        "recording_url",
        "materials_audience",
    )
    # A plain copy is a new event; "Translate" sets the owner (`events.signals`).
    exclude_fields_in_copy = [*SERVICE_FIELDS, "registration_owner"]

    content_panels = [
        SharedSettingsNoticePanel(),
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("event_type"),
                FieldRowPanel([FieldPanel("language"), FieldPanel("support_language")]),
                FieldPanel("series"),
                FieldRowPanel([FieldPanel("reform"), FieldPanel("audience")]),
                FieldPanel("themes"),
            ],
            heading=_("What and for whom"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("format"),
                FieldPanel("place"),
                FieldPanel("online_meeting_url"),
                FieldPanel("meeting_link_lead_minutes"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("description"),
        FieldPanel("speakers"),
        MultiFieldPanel(
            [FieldPanel("is_cancelled"), FieldPanel("cancellation_reason")],
            heading=_("Cancellation"),
        ),
    ]
    registration_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens_at"),
                        FieldPanel("registration_closes_at"),
                    ]
                ),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("has_waitlist")]),
                FieldPanel("requires_approval"),
                FieldPanel("max_seats_per_municipality"),
                FieldPanel("has_municipality_priority"),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("registration_questions"),
    ]
    materials_panels = [
        FieldPanel("slides"),
        FieldPanel("documents"),
        FieldPanel("recording_url"),
        FieldPanel("materials_audience"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(materials_panels, heading=_("After the event")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ],
        base_form_class=EventPageAdminForm,
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("description"),
        index.SearchField("place"),
        index.FilterField("starts_at"),
        index.FilterField("audience"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event page")
        verbose_name_plural = _("event pages")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="events_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__lte=F("starts_at")),
                name="events_registration_closes_by_start",
            ),
        ]
        indexes = [
            models.Index(fields=["ends_at"], name="events_event_ends_at_idx"),
            # The index listings: upcoming events soonest first, of the audiences
            # the reader sees; the end and the audience are checked in the index, so
            # only the rows listed are read from the table (#22).
            models.Index(
                fields=["starts_at", "ends_at", "audience"],
                name="events_event_listing_idx",
            ),
        ]

    def save(self, *args, **kwargs):
        """Saving an existing page (an editor's publish, a revision) writes every field but
        SERVICE_FIELDS: the services keep those with their own updates, and a value read
        before a calendar message went out must not lower the calendar SEQUENCE."""
        if (
            self.pk is not None
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            kwargs["update_fields"] = self.fields_saved_by_editors()
        return super().save(*args, **kwargs)

    def fields_saved_by_editors(self) -> list[str]:
        """Every field `save()` writes (with the page's child relations and many-to-many
        fields, which modelcluster commits by name), SERVICE_FIELDS and the registration
        owner excepted, and on a translation the SHARED_FIELDS its owner keeps."""
        kept = {*self.SERVICE_FIELDS, "registration_owner"}
        if self.is_translation:
            kept.update(self.SHARED_FIELDS)
        names = [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key and field.name not in kept
        ]
        names += [field.name for field in get_all_child_m2m_relations(self)]
        names += [
            relation.get_accessor_name() for relation in get_all_child_relations(self)
        ]
        return names

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        closes_at = self.registration_closes_at or self.starts_at
        if (
            self.registration_closes_at
            and self.starts_at
            and self.registration_closes_at > self.starts_at
        ):
            errors["registration_closes_at"] = _(
                "Registration must close at the latest when the event starts."
            )
        if (
            self.registration_opens_at
            and closes_at
            and self.registration_opens_at >= closes_at
        ):
            errors["registration_opens_at"] = _(
                "Registration must open before it closes."
            )
        if self.format in (self.Format.ON_SITE, self.Format.HYBRID) and not self.place:
            errors["place"] = _("Give the place of an on-site or hybrid event.")
        if self.is_cancelled and not self.cancellation_reason.strip():
            errors["cancellation_reason"] = _(
                "Tell registrants why the event is cancelled."
            )
        if errors:
            raise ValidationError(errors)

    def with_content_json(self, content):
        """Publishing an older revision must not roll back what the services keep, nor
        a translation's revision what it reads from its registration owner."""
        page = super().with_content_json(content)
        kept = [*self.SERVICE_FIELDS, "registration_owner"]
        if self.is_translation:
            kept += self.SHARED_FIELDS
        for name in kept:
            attname = self._meta.get_field(name).attname
            setattr(page, attname, getattr(self, attname))
        return page

    # --- translations ---------------------------------------------------------------

    # A translation ("Translate" in the admin) is the same event in another language:
    # its registrations, seat counts, capacity and calendar UID are those of its
    # registration owner, the page it was translated from (or that page's owner).

    @property
    def is_translation(self) -> bool:
        """A translation that shares its owner's registrations (not the original)."""
        return self.registration_owner_id is not None

    @property
    def registration_owner_pk(self) -> int:
        """The pk of the page the event's registrations belong to (no query)."""
        return self.registration_owner_id or self.pk

    @property
    def shared_content_language(self) -> str:
        """The language of what a translation reads from its owner (the registration
        questions, the place, the documents): the owner's."""
        if self.registration_owner_id is None:
            return self.content_language
        # Read with the page by `EventPageQuerySet.for_page`, else from the owner's row.
        language = getattr(self, "registration_owner_language", None)
        return language or self.registration_owner.content_language

    def version_in(self, language: str) -> "EventPage":
        """The event's live page in `language` (for mails in the registrant's
        language), else this page; one query."""
        page = (
            EventPage.objects.live()
            .filter(
                translation_key=self.translation_key,
                locale__language_code=language,
            )
            .first()
        )
        return page or self

    # --- languages -----------------------------------------------------------------

    # Shown on every language's site (event index, home page, search) and there at its
    # slug below that site's event index (`ShownInEveryTreePageMixin`; `shown_under` is
    # set by `EventIndexPage.route`).

    @classmethod
    def is_slug_taken_on_other_sites(
        cls, slug: str, *, parent: Page, event: "EventPage | None" = None
    ) -> bool:
        """Another event below a translation of the index `parent` (not below `parent`
        itself, where Wagtail checks) has the slug, so `<index>/<slug>/` on that site
        would show the other event."""
        if not slug or not isinstance(parent, EventIndexPage):
            return False
        others = cls.objects.below_index(parent).filter(slug=slug)
        if event is not None and event.pk is not None:
            others = others.exclude(translation_key=event.translation_key)
        return others.exclude(path__startswith=parent.path).exists()

    @property
    def content_in_language(self) -> str:
        """ "in Finnish" for the language of its texts, in the reader's language."""
        return languages.in_language(self.content_language)

    @property
    def language_name(self) -> str:
        """The language spoken at the event, named in the reader's language."""
        return languages.language_name(self.language)

    @property
    def support_language_name(self) -> str:
        if not self.support_language:
            return ""
        return languages.language_name(self.support_language)

    @property
    def in_language(self) -> str:
        """ "in Finnish", in the reader's language."""
        return languages.in_language(self.language)

    @property
    def support_in_language(self) -> str:
        """ "in Swedish" for the support language, empty without one."""
        if not self.support_language:
            return ""
        return languages.in_language(self.support_language)

    # --- state from one "now" -------------------------------------------------------

    @property
    def is_past(self) -> bool:
        return self.has_ended(timezone.now())

    @property
    def is_registration_over(self) -> bool:
        """Registration has closed for good (the seat count no longer matters to anyone)."""
        return timezone.now() >= self.effective_registration_closes_at

    def can_record_attendance(self, now: datetime.datetime) -> bool:
        """Attendance is recorded from the start on, for an event that takes place."""
        return not self.is_cancelled and self.has_started(now)

    def has_started(self, now: datetime.datetime) -> bool:
        return now >= self.starts_at

    def has_ended(self, now: datetime.datetime) -> bool:
        return now >= self.ends_at

    @property
    def effective_registration_closes_at(self) -> datetime.datetime:
        return self.registration_closes_at or self.starts_at

    def is_registration_open(self, now: datetime.datetime) -> bool:
        """Open between the opening time (if any) and the closing time, unless cancelled."""
        if self.is_cancelled:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return now < self.effective_registration_closes_at

    def next_state_change(self, now: datetime.datetime) -> datetime.datetime | None:
        """When the page's registration box changes by the clock: registration opens or
        closes, the event starts or ends (None: never again)."""
        return next_moment(
            now,
            self.registration_opens_at,
            self.registration_closes_at,
            self.starts_at,
            self.ends_at,
        )

    def is_registration_upcoming(self, now: datetime.datetime) -> bool:
        return bool(
            not self.is_cancelled
            and self.registration_opens_at
            and now < self.registration_opens_at
        )

    def can_promote_from_waitlist(self, now: datetime.datetime) -> bool:
        """Promotion stops when registration closes or the event starts."""
        return self.is_registration_open(now) and not self.has_started(now)

    def is_meeting_link_shown(self, now: datetime.datetime) -> bool:
        """The page shows the link from the lead time before the start until the end."""
        lead = datetime.timedelta(minutes=self.meeting_link_lead_minutes)
        return bool(
            self.online_meeting_url
            and not self.is_cancelled
            and self.starts_at - lead <= now < self.ends_at
        )

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    # --- seats ----------------------------------------------------------------------

    @property
    def has_unlimited_capacity(self) -> bool:
        return self.capacity is None

    @property
    def seats_left(self) -> int | None:
        """Free seats, or None when the capacity is unlimited."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def seats_taken(self) -> int:
        """Seats held: confirmed and pending (awaiting approval) registrations."""
        return self.seats_confirmed + self.seats_pending

    @property
    def waitlisted_count(self) -> int:
        return self.waitlist_length

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0

    # --- materials ------------------------------------------------------------------

    @property
    def has_materials(self) -> bool:
        return bool(self.slides_id or self.recording_url or len(self.documents))

    def are_materials_visible(self, registration: Registration | None) -> bool:
        """Everyone sees them, or only those who registered (confirmed or waitlisted)."""
        if self.materials_audience == self.MaterialsAudience.EVERYONE:
            return True
        return registration is not None and registration.status in (
            Registration.Status.CONFIRMED,
            Registration.Status.WAITLISTED,
        )

    # --- calendar -------------------------------------------------------------------

    @property
    def calendar_uid(self) -> str:
        """Stable across edits, languages of delivery and the event's translations: every
        copy of the entry matches (the registration owner's)."""
        return f"event-{self.registration_owner_pk}@{ics.uid_domain()}"

    def claim_calendar_sequence(self) -> int:
        """Raise the calendar SEQUENCE for a calendar message about to be mailed and return
        it: every message is newer than all those mailed before it, whatever they said
        (RFC 5546, 2.1.4). The update locks the event row until the transaction ends."""
        EventPage.objects.filter(pk=self.pk).update(sequence=F("sequence") + 1)
        self.sequence = EventPage.objects.values_list("sequence", flat=True).get(
            pk=self.pk
        )
        return self.sequence

    def compute_calendar_fingerprint(self) -> str:
        """Changes when what a calendar entry shows of time and place changes."""
        parts = [
            self.starts_at.isoformat(),
            self.ends_at.isoformat(),
            self.format,
            self.place,
            self.online_meeting_url,
        ]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def get_ics_url(self, request=None) -> str:
        return (self.get_url(request) or "") + self.reverse_subpage("ics")

    def get_absolute_full_url(self, request=None) -> str:
        """The page's address on the portal's base URL (for mails and calendar files)."""
        return urljoin(settings.PORTAL_BASE_URL, self.get_url(request) or self.url_path)

    def calendar_entry(
        self, *, meeting_url: str = "", status: str = "", request=None
    ) -> ics.CalendarEntry:
        """This event as a calendar entry; `meeting_url` only for confirmed registrants."""
        location = self.place
        if self.is_online:
            location = ", ".join(
                filter(None, [self.place, meeting_url or str(_("Online"))])
            )
        description = self.intro or Truncator(strip_tags(self.description)).words(80)
        return ics.CalendarEntry(
            uid=self.calendar_uid,
            sequence=self.sequence,
            summary=self.title,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            url=self.get_absolute_full_url(request),
            location=location,
            description=description,
            meeting_url=meeting_url,
            status="CANCELLED" if self.is_cancelled else (status or "CONFIRMED"),
            last_modified=self.last_published_at,
            language=self.content_language,
        )

    # --- routes ---------------------------------------------------------------------

    @path("")
    def event(self, request):
        from events.views import event_page

        return event_page(request, self)

    @path("ics/", name="ics")
    def ics_file(self, request):
        """The event's calendar file (Wagtail page paths cannot contain a dot)."""
        from events.views import event_ics

        return event_ics(request, self)
