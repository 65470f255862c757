from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.account import signals as account_signals

        from portal import retention
        from portal.demo import registry as demo_registry
        from portal.links import register_link

        from . import personal_data, services
        from .demo import loader as demo_loader
        from .demo import office_roles as demo_office_roles
        from .roles import ensure_role_groups
        from .signals import reverify_on_email_change

        post_migrate.connect(ensure_role_groups, sender=self)
        for signal in (
            account_signals.email_confirmed,
            account_signals.email_changed,
            account_signals.email_added,
            account_signals.email_removed,
        ):
            signal.connect(reverify_on_email_change)
        personal_data.register_network_sources()
        register_link(
            "join_network", label=_("How to join the network"), url_name="network:join"
        )
        retention.register(
            retention.RetentionStep(
                key="network.unconfirmed_accounts",
                label=(
                    "accounts whose e-mail address was never confirmed, "
                    "{unconfirmed_account_days} days after signing up"
                ),
                count=lambda now: services.unconfirmed_accounts(now=now).count(),
                purge=lambda now: services.delete_unconfirmed_accounts(now=now),
                order=50,
            )
        )
        demo_registry.register(
            demo_registry.DemoLoader(key="network", seed=demo_loader.seed, order=10)
        )
        demo_registry.register(
            demo_registry.DemoLoader(
                key="office_roles", seed=demo_office_roles.seed, order=11
            )
        )
