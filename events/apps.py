from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import copy_for_translation_done, page_published

        from network import account_sections, coverage, personal_data
        from portal import home, retention
        from portal.demo import registry as demo_registry

        from . import services, views
        from .demo import loader as demo_loader
        from .models import (
            ArchivedRegistrationCount,
            EventPage,
            Registration,
        )
        from .models.archived import merge_counts
        from .signals import apply_published_event, share_registrations_with_translation

        page_published.connect(
            apply_published_event, sender=EventPage, dispatch_uid="events_published"
        )
        copy_for_translation_done.connect(
            share_registrations_with_translation, dispatch_uid="events_translated"
        )
        home.register(
            home.HomeSection(key="events", get_context=views.home_section, order=10)
        )
        account_sections.register(
            account_sections.AccountSection(
                key="events",
                template="events/account_section.html",
                get_context=views.registrations_account_section,
                order=20,
            )
        )
        personal_data.register(
            "event_registrations",
            collect=services.collect_personal_data,
            erase=services.erase_registrations,
        )
        coverage.register_column(
            coverage.CoverageColumn(
                key="events_registered",
                label=_("Registered for an event"),
                counts=lambda: merge_counts(
                    Registration.objects.registered().count_by_municipality(),
                    ArchivedRegistrationCount.objects.registered().count_by_municipality(),
                ),
                order=20,
            )
        )
        coverage.register_column(
            coverage.CoverageColumn(
                key="events_attended",
                label=_("Attended an event"),
                counts=lambda: merge_counts(
                    Registration.objects.attended().count_by_municipality(),
                    ArchivedRegistrationCount.objects.attended().count_by_municipality(),
                ),
                order=21,
            )
        )
        retention.register(
            retention.RetentionStep(
                key="events.answers_after_event",
                label=(
                    'answers to questions marked "delete after the event" (such as '
                    "dietary requirements), {event_answer_days} days after the event"
                ),
                count=lambda now: services.count_answers_due_for_deletion(now=now),
                purge=lambda now: services.delete_answers_after_events(now=now),
                order=10,
            )
        )
        retention.register(
            retention.RetentionStep(
                key="events.guest_registrations",
                label=(
                    "registrations without an account, with their answers, "
                    "{guest_registration_months} months after the event "
                    "(kept as anonymous counts)"
                ),
                count=lambda now: services.expired_guest_registrations(now=now).count(),
                purge=lambda now: services.archive_registrations(
                    services.expired_guest_registrations(now=now)
                ),
                order=20,
            )
        )
        retention.register(
            retention.RetentionStep(
                key="events.registrations",
                label=(
                    "registrations with their answers, {registration_months} months "
                    "after the event (kept as anonymous counts)"
                ),
                count=lambda now: services.expired_registrations(now=now).count(),
                purge=lambda now: services.archive_registrations(
                    services.expired_registrations(now=now)
                ),
                order=21,
            )
        )
        # After the network's members (the registrants) and the experts (the speakers).
        demo_registry.register(
            demo_registry.DemoLoader(key="events", seed=demo_loader.seed, order=30)
        )
