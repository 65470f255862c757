import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from network.models import AudienceMixin, AudiencePageManager, AudiencePageQuerySet
from portal import access
from portal.access import Audience
from portal.models import PortalPageMixin
from surveys.blocks import (
    Question,
    QuestionStreamBlock,
    question_errors,
    questions_of,
)

INTRO_FEATURES = ["bold", "italic", "link", "ol", "ul"]

SURVEY_AUDIENCE_CHOICES = [
    (Audience.PUBLIC, _("Anyone with the link (chooses a municipality)")),
    (Audience.SIGNED_IN, _("Signed-in users")),
    (Audience.MEMBERS, _("Verified network members")),
]


class SurveyPageQuerySet(AudiencePageQuerySet):
    def canonical(self) -> "SurveyPageQuerySet":
        """One page per survey: the default-language page, or the only one there is.

        Translations share the canonical page's settings and answers.
        """
        language = settings.LANGUAGE_CODE
        in_default = SurveyPage.objects.filter(locale__language_code=language).values(
            "translation_key"
        )
        return self.filter(
            Q(locale__language_code=language) | ~Q(translation_key__in=in_default)
        )

    def open_at(self, now: datetime.datetime) -> "SurveyPageQuerySet":
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def closed_at(self, now: datetime.datetime) -> "SurveyPageQuerySet":
        return self.filter(closes_at__lte=now)

    def with_published_results(self) -> "SurveyPageQuerySet":
        return self.filter(results_published=True)

    def rounds_of(self, series) -> "SurveyPageQuerySet":
        """The live rounds of a pulse series, oldest first."""
        return self.live().canonical().filter(series=series).order_by("opens_at", "pk")

    def building_register(self) -> "SurveyPageQuerySet":
        return self.canonical().filter(builds_preparer_register=True)


SurveyPageManager = AudiencePageManager.from_queryset(SurveyPageQuerySet)


class SurveyIndexPage(PortalPageMixin, Page):
    """Lists the surveys open to the visitor and those whose results are published."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("A short text above the list of surveys."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["surveys.SurveyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("survey index page")
        verbose_name_plural = _("survey index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        surveys = (
            SurveyPage.objects.child_of(self)
            .live()
            .visible_to(request.user)
            .order_by("closes_at", "pk")
        )
        context["open_surveys"] = surveys.open_at(now)
        # Published results are for members; others are not shown links they cannot open.
        context["published_surveys"] = (
            surveys.closed_at(now).with_published_results().order_by("-closes_at")
            if access.can_view_members_content(request.user)
            else SurveyPage.objects.none()
        )
        return context


class SurveyPage(PortalPageMixin, AudienceMixin, RoutablePageMixin, Page):
    """A survey: questions composed from blocks, its settings, and routes to answer it,
    thank the respondent, show published results and accept personal invitation links.

    Translations (Swedish…) give the questions in their language; the survey's settings
    and its answers are those of the default-language page (`canonical`).
    """

    class AnswerMode(models.TextChoices):
        PER_PERSON = "person", _("One answer per person")
        PER_MUNICIPALITY = "municipality", _("One answer per municipality")

    audience = models.CharField(
        _("who can answer"),
        max_length=16,
        choices=SURVEY_AUDIENCE_CHOICES,
        default=Audience.MEMBERS,
        db_index=True,
        help_text=_(
            "Anyone with the link must choose the municipality they answer for. "
            "Translations follow the Finnish page's settings."
        ),
    )
    answer_mode = models.CharField(
        _("answers"),
        max_length=16,
        choices=AnswerMode.choices,
        default=AnswerMode.PER_PERSON,
        help_text=_(
            "With one answer per municipality, any verified member of the municipality "
            "can change its answer until the survey closes."
        ),
    )
    is_anonymous = models.BooleanField(
        _("anonymous answers"),
        default=False,
        help_text=_(
            "Stores no name, e-mail address or time of day with the answers, and exports "
            "none. Cannot be changed once answers exist."
        ),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(
        _("closes"),
        help_text=_(
            "Moving the closing time later after the survey has opened shows the survey "
            "as extended."
        ),
    )
    original_closes_at = models.DateTimeField(
        _("original closing time"), null=True, blank=True, editable=False
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("Who the survey is for and what it is used for."),
    )
    questions = StreamField(
        QuestionStreamBlock(), verbose_name=_("questions"), blank=True
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("Shown after the answer is sent."),
    )
    send_receipt = models.BooleanField(
        _("e-mail a copy of the answers"),
        default=True,
        help_text=_(
            "Signed-in respondents get a receipt with their answers. Not available for "
            "anonymous surveys."
        ),
    )
    results_published = models.BooleanField(
        _("results published to members"),
        default=False,
        help_text=_(
            "After the close, verified members see the aggregate results. Groups of "
            "fewer than five answers stay hidden."
        ),
    )
    series = models.ForeignKey(
        "surveys.SurveySeries",
        verbose_name=_("pulse series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rounds",
        help_text=_(
            "Make the survey a round of a series; questions with the same identifier "
            "are compared across rounds."
        ),
    )
    builds_preparer_register = models.BooleanField(
        _("contact persons form the preparer register"),
        default=False,
        help_text=_(
            "The contact persons given in this survey are listed in the register of "
            "preparers per municipality."
        ),
    )

    objects = SurveyPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("questions"),
        FieldPanel("thank_you_text"),
    ]
    survey_panels = [
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("answer_mode"),
                FieldPanel("is_anonymous"),
            ],
            heading=_("Respondents"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=_("Schedule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("send_receipt"),
                FieldPanel("series"),
                FieldPanel("builds_preparer_register"),
                FieldPanel("results_published"),
            ],
            heading=_("Results and follow-up"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(survey_panels, heading=_("Survey settings")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["surveys.SurveyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="surveys_closes_after_opening",
            )
        ]

    def save(self, *args, **kwargs):
        self.remember_original_close(timezone.now())
        return super().save(*args, **kwargs)

    # --- Settings and state ------------------------------------------------------------

    @cached_property
    def canonical(self) -> "SurveyPage":
        """The default-language page, whose settings and answers all translations share."""
        if self.pk is None:
            return self
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return (
            SurveyPage.objects.filter(
                translation_key=self.translation_key, locale=default
            ).first()
            or self
        )

    @cached_property
    def question_list(self) -> list[Question]:
        return questions_of(self.questions)

    @property
    def municipality_question(self) -> Question | None:
        return next((q for q in self.question_list if q.kind == "municipality"), None)

    @property
    def is_per_municipality(self) -> bool:
        return self.answer_mode == self.AnswerMode.PER_MUNICIPALITY

    @property
    def needs_municipality(self) -> bool:
        """Each answer names a municipality: open-link surveys and one per municipality."""
        return self.audience == Audience.PUBLIC or self.is_per_municipality

    @property
    def is_extended(self) -> bool:
        return bool(
            self.original_closes_at and self.closes_at > self.original_closes_at
        )

    def has_opened(self, now: datetime.datetime) -> bool:
        return self.opens_at <= now

    def is_closed(self, now: datetime.datetime) -> bool:
        return self.closes_at <= now

    def is_open(self, now: datetime.datetime) -> bool:
        return self.has_opened(now) and not self.is_closed(now)

    def remember_original_close(self, now: datetime.datetime) -> None:
        """Until the survey opens its closing time may change freely; after that the
        first one is kept, so that a later closing time shows as an extension."""
        if self.closes_at is None:
            return
        if (
            self.original_closes_at is None
            or self.opens_at is None
            or now < self.opens_at
        ):
            self.original_closes_at = self.closes_at

    # --- Validation --------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The survey must close after it opens.")
        errors.update(self.question_setting_errors())
        errors.update(self.locked_setting_errors())
        if errors:
            raise ValidationError(errors)
        self.remember_original_close(timezone.now())

    def question_setting_errors(self) -> dict[str, ValidationError]:
        errors = {}
        if question_errors(self.questions):
            errors["questions"] = _(
                "Check the questions: identifiers must be unique and conditions must "
                "name an earlier question's value."
            )
        questions = questions_of(self.questions)
        kinds = [question.kind for question in questions]
        if kinds.count("municipality") > 1:
            errors["questions"] = _("A survey can have only one municipality question.")
        elif self.needs_municipality and "municipality" not in kinds:
            errors["questions"] = _(
                "Add a municipality question: surveys open to anyone with the link and "
                "surveys with one answer per municipality ask for the municipality."
            )
        if self.is_anonymous and "contact_persons" in kinds:
            errors["is_anonymous"] = _(
                "An anonymous survey cannot ask for contact persons."
            )
        if self.is_anonymous and self.send_receipt:
            errors["send_receipt"] = _(
                "An anonymous survey cannot e-mail a copy of the answers: the e-mail "
                "would tie the answers to a person."
            )
        if self.canonical is not self:
            errors.update(self.translation_errors(questions))
        return errors

    def translation_errors(
        self, questions: list[Question]
    ) -> dict[str, ValidationError]:
        """A translation asks the same questions as the default-language page."""
        source = {q.identifier: q.kind for q in self.canonical.question_list}
        mismatched = sorted(
            q.identifier for q in questions if source.get(q.identifier) != q.kind
        )
        if mismatched:
            return {
                "questions": _(
                    "These identifiers are not questions of the same type on the "
                    "Finnish page: %(identifiers)s."
                )
                % {"identifiers": ", ".join(mismatched)}
            }
        return {}

    def locked_setting_errors(self) -> dict[str, ValidationError]:
        """How answers are keyed and whether they are anonymous cannot change later."""
        if self.pk is None or self.canonical is not self or not self.responses.exists():
            return {}
        stored = (
            SurveyPage.objects.filter(pk=self.pk)
            .values("answer_mode", "is_anonymous")
            .first()
        )
        errors = {}
        message = _("This cannot be changed because the survey already has answers.")
        if stored and stored["answer_mode"] != self.answer_mode:
            errors["answer_mode"] = message
        if stored and stored["is_anonymous"] != self.is_anonymous:
            errors["is_anonymous"] = message
        return errors

    # --- Serving -------------------------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        # Translations answer to the audience of the default-language page.
        self.audience = self.canonical.audience
        return super().serve(request, *args, **kwargs)

    @path("")
    def answer_route(self, request):
        from surveys import views

        # The form shows what the person (or their municipality) has answered.
        return never_cache(views.answer)(request, self)

    @path("thanks/")
    def thanks_route(self, request):
        from surveys import views

        return never_cache(views.thanks)(request, self)

    @path("results/")
    def results_route(self, request):
        from surveys import views

        return views.results(request, self)

    @path("invitation/")
    def invitation_route(self, request):
        # The token is in the query string: Wagtail's page paths allow only [\w-].
        from surveys import views

        return views.invitation(request, self, request.GET.get("key", ""))
