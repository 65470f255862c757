from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.models import Group, Permission
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_migrate,
            post_save,
            pre_migrate,
        )

        from wagtail.models import Locale, Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from portal.cache import (
            bump_layout_version,
            bump_permissions_version,
            bump_view_restrictions_version,
            create_cache_tables,
            finish_request,
            forget_changed_user,
            start_request,
        )
        from portal.demo import loader as demo_loader
        from portal.demo import registry as demo_registry
        from portal.retention import register_portal_steps

        register_portal_steps()
        from portal import pagecache

        pagecache.connect_signals()
        post_migrate.connect(pagecache.public_content_changed, sender=self)
        request_started.connect(start_request, dispatch_uid="portal-versions-start")
        request_finished.connect(finish_request, dispatch_uid="portal-versions-end")
        from portal.models import SiteSettings, Theme, User

        def bump_for_pages(sender, **kwargs):
            if issubclass(sender, Page):
                bump_layout_version()

        post_save.connect(
            bump_for_pages, weak=False, dispatch_uid="portal-layout-page-save"
        )
        post_delete.connect(
            bump_for_pages, weak=False, dispatch_uid="portal-layout-page-delete"
        )
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(
                bump_layout_version, dispatch_uid=f"portal-layout-{id(signal)}"
            )

        pre_migrate.connect(create_cache_tables, sender=self)
        # A release runs `migrate`: fragments rendered by the previous code are left behind.
        post_migrate.connect(bump_layout_version, sender=self)

        def bump_for_changed_settings(sender, created=False, **kwargs):
            # Site settings are created on first use, by the request that renders them.
            if not created:
                bump_layout_version()

        # Theme names are in cached filter forms; sites are cached by `portal.middleware`.
        for model in (Theme, Site):
            post_save.connect(bump_layout_version, sender=model, weak=False)
            post_delete.connect(bump_layout_version, sender=model, weak=False)

        for model in (SiteSettings, Locale):
            post_save.connect(bump_for_changed_settings, sender=model, weak=False)
            post_delete.connect(bump_layout_version, sender=model, weak=False)

        for through in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(bump_permissions_version, sender=through, weak=False)
        for model in (Group, Permission, User):
            post_save.connect(bump_permissions_version, sender=model, weak=False)
            post_delete.connect(bump_permissions_version, sender=model, weak=False)

        post_save.connect(forget_changed_user, sender=User, weak=False)
        post_delete.connect(forget_changed_user, sender=User, weak=False)

        from portal.links import register_link

        register_link("signup", label=_("Sign up"), url_name="account_signup")
        register_link("login", label=_("Log in"), url_name="account_login")

        from allauth.mfa import signals as mfa_signals

        from portal import mfa

        mfa_signals.authenticator_used.connect(mfa.mark_used)
        mfa_signals.authenticator_added.connect(mfa.mark_added)

        post_save.connect(bump_view_restrictions_version, sender=PageViewRestriction)
        post_delete.connect(bump_view_restrictions_version, sender=PageViewRestriction)

        demo_registry.register(
            demo_registry.DemoLoader(key="portal", seed=demo_loader.seed, order=0)
        )
