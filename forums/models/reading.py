from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadState(models.Model):
    """How far a person has read a topic: the number of the last post they saw."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_read_states",
    )
    topic = models.ForeignKey(
        "forums.Topic",
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="read_states",
    )
    last_read_position = models.PositiveIntegerField(_("last post read"), default=0)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("read state")
        verbose_name_plural = _("read states")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"], name="forums_readstate_one_per_topic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.topic}: {self.last_read_position}"
