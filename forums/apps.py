from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    label = "forums"
    verbose_name = _("Forums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from network import account_sections, personal_data

        from . import services
        from .account import account_section_context

        account_sections.register(
            account_sections.AccountSection(
                key="forums",
                template="forums/account_section.html",
                get_context=account_section_context,
                order=40,
            )
        )
        personal_data.register(
            "forums",
            collect=services.collect_forum_data,
            erase=services.erase_forum_data,
        )
