from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    label = "forums"
    verbose_name = _("Forums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from network import account_sections, personal_data
        from portal import retention

        from . import services
        from .account import account_section_context
        from .services import attachments

        post_migrate.connect(grant_moderators_admin_access, sender=self)
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
        retention.register(
            retention.RetentionStep(
                key="forums.attachments",
                label=(
                    "attachments of deleted posts, and attachment files no post "
                    "refers to any more"
                ),
                count=lambda now: attachments.count_expired_attachments(now=now),
                purge=lambda now: attachments.purge_expired_attachments(now=now),
                order=40,
            )
        )


def grant_moderators_admin_access(sender, using="default", **kwargs) -> None:
    """Forum moderators work the report queue in the Wagtail admin, so their group may
    enter the admin (what they see there is limited by the forum's permission policies)."""
    from django.contrib.auth.models import Group, Permission

    from network.roles import MODERATORS_GROUP

    permission = (
        Permission.objects.using(using)
        .filter(content_type__app_label="wagtailadmin", codename="access_admin")
        .first()
    )
    if permission is None:
        return
    group, _created = Group.objects.using(using).get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(permission)
