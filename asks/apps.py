from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AsksConfig(AppConfig):
    name = "asks"
    label = "asks"
    verbose_name = _("Requests to the office")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from asks import services, signals, views
        from asks.demo import loader as demo_loader
        from asks.models import EventQuestionSettings
        from materials.models import QuestionSubmission
        from network import account_sections, coverage, personal_data
        from portal import event_sections, retention
        from portal.demo import registry as demo_registry

        account_sections.register(
            account_sections.AccountSection(
                key="requests",
                template="asks/account_section.html",
                get_context=views.requests_account_section,
                order=25,
            )
        )
        personal_data.register(
            "office_requests",
            collect=services.collect_requests,
            erase=services.erase_requests,
        )
        personal_data.register(
            "event_questions",
            collect=services.collect_event_questions,
            erase=services.erase_event_questions,
        )
        event_sections.register(
            event_sections.EventSection(
                key="questions",
                template="asks/event_questions.html",
                get_context=views.event_questions_section,
                order=20,
            )
        )
        coverage.register_column(
            coverage.CoverageColumn(
                key="office_requests",
                label=_("Requests to the office"),
                counts=services.request_coverage_counts,
                order=45,
            )
        )
        # After the members (10), the experts (20) and the FAQ's question form (40).
        demo_registry.register(
            demo_registry.DemoLoader(key="requests", seed=demo_loader.seed, order=58)
        )
        # After the events and their registrations.
        demo_registry.register(
            demo_registry.DemoLoader(
                key="event_questions", seed=demo_loader.seed_questions, order=59
            )
        )
        retention.register(
            retention.RetentionStep(
                key="asks.requests",
                label=(
                    "closed and withdrawn requests to the office, with their thread, "
                    "notes, log and mails, {request_months} months after closing"
                ),
                count=lambda now: services.expired_requests(now=now).count(),
                purge=lambda now: services.purge_expired_requests(now=now),
                order=30,
            )
        )
        for signal in (post_save, post_delete):
            signal.connect(
                services.forget_question_settings,
                sender=EventQuestionSettings,
                dispatch_uid=f"asks_forget_question_settings_{signal}",
            )
        post_save.connect(
            signals.question_submitted,
            sender=QuestionSubmission,
            dispatch_uid="asks_question_submitted",
        )
