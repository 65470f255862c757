from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_migrate, pre_migrate

        from portal.cache import (
            bump_layout_version,
            connect_dependencies,
            create_cache_tables,
            finish_request,
            start_request,
        )
        from portal.demo import loader as demo_loader
        from portal.demo import registry as demo_registry
        from portal.retention import register_portal_steps

        register_portal_steps()
        from portal import pagecache

        request_started.connect(start_request, dispatch_uid="portal-versions-start")
        request_finished.connect(finish_request, dispatch_uid="portal-versions-end")
        # What every cached piece depends on: PORTAL_CACHE_DEPENDENCIES, the one list.
        connect_dependencies()

        pre_migrate.connect(create_cache_tables, sender=self)
        # A release runs `migrate`: fragments and pages rendered by the previous code are
        # left behind.
        post_migrate.connect(bump_layout_version, sender=self)
        post_migrate.connect(pagecache.public_content_changed, sender=self)

        from portal.links import register_link

        register_link("signup", label=_("Sign up"), url_name="account_signup")
        register_link("login", label=_("Log in"), url_name="account_login")

        from allauth.mfa import signals as mfa_signals

        from portal import mfa

        mfa_signals.authenticator_used.connect(mfa.mark_used)
        mfa_signals.authenticator_added.connect(mfa.mark_added)

        demo_registry.register(
            demo_registry.DemoLoader(key="portal", seed=demo_loader.seed, order=0)
        )
