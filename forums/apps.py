from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    label = "forums"
    verbose_name = _("Forums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from network import account_sections, personal_data
        from portal import discussions, retention
        from portal.demo import registry as demo_registry

        from . import services
        from .account import account_section_context
        from .demo import category_themes as demo_category_themes
        from .demo import loader as demo_loader
        from .services import attachments
        from .services.discussions import ForumDiscussions

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
        demo_registry.register(
            demo_registry.DemoLoader(key="forums", seed=demo_loader.seed, order=50)
        )
        # The categories' themes decide where the shared practices' discussions start.
        demo_registry.register(
            demo_registry.DemoLoader(
                key="forum_category_themes", seed=demo_category_themes.seed, order=51
            )
        )
        discussions.register("forums", ForumDiscussions())
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
