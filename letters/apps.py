from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Info letters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from network import account_sections, personal_data
        from portal.demo import registry as demo_registry
        from portal.links import register_link

        from . import services, views
        from .demo import loader as demo_loader

        account_sections.register(
            account_sections.AccountSection(
                key="letters",
                template="letters/account_section.html",
                get_context=views.account_section,
                order=40,
            )
        )
        register_link(
            "letters_subscribe",
            label=_("Subscribe to the info letters"),
            url_name="letters:subscribe",
        )
        # After the events and materials, which the letters pull in.
        demo_registry.register(
            demo_registry.DemoLoader(key="letters", seed=demo_loader.seed, order=70)
        )
        personal_data.register(
            "letter_subscriptions",
            collect=services.collect_subscriptions,
            erase=services.erase_subscriptions,
        )
