from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Info letters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account import signals as account_signals

        from network import account_sections, personal_data
        from portal import signup
        from portal.demo import registry as demo_registry
        from portal.links import register_link

        from . import forms, services, signals, views
        from .demo import loader as demo_loader

        account_sections.register(
            account_sections.AccountSection(
                key="letters",
                template="letters/account_section.html",
                get_context=views.account_section,
                order=40,
            )
        )
        signup.register(
            signup.SignupField(
                key="letters", build=forms.signup_field, save=views.save_signup_choice
            )
        )
        account_signals.email_confirmed.connect(
            signals.confirm_signup_subscriptions,
            dispatch_uid="letters_confirm_signup_subscriptions",
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
