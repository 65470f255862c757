"""Permissions that belong to no stored object: each is declared on a model without a table,
so that granting it gives no permission on any real model (Wagtail shows a model's audit
log entries to anyone holding any permission on that model)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeTools(models.Model):
    """The office's editing tools: survey management and results, the staff reports, the
    forum categories and every document (also those no live page publishes yet)."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("office tools")
        verbose_name_plural = _("office tools")
        permissions = [
            (
                "use_office_tools",
                _(
                    "Can use the office's editing tools: surveys and their results, "
                    "staff reports, forum categories and every document"
                ),
            )
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
