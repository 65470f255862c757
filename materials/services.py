"""Rules of the knowledge base: who may download a file, what an expert answers for,
how a question from the public is taken in, and how municipalities share good practices
and the office reviews them."""

import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, ReferenceIndex, WorkflowState

from materials import access as practice_access
from materials import emails, validators
from materials.exceptions import (
    LibraryUnavailableError,
    PracticeError,
    PracticeNotAllowedError,
    PracticeNotInReviewError,
    PracticeRateLimitError,
    QuestionRateLimitError,
)
from materials.models import (
    Expert,
    FaqPage,
    FaqSection,
    MaterialIndexPage,
    MaterialPage,
    PracticePage,
    PracticeSubmission,
    QuestionFormPage,
    QuestionSubmission,
    practice_review_workflow,
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


# --- shared good practices -------------------------------------------------------------

#: Practices a person may share or update in an hour, and files they may upload.
SHARES_PER_HOUR = 10
UPLOADS_PER_HOUR = 40
RATE_WINDOW_SECONDS = 60 * 60
RELATED_PRACTICES = 3
LIKE_MINE_PRACTICES = 4
PRACTICE_COLLECTION_NAME = "Jaetut hyvät käytännöt"


@dataclass(frozen=True)
class PracticeContent:
    """What a member writes about a practice (the form's cleaned data, by role)."""

    title: str
    summary: str
    problem: str
    description: str
    reform: str
    themes: list
    language: str
    audience: str
    municipality: Any
    partner_municipalities: list
    documents: list
    links: list[tuple[str, str]]  # (address, link text)

    @property
    def municipalities(self) -> list:
        """The municipality it comes from first, then the others, each once."""
        partners = [
            m for m in self.partner_municipalities if m.pk != self.municipality.pk
        ]
        return [self.municipality, *partners]


@dataclass(frozen=True)
class ContactPerson:
    name: str
    title: str
    organisation: str
    email: str


def take_practice_slot(*, user, action: str, hits: int = 1) -> None:
    """Count shares/updates ("share") or uploaded files ("upload") of a person; refuse
    past the hourly limit."""
    limit = SHARES_PER_HOUR if action == "share" else UPLOADS_PER_HOUR
    key = f"materials:practices:{action}:{user.pk}"
    count = 0
    for _hit in range(hits):
        count = count_hit(key, window_seconds=RATE_WINDOW_SECONDS)
    if count > limit:
        raise PracticeRateLimitError()


def library_for(language: str) -> MaterialIndexPage | None:
    """The live library a practice written in this language goes to: that language's
    library, else the default language's, else any."""
    libraries = MaterialIndexPage.objects.live().order_by("path")
    for code in (language, settings.LANGUAGE_CODE):
        library = libraries.filter(locale__language_code=code).first()
        if library is not None:
            return library
    return libraries.first()


def unique_slug(*, parent: Page, title: str) -> str:
    """A slug made from the title, numbered if a sibling already has it."""
    base = slugify(title)[:70] or "kaytanto"
    taken = set(
        parent.get_children()
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def practice_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=PRACTICE_COLLECTION_NAME).first()
    return existing or root.add_child(name=PRACTICE_COLLECTION_NAME)


def store_practice_files(*, user, files) -> list:
    """Store validated uploads, (file, FileType) pairs, as documents of the practices'
    collection; nobody but staff can download them until a live page uses them."""
    if not files:
        return []
    take_practice_slot(user=user, action="upload", hits=len(files))
    Document = get_document_model()
    collection = practice_collection()
    documents = []
    with transaction.atomic():
        for upload, file_type in files:
            digest = hashlib.sha1(usedforsecurity=False)
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            document = Document(
                title=validators.document_title(upload.name),
                collection=collection,
                uploaded_by_user=user,
                file_size=upload.size,
                file_hash=digest.hexdigest(),
            )
            document.file.save(
                validators.stored_filename(upload.name, file_type), upload, save=False
            )
            document.save()
            documents.append(document)
    return documents


def practice_documents(page) -> list:
    """The documents a practice's files and links list, in order."""
    return [
        block.value["document"]
        for block in page.attachments
        if block.block_type == "document" and block.value["document"] is not None
    ]


def practice_links(page) -> list[tuple[str, str]]:
    return [
        (block.value["url"], block.value["title"])
        for block in page.attachments
        if block.block_type == "link"
    ]


def _attachment_data(content: PracticeContent, previous) -> list[dict[str, Any]]:
    """The "files and links" stream; editors' link texts and descriptions of files
    and links that stay are kept."""
    documents = {
        block.value["document"].pk: block.value
        for block in previous
        if block.block_type == "document" and block.value["document"] is not None
    }
    links = {
        block.value["url"]: block.value
        for block in previous
        if block.block_type == "link"
    }
    data = []
    for document in content.documents:
        kept = documents.get(document.pk)
        data.append(
            {
                "type": "document",
                "value": {
                    "document": document.pk,
                    "title": kept["title"] if kept else "",
                    "description": kept["description"] if kept else "",
                },
            }
        )
    for url, title in content.links:
        kept = links.get(url)
        data.append(
            {
                "type": "link",
                "value": {
                    "url": url,
                    "title": title,
                    "description": kept["description"] if kept else "",
                },
            }
        )
    return data


def _apply_content(page, content: PracticeContent) -> None:
    page.title = content.title
    page.summary = content.summary
    page.problem = content.problem
    page.description = content.description
    page.reform = content.reform
    page.language = content.language
    page.audience = content.audience
    page.attachments = _attachment_data(content, page.attachments)
    page.municipality = content.municipality
    page.municipalities = content.municipalities
    page.themes = list(content.themes)


def submit_practice(
    *, user, content: PracticeContent, is_contact_person: bool, now=None
) -> PracticeSubmission:
    """Share a practice: a draft page in the library of its language, waiting in the
    practice review; the person gets a receipt."""
    now = now or timezone.now()
    if not practice_access.can_share_practice(user):
        raise PracticeNotAllowedError()
    library = library_for(content.language)
    if library is None:
        raise LibraryUnavailableError()
    take_practice_slot(user=user, action="share")
    with transaction.atomic():
        page = PracticePage(
            slug=unique_slug(parent=library, title=content.title),
            owner=user,
            live=False,
            has_unpublished_changes=True,
            published_on=timezone.localdate(now),
        )
        _apply_content(page, content)
        library.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        submission = PracticeSubmission.objects.create(
            page=page,
            submitted_by=user,
            is_contact_person=is_contact_person,
            status=PracticeSubmission.Status.IN_REVIEW,
            submitted_at=now,
        )
        _start_review(page)
        emails.queue_practice_notification(
            submission=submission, template="practice_received", is_update=False
        )
    return submission


def update_practice(
    *,
    submission: PracticeSubmission,
    user,
    content: PracticeContent,
    is_contact_person: bool,
    now=None,
) -> PracticeSubmission:
    """Send a changed practice for review again; a published one stays as it is until
    the office publishes the update."""
    now = now or timezone.now()
    if not practice_access.can_edit_practice(user, submission):
        raise PracticeNotAllowedError()
    take_practice_slot(user=user, action="share")
    with transaction.atomic():
        submission = _locked_submission(submission.page_id)
        page = submission.page
        draft = page.get_latest_revision_as_object()
        _apply_content(draft, content)
        if not page.live:  # as Wagtail's editor does: a draft's row holds its content
            draft.save()
        draft.save_revision(user=user, log_action=True)
        state = page.current_workflow_state
        if state is None:
            _start_review(page)
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user=user)
        submission.status = PracticeSubmission.Status.IN_REVIEW
        submission.message = ""
        submission.is_contact_person = is_contact_person
        submission.submitted_at = now
        submission.save()
        emails.queue_practice_notification(
            submission=submission,
            template="practice_received",
            is_update=page.live or submission.published_at is not None,
        )
    return submission


def _start_review(page) -> None:
    # Started without a requesting user on purpose: Wagtail would mail the requester
    # itself on every decision, outside the portal's mail queue and in the admin's
    # words; the person who shared the practice is on the submission instead.
    practice_review_workflow().start(page, None)


def _locked_submission(page_id: int) -> PracticeSubmission:
    return (
        PracticeSubmission.objects.select_for_update(of=("self",))
        .select_related("page", "submitted_by")
        .get(page_id=page_id)
    )


def _task_in_review(page):
    task_state = page.current_workflow_task_state
    if task_state is None:
        raise PracticeNotInReviewError()
    return task_state


def request_practice_changes(*, page, by, message: str, now=None) -> PracticeSubmission:
    """The office asks the person who shared the practice to change it."""
    now = now or timezone.now()
    message = (message or "").strip()
    if not message:
        raise PracticeError(_("Write what the practice needs changed."))
    with transaction.atomic():
        submission = _locked_submission(page.pk)
        _task_in_review(page).reject(user=by, comment=message)
        submission.status = PracticeSubmission.Status.CHANGES_REQUESTED
        submission.message = message
        submission.decided_at = now
        submission.save()
        emails.queue_practice_notification(
            submission=submission, template="practice_changes_requested"
        )
    return submission


def decline_practice(*, page, by, reason: str, now=None) -> PracticeSubmission:
    """The office declines a practice (or an update of one) and says why."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise PracticeError(_("Write why the practice is declined."))
    with transaction.atomic():
        submission = _locked_submission(page.pk)
        state = page.current_workflow_state
        if state is None:
            raise PracticeNotInReviewError()
        # Marked first, so that the cancellation below is not taken for a silent one.
        submission.status = PracticeSubmission.Status.DECLINED
        submission.message = reason
        submission.decided_at = now
        submission.save()
        state.cancel(user=by)
        emails.queue_practice_notification(
            submission=submission, template="practice_declined"
        )
    return submission


def publish_practice(*, page, by, now=None) -> PracticeSubmission:
    """The office publishes the practice as it now stands, dated today: a first
    publication sets the publication date, an update the "updated" date."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        was_published = _locked_submission(page.pk).published_at is not None
        task_state = _task_in_review(page)
        draft = page.get_latest_revision_as_object()
        if page.live:
            if today >= draft.published_on:
                draft.updated_on = today
        elif draft.valid_until_on is None or draft.valid_until_on >= today:
            draft.published_on = today
            if draft.updated_on is not None and draft.updated_on < today:
                draft.updated_on = None
        draft.save_revision(user=by)
        task_state.approve(user=by)  # the workflow ends and publishes the revision
        submission = PracticeSubmission.objects.get(page_id=page.pk)
        submission.decided_at = now
        if not was_published:
            submission.published_at = now
        submission.save(update_fields=["decided_at", "published_at"])
        return submission


def record_practice_published(*, page, revision=None, now=None) -> None:
    """After any publication of a shared practice: the person is told (unless the
    office only republished its own edit) and the first one opens its discussion."""
    now = now or timezone.now()
    submission = (
        PracticeSubmission.objects.select_for_update(of=("self",))
        .select_related("page", "submitted_by")
        .filter(page_id=page.pk)
        .first()
    )
    if submission is None:
        return
    is_first = submission.published_at is None
    was_pending = submission.status != PracticeSubmission.Status.PUBLISHED
    submission.status = PracticeSubmission.Status.PUBLISHED
    submission.message = ""
    submission.decided_at = now
    submission.published_at = submission.published_at or now
    submission.save()
    if was_pending or is_first:
        emails.queue_practice_notification(
            submission=submission, template="practice_published", is_update=not is_first
        )
    if is_first:
        from materials.tasks import open_practice_discussion

        publisher_id = revision.user_id if revision is not None else None
        transaction.on_commit(
            lambda: open_practice_discussion.enqueue(page.pk, publisher_id)
        )


def record_review_cancelled(*, page, now=None) -> None:
    """Someone cancelled the review in the admin without deciding: the practice is
    declined without a stated reason, and the person is told."""
    now = now or timezone.now()
    submission = (
        PracticeSubmission.objects.select_for_update(of=("self",))
        .select_related("page", "submitted_by")
        .filter(page_id=page.pk)
        .first()
    )
    pending = (
        PracticeSubmission.Status.IN_REVIEW,
        PracticeSubmission.Status.CHANGES_REQUESTED,
    )
    if submission is None or submission.status not in pending:
        return
    submission.status = PracticeSubmission.Status.DECLINED
    submission.message = ""
    submission.decided_at = now
    submission.save()
    emails.queue_practice_notification(
        submission=submission, template="practice_declined"
    )


def record_review_started(*, page) -> None:
    """Staff sent a practice to review again in the admin: it is in review."""
    PracticeSubmission.objects.filter(page_id=page.pk).exclude(
        status=PracticeSubmission.Status.IN_REVIEW
    ).update(status=PracticeSubmission.Status.IN_REVIEW, message="")


def open_practice_discussion(*, page_id: int, publisher_id: int | None):
    """Open the discussion of a published practice where members ask its municipality
    and each other about it; started by the person who shared it, or by who published
    it when that person is no longer a member. Safe to run twice."""
    from portal import discussions
    from portal.models import User

    page = (
        PracticePage.objects.live().filter(pk=page_id).select_related("locale").first()
    )
    if page is None:
        return None
    submission = PracticeSubmission.objects.filter(page=page).select_related(
        "submitted_by"
    )
    submitter = submission[0].submitted_by if submission else None
    publisher = User.objects.filter(pk=publisher_id).first() if publisher_id else None
    starter = next(
        (
            person
            for person in (submitter, publisher)
            if person is not None and access.can_view_members_content(person)
        ),
        None,
    )
    if starter is None:
        return None
    with translation.override(page.locale.language_code):
        body = render_to_string(
            "materials/discussion_opening.txt",
            {
                "page": page,
                "municipalities": practice_municipalities(page),
                "page_link": absolute_url(page.get_url()),
                "summary_quote": "\n".join(
                    f"> {line}" for line in page.summary.splitlines() if line.strip()
                ),
            },
        ).strip()
    return discussions.open_discussion(
        page_id=page.pk,
        title=page.title,
        body=body,
        theme_ids=list(page.themes.values_list("pk", flat=True)),
        starter=starter,
    )


def practice_municipalities(page) -> list:
    """Its municipalities by name in the active language, the one it comes from first."""
    return sorted(
        page.municipalities.all(),
        key=lambda m: (m.pk != page.municipality_id, m.name.casefold()),
    )


def absolute_url(path: str) -> str:
    return urljoin(settings.PORTAL_BASE_URL, path or "")


def home_municipality(user):
    """The municipality of a signed-in person's profile, if any."""
    if not access.is_signed_in(user):
        return None
    from network.models import MemberProfile

    profile = (
        MemberProfile.objects.filter(user=user, municipality__isnull=False)
        .select_related("municipality")
        .first()
    )
    return profile.municipality if profile else None


def home_municipality_id(user) -> int | None:
    """The pk of the municipality of a signed-in person's profile, if any (one query, and
    none for an anonymous visitor): what the home page's practices section is cached by."""
    if not access.is_signed_in(user):
        return None
    from network.models import MemberProfile

    return (
        MemberProfile.objects.filter(user=user, municipality__isnull=False)
        .values_list("municipality_id", flat=True)
        .first()
    )


def practices_like(*, municipality, user, pages, limit: int = LIKE_MINE_PRACTICES):
    """The newest good practices of `pages` that the user may see, from other
    municipalities of the same size class or region."""
    return list(
        pages.live()
        .visible_to(user)
        .good_practices()
        .like_municipality(municipality)
        .for_listing()
        .newest_first()[:limit]
    )


def related_practices(*, page, user, limit: int = RELATED_PRACTICES):
    """Other live good practices in the page's language sharing most of its themes."""
    return _sharing_themes(
        page=page,
        pages=MaterialPage.objects.good_practices(),
        user=user,
        limit=limit,
    )


def _sharing_themes(*, page, pages, user, limit: int):
    theme_ids = [theme.pk for theme in page.themes.all()]
    if not theme_ids:
        return []
    return list(
        pages.live()
        .filter(locale_id=page.locale_id, themes__in=theme_ids)
        .exclude(pk=page.pk)
        .visible_to(user)
        .annotate(shared=Count("themes"))
        .order_by("-shared", "-published_on", "-pk")
        .select_related("municipality")[:limit]
    )


def practice_contact(submission: PracticeSubmission | None) -> ContactPerson | None:
    """Who to ask, when the person who shared the practice agreed to be shown."""
    user = submission.submitted_by if submission else None
    if user is None or not submission.is_contact_person or not user.is_active:
        return None
    profile = getattr(user, "profile", None)
    organisation = ""
    if profile is not None:
        organisation = profile.organisation_name or (
            profile.municipality.name if profile.municipality else ""
        )
    return ContactPerson(
        name=user.get_full_name(),
        title=profile.title if profile else "",
        organisation=organisation,
        email=user.email,
    )


def practice_page_context(*, page, user) -> dict[str, Any]:
    """What a practice's page shows besides its fields: its municipalities, contact
    person, discussion (to those who may read it), related practices and materials."""
    from portal import discussions

    submission = (
        PracticeSubmission.objects.of_page(page)
        .select_related("submitted_by__profile__municipality")
        .order_by("pk")
        .first()
    )
    discussion = discussions.discussion_for(
        page_id=submission.page_id if submission else page.pk
    )
    readable = discussion is not None and (
        access.audience_decision(user, discussion.audience) is access.Decision.ALLOW
    )
    context = {
        "municipalities": practice_municipalities(page),
        "contact": practice_contact(submission),
        "discussion": discussion if readable else None,
        "has_members_discussion": discussion is not None and not readable,
        "related_practices": related_practices(page=page, user=user),
    }
    if not page.related_material_links.exists():
        context["related_materials"] = _sharing_themes(
            page=page,
            pages=MaterialPage.objects.excluding_good_practices(),
            user=user,
            limit=RELATED_PRACTICES,
        )
    return context


def practice_form_initial(*, submission: PracticeSubmission) -> dict[str, Any]:
    """The practice as it last stands (its latest revision), for the update form,
    with its documents under "documents"."""
    draft = submission.page.get_latest_revision_as_object()
    documents = practice_documents(draft)
    partners = [
        m.code for m in draft.municipalities.all() if m.pk != draft.municipality_id
    ]
    return {
        "title": draft.title,
        "summary": draft.summary,
        "problem": draft.problem,
        "description": draft.description,
        "reform": draft.reform,
        "themes": [theme.pk for theme in draft.themes.all()],
        "municipality": draft.municipality.code if draft.municipality else "",
        "partner_municipalities": partners,
        "language": draft.language,
        "audience": draft.audience,
        "documents": documents,
        "kept_documents": [str(document.pk) for document in documents],
        "links": "\n".join(
            f"{title} {url}" if title and title != url else url
            for url, title in practice_links(draft)
        ),
        "is_contact_person": submission.is_contact_person,
    }


def practice_coverage_counts() -> dict[int, int]:
    """Live shared practices per municipality (a practice's translations count once)."""
    rows = (
        PracticePage.municipalities.through.objects.filter(practicepage__live=True)
        .values("municipality_id")
        .annotate(count=Count("practicepage__translation_key", distinct=True))
        .order_by()
    )
    return {row["municipality_id"]: row["count"] for row in rows}


def collect_practice_submissions(user) -> list[dict[str, Any]]:
    return [
        {
            "practice": submission.page.draft_title,
            "address": absolute_url(submission.page.get_url())
            if submission.page.live
            else "",
            "status": submission.status,
            "is_contact_person": submission.is_contact_person,
            "message_from_the_office": submission.message,
            "first_shared_at": submission.created_at,
            "last_sent_for_review_at": submission.submitted_at,
            "decided_at": submission.decided_at,
            "first_published_at": submission.published_at,
        }
        for submission in PracticeSubmission.objects.by_user(user).for_account()
    ]


def erase_practice_submissions(user) -> None:
    """The practices stay, attributed to their municipalities; the person is no longer
    named on them or shown as their contact."""
    PracticeSubmission.objects.by_user(user).update(
        submitted_by=None, is_contact_person=False
    )
