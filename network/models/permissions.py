"""The network's permissions, each on a model without a table of its own.

They used to be declared on `MemberProfile`, and Wagtail shows a model's audit log entries
(here: every membership decision) to anyone holding any permission on the model, so a
forum moderator could read the membership history. Declared here, a permission gives
access to nothing but what the access rules check it for.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembersContent(models.Model):
    """Members-only pages, documents, events and the forum."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("members-only content")
        verbose_name_plural = _("members-only content")
        permissions = [
            ("view_members_content", _("Can see members-only content and forums"))
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class ForumModeration(models.Model):
    """Hiding, locking and moving in the forum, and the report queue."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("forum moderation")
        verbose_name_plural = _("forum moderation")
        permissions = [("moderate_forums", _("Can moderate the discussion forums"))]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class MembershipDecisions(models.Model):
    """The membership queue: verifying, rejecting and revoking members."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("membership decisions")
        verbose_name_plural = _("membership decisions")
        permissions = [
            ("manage_membership", _("Can verify, reject and revoke members"))
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
