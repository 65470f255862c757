from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Info letters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from network import account_sections, personal_data

        from . import services, views

        account_sections.register(
            account_sections.AccountSection(
                key="letters",
                template="letters/account_section.html",
                get_context=views.account_section,
                order=40,
            )
        )
        personal_data.register(
            "letter_subscriptions",
            collect=services.collect_subscriptions,
            erase=services.erase_subscriptions,
        )
