"""Good practices that municipalities share: a page type of the library, who shared it and
its review state, and the review task of Wagtail's moderation workflow."""

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import AbstractGroupApprovalTask, Page, Workflow, WorkflowTask
from wagtail.search import index

from portal import access

from .materials import MaterialPage

PRACTICE_TITLE_MAX_LENGTH = 200
PROBLEM_MAX_LENGTH = 4000
DESCRIPTION_MAX_LENGTH = 10_000
REVIEW_WORKFLOW_NAME = "Practice review"
#: The Wagtail group whose members review shared practices (besides superusers).
#: The groups a new review task is given: the editors and the office's administrators
#: (an administrator may change them in the admin's Workflows > Tasks).
REVIEWER_GROUPS = ("Editors", "Moderators", "Administrators")


class PracticePageAdminForm(WagtailAdminPageForm):
    def clean(self):
        """The municipality a practice comes from is always one of its municipalities
        (the library's municipality facets count through that list)."""
        cleaned_data = super().clean()
        lead = cleaned_data.get("municipality")
        chosen = list(cleaned_data.get("municipalities") or [])
        if lead is not None and lead not in chosen:
            cleaned_data["municipalities"] = [lead, *chosen]
        return cleaned_data


class PracticePage(MaterialPage):
    """A good practice shared by a municipality: a material of the library with the
    problem it solves, how it works and every municipality that runs it."""

    problem = models.TextField(
        _("problem it solves"),
        max_length=PROBLEM_MAX_LENGTH,
        help_text=_(
            "What was difficult before, and for whom. Simple formatting: **bold**, "
            "lists with - and links."
        ),
    )
    description = models.TextField(
        _("how it works"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        help_text=_(
            "What the municipality did, with whom, what it cost and what was learnt. "
            "Simple formatting: **bold**, lists with - and links."
        ),
    )
    municipalities = ParentalManyToManyField(
        "network.Municipality",
        verbose_name=_("municipalities"),
        related_name="practice_pages",
        blank=True,
        help_text=_(
            "Every municipality that runs the practice, e.g. all municipalities of a "
            "joint employment area. The municipality it comes from is added if missing."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("problem"),
        FieldPanel("description"),
        FieldPanel("attachments"),
        FieldPanel("body"),
    ]
    classification_panels = [
        FieldPanel("reform"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("language"), FieldPanel("audience")]),
        FieldPanel("is_limited_to_its_language"),
        MultiFieldPanel(
            [FieldPanel("municipality"), FieldPanel("municipalities")],
            heading=_("Municipalities"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("published_on"),
                        FieldPanel("updated_on"),
                        FieldPanel("valid_until_on"),
                    ]
                )
            ],
            heading=_("Dates"),
        ),
    ]
    related_panels = [
        FieldPanel("expert"),
        InlinePanel("related_event_links", label=_("Related events")),
        InlinePanel("related_material_links", label=_("Related materials")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(classification_panels, heading=_("Classification")),
            ObjectList(related_panels, heading=_("Related")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ],
        base_form_class=PracticePageAdminForm,
    )
    search_fields = [
        *MaterialPage.search_fields,
        index.SearchField("problem"),
        index.SearchField("description"),
    ]

    parent_page_types = ["materials.MaterialIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("shared good practice")
        verbose_name_plural = _("shared good practices")

    def save(self, *args, **kwargs):
        self.material_type = MaterialPage.MaterialType.GOOD_PRACTICE
        return super().save(*args, **kwargs)

    def get_workflow(self):
        """Shared practices go through the practice review, wherever they are."""
        return practice_review_workflow()

    def get_sitemap_urls(self, request=None):
        """Only public practices are offered to search engines."""
        if self.audience != access.Audience.PUBLIC:
            return []
        return super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        from materials import services

        context = super().get_context(request, *args, **kwargs)
        context.update(services.practice_page_context(page=self, user=request.user))
        return context


class PracticeSubmissionQuerySet(models.QuerySet):
    def by_user(self, user) -> "PracticeSubmissionQuerySet":
        return self.filter(submitted_by=user)

    def for_account(self) -> "PracticeSubmissionQuerySet":
        """What My account lists: the pages, newest submission first."""
        return self.select_related("page").order_by("-submitted_at", "-pk")

    def for_review_queue(self) -> "PracticeSubmissionQuerySet":
        return self.select_related(
            "page", "page__locale", "page__municipality", "submitted_by"
        ).order_by("-submitted_at", "-pk")

    def of_page(self, page: Page) -> "PracticeSubmissionQuerySet":
        """The submission of a page or of the page it was translated from."""
        return self.filter(page__translation_key=page.translation_key)


class PracticeSubmission(models.Model):
    """Who shared a practice, whether they are its contact person, and where its review
    stands. The page's revisions hold the content; this row holds no text of its own
    except the office's last message, so erasing the person leaves the practice whole."""

    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")

    page = models.OneToOneField(
        PracticePage,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="submission",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        blank=True,
        # The practice stays, attributed to its municipality, when the person goes.
        on_delete=models.SET_NULL,
        related_name="practice_submissions",
    )
    is_contact_person = models.BooleanField(
        _("shown as the contact person"),
        default=False,
        help_text=_(
            "The person agreed to be shown on the practice's page with their name, "
            "title, organisation and e-mail address."
        ),
    )
    status = models.CharField(
        _("review status"),
        max_length=32,
        choices=Status.choices,
        default=Status.IN_REVIEW,
        db_index=True,
    )
    message = models.TextField(
        _("message from the office"),
        blank=True,
        help_text=_("The changes asked for, or the reason for declining."),
    )
    created_at = models.DateTimeField(_("first shared at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("last sent for review at"), db_index=True)
    decided_at = models.DateTimeField(_("last decided at"), null=True, blank=True)
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True)

    objects = PracticeSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice submission")
        verbose_name_plural = _("practice submissions")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="practice_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.page.draft_title

    @property
    def is_live(self) -> bool:
        return self.page.live

    @property
    def is_final(self) -> bool:
        """A declined practice that was never published is closed for good."""
        return self.status == self.Status.DECLINED and not self.page.live

    @property
    def status_label(self) -> str:
        """The state as the person who shared it sees it (an update of a published
        practice is reviewed while the published version stays)."""
        status, live = self.status, self.page.live
        if live and status == self.Status.IN_REVIEW:
            return str(_("Published; the update is in review"))
        if live and status == self.Status.CHANGES_REQUESTED:
            return str(_("Published; changes requested to the update"))
        if live and status == self.Status.DECLINED:
            return str(_("Published; the update was declined"))
        if not live and status == self.Status.PUBLISHED:
            return str(_("Unpublished by the office"))
        return str(self.get_status_display())


class PracticeReviewTask(AbstractGroupApprovalTask):
    """The office's review of a shared practice: publish it, ask the person who shared
    it for changes, or decline it with a reason. Each step notifies that person."""

    #: Approving publishes, whatever Wagtail's page permissions of the reviewer
    #: (`portal.workflows.finish_workflow`).
    publishes_on_approval = True

    class Meta:
        verbose_name = _("practice review task")
        verbose_name_plural = _("practice review tasks")

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("request_changes", _("Ask for changes"), True),
                ("approve", _("Publish"), False),
                ("decline", _("Decline"), True),
            ]
        return []

    def get_form_for_action(self, action):
        from materials.forms import PracticeChangesForm, PracticeDeclineForm

        if action == "request_changes":
            return PracticeChangesForm
        if action == "decline":
            return PracticeDeclineForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        """The review's decisions go through the practice services, which notify."""
        from materials import services

        page = task_state.workflow_state.content_object.specific
        comment = kwargs.get("comment", "")
        if action_name == "request_changes":
            services.request_practice_changes(page=page, by=user, message=comment)
        elif action_name == "decline":
            services.decline_practice(page=page, by=user, reason=comment)
        elif action_name == "approve":
            services.publish_practice(page=page, by=user)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups publish shared practices, ask for changes "
            "or decline them; the person who shared the practice is told each time."
        )


def practice_review_workflow() -> Workflow:
    """The active workflow with a practice review task, made if there is none (with a
    review task for the Editors group)."""
    task_type = ContentType.objects.get_for_model(PracticeReviewTask)
    workflow = (
        Workflow.objects.active()
        .filter(
            workflow_tasks__task__content_type=task_type,
            workflow_tasks__task__active=True,
        )
        .order_by("pk")
        .first()
    )
    if workflow is not None:
        return workflow
    return _create_review_workflow()


def _create_review_workflow() -> Workflow:
    from django.contrib.auth.models import Group

    task = PracticeReviewTask.objects.filter(active=True).order_by("pk").first()
    if task is None:
        task = PracticeReviewTask.objects.create(name=REVIEW_WORKFLOW_NAME)
        task.groups.set(Group.objects.filter(name__in=REVIEWER_GROUPS))
    workflow = Workflow.objects.create(name=REVIEW_WORKFLOW_NAME)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def ensure_practice_review_workflow(sender, **kwargs) -> None:
    """post_migrate: the review workflow exists from the start (staff see it in the
    admin's Workflows before the first practice arrives)."""
    practice_review_workflow()
