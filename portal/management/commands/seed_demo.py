"""Load the demo content: every app's registered loader in order, then the demo admin."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.db import analyze
from portal.demo import loader, registry
from portal.emails import mail_suppressed


class Command(BaseCommand):
    help = (
        "Create demo content in Finnish, Swedish and English and a demo admin account, "
        "sending no mail. Safe to run again: existing content is left as it is. "
        "Refreshes the planner's statistics (ANALYZE) afterwards."
    )

    def handle(self, *args, **options):
        log = self.stdout.write
        # The services would mail every registration, approval and mention.
        with mail_suppressed(), wagtail_notifications_off():
            created = registry.run_loaders(registry.registered_loaders(), log=log)
            with transaction.atomic():
                admin = loader.ensure_demo_admin(log=log)
        # The loaders fill tables of every app: refresh the statistics of them all.
        analyze()
        if not created:
            log("Demo: nothing to add, the demo content is complete.")
        password = loader.accounts()["password"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo admin: {admin.email} / {password} "
                "(log in at /fi/accounts/login/, admin at /admin/)"
            )
        )


#: Wagtail's workflow notifications, sent synchronously (the demo's shared practices
#: enter the review workflow): (signal name, sender model, dispatch uid).
WAGTAIL_NOTIFICATIONS = [
    ("task_submitted", "TaskState", "group_approval_task_submitted_email_notification"),
    (
        "workflow_submitted",
        "WorkflowState",
        "workflow_state_submitted_email_notification",
    ),
    (
        "workflow_rejected",
        "WorkflowState",
        "workflow_state_rejected_email_notification",
    ),
    (
        "workflow_approved",
        "WorkflowState",
        "workflow_state_approved_email_notification",
    ),
]


@contextmanager
def wagtail_notifications_off() -> Iterator[None]:
    """Wagtail mails the reviewers when a page enters a workflow; the demo mails no one."""
    from wagtail import models, signals
    from wagtail.admin.signal_handlers import register_signal_handlers

    for signal_name, sender, uid in WAGTAIL_NOTIFICATIONS:
        getattr(signals, signal_name).disconnect(
            sender=getattr(models, sender), dispatch_uid=uid
        )
    try:
        yield
    finally:
        register_signal_handlers()
