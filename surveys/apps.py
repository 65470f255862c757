from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    label = "surveys"
    verbose_name = _("Surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.account.signals import user_signed_up

        from network import account_sections, coverage, personal_data
        from portal.demo import registry as demo_registry
        from portal.emails import register_mailing_list

        from . import personal_data as survey_personal_data
        from .demo import loader as demo_loader
        from .emails import MAILING_LIST
        from .services import coverage_columns
        from .signals import apply_invited_municipality
        from .views import account_section_context

        user_signed_up.connect(apply_invited_municipality)
        register_mailing_list(MAILING_LIST, label=_("Survey invitations"))
        account_sections.register(
            account_sections.AccountSection(
                key="surveys",
                template="surveys/account_section.html",
                get_context=account_section_context,
                order=40,
            )
        )
        coverage.register_column_source("surveys", coverage_columns)
        personal_data.register(
            "survey_answers",
            collect=survey_personal_data.collect,
            erase=survey_personal_data.erase,
        )
        demo_registry.register(
            demo_registry.DemoLoader(key="surveys", seed=demo_loader.seed, order=60)
        )
