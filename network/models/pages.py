from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from portal import access


class AudiencePageQuerySet(PageQuerySet):
    def visible_to(self, user) -> "AudiencePageQuerySet":
        """Only pages whose audience includes this user (listings, search, feeds)."""
        return self.filter(audience__in=access.visible_audiences(user))


AudiencePageManager = PageManager.from_queryset(AudiencePageQuerySet)


class AudienceMixin(models.Model):
    """Limits a page and its routes to everyone, signed-in users or members.

    Put it before `Page` (and before `RoutablePageMixin`) in the bases so that
    every route of the page is covered.
    """

    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=access.Audience.choices,
        default=access.Audience.PUBLIC,
        db_index=True,
        help_text=_(
            "Who can see this page. Others do not find it in listings or search."
        ),
    )

    objects = AudiencePageManager()

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        decision = access.audience_decision(request.user, self.audience)
        if decision is access.Decision.LOGIN:
            return redirect_to_login(request.get_full_path())
        if decision is access.Decision.FORBID:
            return TemplateResponse(
                request,
                "network/members_only.html",
                {"page": self, "self": self},
                status=403,
            )
        return super().serve(request, *args, **kwargs)
