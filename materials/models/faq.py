import dataclasses
import datetime
import html
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from materials.blocks import FaqStreamBlock
from portal import access
from portal.dates import format_date
from portal.languages import DEFAULT_LANGUAGE
from portal.models import PortalPageMixin, intro_field

MAX_ANCHOR_LENGTH = 80


@dataclass
class FaqEntry:
    question: str
    answer: object
    anchor: str
    reviewed_on: datetime.date | None
    related_materials: list = field(default_factory=list)
    #: The question's block id, which its translations share (Wagtail copies it).
    block_id: str = ""

    @property
    def answer_text(self) -> str:
        """The answer as plain text (for structured data and in-page search)."""
        return html.unescape(strip_tags(getattr(self.answer, "source", "") or ""))

    def matches(self, words: list[str]) -> bool:
        text = f"{self.question} {self.answer_text}".casefold()
        return all(word in text for word in words)


@dataclass
class FaqSection:
    heading: str
    anchor: str
    theme: object
    expert: object
    entries: list[FaqEntry]


def _items_with_ids(questions):
    """(stored block id, value) of each question of a group's ListBlock value; the id is
    empty for data saved without ids (the admin always saves them)."""
    bound_blocks = getattr(questions, "bound_blocks", None)
    if bound_blocks is None:
        return [("", item) for item in questions]
    return [(bound.original_id or "", bound.value) for bound in bound_blocks]


def unique_anchor(text: str, taken: set[str]) -> str:
    """A slug for an element id, made unique on the page by a numeric suffix."""
    base = slugify(text)[:MAX_ANCHOR_LENGTH].strip("-") or "question"
    anchor, number = base, 2
    while anchor in taken:
        anchor = f"{base}-{number}"
        number += 1
    taken.add(anchor)
    return anchor


class FaqPage(PortalPageMixin, Page):
    """Questions and answers grouped by theme, each with its own link."""

    page_cache = True

    intro = intro_field()
    sections = StreamField(
        FaqStreamBlock(),
        blank=True,
        verbose_name=_("questions by theme"),
        help_text=_("One group per theme; each question gets a link of its own."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("sections")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("sections"),
    ]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["materials.QuestionFormPage"]

    class Meta:
        verbose_name = _("FAQ page")
        verbose_name_plural = _("FAQ pages")

    def faq_sections(
        self, user=None, *, taken: set[str] | None = None
    ) -> list[FaqSection]:
        """The groups with unique anchors; related materials only if the user sees them.
        `taken`: anchors already used on the page (they are added to it)."""
        taken = set() if taken is None else taken
        sections = []
        for block in self.sections:
            value = block.value
            theme = value.get("theme")
            heading = value.get("heading") or (theme.name if theme else "")
            section_anchor = unique_anchor(
                f"theme-{theme.slug}" if theme else heading or "theme", taken
            )
            entries = [
                FaqEntry(
                    block_id=item_id,
                    question=item["question"],
                    answer=item["answer"],
                    anchor=unique_anchor(item["anchor"] or item["question"], taken),
                    reviewed_on=item["reviewed_on"],
                    related_materials=[
                        material
                        for material in item["related_materials"]
                        if material is not None
                        and material.live
                        and access.can_view(user, material)
                    ],
                )
                for item_id, item in _items_with_ids(value["questions"])
            ]
            sections.append(
                FaqSection(
                    heading=heading,
                    anchor=section_anchor,
                    theme=theme,
                    expert=value.get("expert"),
                    entries=entries,
                )
            )
        return sections

    def untranslated_sections(
        self, user=None, *, sections: list[FaqSection], taken: set[str]
    ) -> list[FaqSection]:
        """The questions of the Finnish FAQ that this translation lacks (matched by the
        block id a translation keeps), in their groups: shown below this page's own,
        marked as Finnish. Empty on the Finnish page or without a live Finnish one (one
        query, two with the Finnish page)."""
        if self.locale.language_code == DEFAULT_LANGUAGE:
            return []
        original = (
            FaqPage.objects.live()
            .filter(
                translation_key=self.translation_key,
                locale__language_code=DEFAULT_LANGUAGE,
            )
            .first()
        )
        if original is None:
            return []
        own_ids = {entry.block_id for section in sections for entry in section.entries}
        missing = []
        for section in original.faq_sections(user, taken=taken):
            entries = [
                entry
                for entry in section.entries
                if entry.block_id and entry.block_id not in own_ids
            ]
            if entries:
                missing.append(dataclasses.replace(section, entries=entries))
        return missing

    def structured_data(self, *, url: str, sections: list[FaqSection]) -> dict:
        """schema.org FAQPage data for search engines (serialised by the template)."""
        return {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "name": self.title,
            "url": url,
            "inLanguage": self.locale.language_code,
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": entry.question,
                    "url": f"{url}#{entry.anchor}",
                    "acceptedAnswer": {"@type": "Answer", "text": entry.answer_text},
                }
                for section in sections
                for entry in section.entries
            ],
        }

    def get_context(self, request, *args, **kwargs):
        from materials.forms import FaqSearchForm

        context = super().get_context(request, *args, **kwargs)
        taken: set[str] = set()
        sections = self.faq_sections(request.user, taken=taken)
        untranslated = self.untranslated_sections(
            request.user, sections=sections, taken=taken
        )
        form = FaqSearchForm(request.GET or None, sections=sections)
        context["search_form"] = form
        context["faq_sections"] = form.filter(sections)
        context["untranslated_sections"] = form.filter(untranslated)
        context["untranslated_language"] = DEFAULT_LANGUAGE
        context["is_filtered"] = form.is_filtering()
        context["structured_data"] = self.structured_data(
            url=self.get_full_url(request), sections=sections
        )
        context["ask_page"] = QuestionFormPage.objects.child_of(self).live().first()
        return context


class QuestionFormField(AbstractFormField):
    """An extra field editors add to the "ask a question" form."""

    page = ParentalKey(
        "materials.QuestionFormPage",
        on_delete=models.CASCADE,
        related_name="form_fields",
    )


class QuestionSubmission(AbstractFormSubmission):
    """A question sent through the form; linked to the account when signed in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="question_submissions",
    )
    email = models.EmailField(_("e-mail address"), db_index=True)
    notifications = models.ManyToManyField(
        "portal.OutgoingEmail",
        verbose_name=_("notifications to the office"),
        blank=True,
        related_name="+",
        help_text=_(
            "The stored mails that told the office of the question; they hold the "
            "asker's details and go when the question does."
        ),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.email} ({format_date(self.submit_time)})"


class QuestionFormPage(PortalPageMixin, AbstractEmailForm):
    """ "Ask a question": the office gets each question in the admin and by e-mail."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Tell what happens to the question and when to expect an answer."),
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Shown after the question has been sent."),
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel(
            "form_fields",
            label=_("Extra form fields"),
            help_text=_(
                "Name, e-mail, phone, organisation and municipality are always asked; "
                "add the question itself and anything else here."
            ),
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("to_address"), FieldPanel("subject")])],
            heading=_("E-mail notification to the office"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["materials.FaqPage", "portal.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("question form")
        verbose_name_plural = _("question forms")

    def get_form_class(self):
        from materials.forms import QuestionForm

        fields = self.form_builder(self.get_form_fields()).formfields
        return type("QuestionPageForm", (QuestionForm,), dict(fields))

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if not form.is_bound:
            form.initial.update(form.initial_for_user())
        return form

    def get_submission_class(self):
        return QuestionSubmission

    def get_data_fields(self):
        from materials.forms import QuestionForm

        submit_time, *extra = super().get_data_fields()
        contact = [(name, field.label) for name, field in QuestionForm.contact_fields()]
        return [submit_time, *contact, *extra]

    def process_form_submission(self, form):
        """Store the question and queue one notification mail per office address."""
        from materials.emails import queue_question_notifications

        submission = QuestionSubmission.objects.create(
            page=self,
            form_data=form.submission_data(),
            user=form.user if access.is_signed_in(form.user) else None,
            email=form.cleaned_data["email"],
        )
        submission.notifications.set(
            queue_question_notifications(page=self, submission=submission)
        )
        return submission

    def serve(self, request, *args, **kwargs):
        from materials import services
        from materials.exceptions import QuestionError

        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        refusal = None
        if form.is_valid():
            try:
                submission = services.submit_question(
                    page=self, form=form, client_key=services.client_key(request)
                )
            except QuestionError as error:
                form.add_error(None, error.message)
                refusal = error
            else:
                return self.render_landing_page(request, submission, *args, **kwargs)
        context = self.get_context(request)
        context["form"] = form
        response = TemplateResponse(request, self.get_template(request), context)
        return refusal.apply_to(response) if refusal else response
