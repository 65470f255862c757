from django import forms
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TabbedInterface

from portal.models.localized import localized


class CategoryQuerySet(models.QuerySet):
    def best_for_themes(self, theme_ids) -> "Category | None":
        """The category sharing most of the themes (the first in order on a tie), or
        the first category when none shares any."""
        return (
            self.annotate(
                shared=models.Count(
                    "themes", filter=models.Q(themes__in=list(theme_ids))
                )
            )
            .order_by("-shared", "sort_order", "name_fi", "pk")
            .first()
        )

    def for_index(self) -> "CategoryQuerySet":
        """Categories in order with the latest post and its author, for the forum index."""
        return self.select_related("last_post__author", "last_post__topic").order_by(
            "sort_order", "name_fi", "pk"
        )


class Category(models.Model):
    """A forum area managed by staff; topics are started in a category.

    The counters and the latest post are kept up to date by the forum services, so the
    forum index never counts rows.
    """

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("The category's address in the forum, e.g. koto24-yleinen."),
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(
        _("name in English"),
        max_length=120,
        blank=True,
        help_text=_("Optional; the Finnish name is shown when empty."),
    )
    description_fi = models.TextField(
        _("description in Finnish"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences on what is discussed here."),
    )
    description_sv = models.TextField(
        _("description in Swedish"), max_length=500, blank=True
    )
    description_en = models.TextField(
        _("description in English"), max_length=500, blank=True
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Smaller numbers come first.")
    )
    themes = models.ManyToManyField(
        "portal.Theme",
        verbose_name=_("themes"),
        related_name="forum_categories",
        blank=True,
        help_text=_(
            "The discussion of a good practice shared in the materials library starts "
            "in the category with most of the practice's themes."
        ),
    )
    topic_count = models.PositiveIntegerField(_("topics"), default=0, editable=False)
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    last_post = models.ForeignKey(
        "forums.Post",
        verbose_name=_("latest post"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_post_at = models.DateTimeField(
        _("latest activity"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CategoryQuerySet.as_manager()

    edit_handler = TabbedInterface(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name_fi"),
                    FieldPanel("description_fi"),
                ],
                heading=_("Finnish"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("name_sv"),
                    FieldPanel("description_sv"),
                ],
                heading=_("Swedish"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("name_en"),
                    FieldPanel("description_en"),
                ],
                heading=_("English"),
            ),
            MultiFieldPanel(
                [FieldPanel("slug"), FieldPanel("sort_order")],
                heading=_("Address and order"),
            ),
            MultiFieldPanel(
                [FieldPanel("themes", widget=forms.CheckboxSelectMultiple)],
                heading=_("Discussions of shared practices"),
            ),
        ]
    )

    class Meta:
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        ordering = ["sort_order", "name_fi", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forums:category", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Finnish."""
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")
