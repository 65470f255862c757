from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """Languages a material is in or an expert serves in."""

    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    NORTHERN_SAMI = "se", _("Northern Sami")
    SEVERAL = "multi", _("Several languages")

    @classmethod
    def spoken(cls) -> list[tuple[str, str]]:
        """The choices that are single languages (for people)."""
        return [(value, label) for value, label in cls.choices if value != cls.SEVERAL]
