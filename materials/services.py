"""Rules of the knowledge base: who may download a file, what an expert answers for,
and how a question from the public is taken in."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from wagtail.models import Locale, Page, ReferenceIndex

from materials.exceptions import QuestionRateLimitError
from materials.models import (
    Expert,
    FaqPage,
    FaqSection,
    MaterialPage,
    QuestionFormPage,
    QuestionSubmission,
)
from network import personal_data
from portal import access
from portal.models import OutgoingEmail
from portal.ratelimit import client_address, count_hit, seconds_left

#: From the least to the most restricted.
AUDIENCE_ORDER = [
    access.Audience.PUBLIC,
    access.Audience.SIGNED_IN,
    access.Audience.MEMBERS,
]

QUESTION_LIMIT = 5
QUESTION_WINDOW_SECONDS = 60 * 60


# --- documents -------------------------------------------------------------------------


def live_pages_referencing(obj) -> list[Page]:
    """The live pages (specific) whose saved content refers to an object, as Wagtail's
    reference index records it."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = {
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    }
    if not page_ids:
        return []
    return list(Page.objects.filter(pk__in=page_ids).live().specific())


def document_audience(document) -> str | None:
    """The widest audience of the live pages that publish the document.

    A file is as public as the most public live page that links it; None means that no
    live page uses it, so only the office's staff may download it.
    """
    audiences = {
        getattr(page, "audience", access.Audience.PUBLIC)
        for page in live_pages_referencing(document)
    }
    for audience in AUDIENCE_ORDER:
        if audience in audiences:
            return audience
    return None


def document_decision(user, document) -> access.Decision:
    """Whether the user may download a document, must log in first, or is refused."""
    if access.is_staff_editor(user):
        return access.Decision.ALLOW
    audience = document_audience(document)
    if audience is None:
        if access.is_signed_in(user):
            return access.Decision.FORBID
        return access.Decision.LOGIN
    return access.audience_decision(user, audience)


# --- related content -------------------------------------------------------------------


def related_events(*, material: MaterialPage, user) -> list[Page]:
    """The live linked events the user may see, in the editors' order."""
    order = list(
        material.related_event_links.order_by("sort_order").values_list(
            "event_id", flat=True
        )
    )
    pages = Page.objects.filter(pk__in=order).live().specific()
    visible = {page.pk: page for page in pages if access.can_view(user, page)}
    return [visible[pk] for pk in order if pk in visible]


def related_materials(*, material: MaterialPage, user) -> list[MaterialPage]:
    order = list(
        material.related_material_links.order_by("sort_order").values_list(
            "material_id", flat=True
        )
    )
    pages = (
        MaterialPage.objects.filter(pk__in=order).live().visible_to(user).for_listing()
    )
    found = {page.pk: page for page in pages}
    return [found[pk] for pk in order if pk in found]


@dataclass
class PageGroup:
    label: str  # the page type's plural name, translated when shown
    pages: list[Page]


@dataclass
class ExpertResponsibilities:
    materials: list[MaterialPage]
    faq_sections: list[tuple[FaqPage, FaqSection]] = field(default_factory=list)
    other_pages: list[PageGroup] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.materials or self.faq_sections or self.other_pages)


def expert_responsibilities(*, expert: Expert, user, locale: Locale):
    """What an expert answers for in one language: their materials, FAQ themes, and
    every other page that names them (events, news) found through the reference index."""
    materials = list(
        MaterialPage.objects.live()
        .filter(locale=locale, expert=expert)
        .visible_to(user)
        .for_listing()
        .newest_first()
    )
    faq_sections = []
    groups: dict[type, list[Page]] = {}
    pages = [
        page
        for page in live_pages_referencing(expert)
        if page.locale_id == locale.pk
        and not isinstance(page, MaterialPage)
        and access.can_view(user, page)
    ]
    for page in sorted(pages, key=lambda page: page.title.casefold()):
        if isinstance(page, FaqPage):
            faq_sections.extend(
                (page, section)
                for section in page.faq_sections(user)
                if section.expert is not None and section.expert.pk == expert.pk
            )
        else:
            groups.setdefault(page.specific_class, []).append(page)
    return ExpertResponsibilities(
        materials=materials,
        faq_sections=faq_sections,
        other_pages=[
            PageGroup(model._meta.verbose_name_plural, pages)
            for model, pages in groups.items()
        ],
    )


# --- questions -------------------------------------------------------------------------


def client_key(request: HttpRequest) -> str:
    """Who is asking, for the rate limit: the client's address."""
    return client_address(request)


def take_question_slot(*, page: QuestionFormPage, client_key: str) -> None:
    """Count a question from this client; refuse more than the limit within the window."""
    key = f"materials:questions:{page.pk}:{client_key}"
    if count_hit(key, window_seconds=QUESTION_WINDOW_SECONDS) > QUESTION_LIMIT:
        raise QuestionRateLimitError(
            retry_after=seconds_left(window_seconds=QUESTION_WINDOW_SECONDS)
        )


def submit_question(
    *, page: QuestionFormPage, form, client_key: str
) -> QuestionSubmission | None:
    """Store a valid question and queue the office's notifications.

    A filled-in trap field means a bot: nothing is stored and None is returned, so the
    bot sees the usual thank-you page. Raises QuestionRateLimitError past the limit.
    """
    if form.is_spam():
        return None
    take_question_slot(page=page, client_key=client_key)
    with transaction.atomic():
        return page.process_form_submission(form)


# --- personal data ---------------------------------------------------------------------


def user_question_submissions(user):
    """Questions sent by the user: while signed in, or with one of the account's
    confirmed addresses."""
    by_address = Q(pk__in=[])
    for address in personal_data.verified_addresses(user):
        by_address |= Q(email__iexact=address)
    return QuestionSubmission.objects.filter(Q(user=user) | by_address).select_related(
        "page"
    )


def collect_question_submissions(user) -> list[dict]:
    return [
        {
            "form": submission.page.title,
            "submitted_at": submission.submit_time,
            "answers": submission.form_data,
            "notifications_to_the_office": [
                {
                    "to": message.to,
                    "subject": message.subject,
                    "status": message.status,
                    "created_at": message.created_at,
                    "sent_at": message.sent_at,
                }
                for message in sorted(
                    submission.notifications.all(), key=lambda m: (m.created_at, m.pk)
                )
            ],
        }
        for submission in user_question_submissions(user)
        .prefetch_related("notifications")
        .order_by("submit_time")
    ]


def erase_question_submissions(user) -> None:
    """Questions are personal correspondence: deleting the account deletes them, and the
    stored copies of the mails that told the office of them."""
    submissions = user_question_submissions(user)
    OutgoingEmail.objects.filter(
        pk__in=submissions.values("notifications__pk")
    ).delete()
    submissions.delete()
