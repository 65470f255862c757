from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Materials")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.models import WorkflowState
        from wagtail.signals import (
            page_published,
            workflow_cancelled,
            workflow_submitted,
        )

        from materials import services, signals, views
        from materials.demo import loader as demo_loader
        from materials.demo import practices as demo_practices
        from materials.models import PracticePage
        from materials.models.practices import ensure_practice_review_workflow
        from network import account_sections, coverage, personal_data
        from portal import home
        from portal.demo import registry as demo_registry

        # The sections show pages, their themes and municipalities and whether a material
        # is outdated (the key has the day): all of it bumps the layout version.
        home.register(
            home.HomeSection(
                key="materials",
                get_context=views.materials_home_section,
                order=20,
                depends_on=("layout",),
            )
        )
        home.register(
            home.HomeSection(
                key="practices",
                get_context=views.practices_home_section,
                order=25,
                depends_on=("layout",),
                vary_on=views.practices_home_vary,
            )
        )
        home.register(
            home.HomeSection(
                key="news",
                get_context=views.news_home_section,
                order=30,
                depends_on=("layout",),
            )
        )
        account_sections.register(
            account_sections.AccountSection(
                key="practices",
                template="materials/account_section.html",
                get_context=views.practices_account_section,
                order=30,
            )
        )

        personal_data.register(
            "question_submissions",
            collect=services.collect_question_submissions,
            erase=services.erase_question_submissions,
        )
        # The experts first: the events demo's speakers. The rest after the events, which
        # materials link to.
        demo_registry.register(
            demo_registry.DemoLoader(
                key="experts", seed=demo_loader.seed_experts, order=20
            )
        )
        demo_registry.register(
            demo_registry.DemoLoader(key="materials", seed=demo_loader.seed, order=40)
        )
        # Practices need the members, the library and the forum categories' themes.
        demo_registry.register(
            demo_registry.DemoLoader(
                key="practices", seed=demo_practices.seed, order=55
            )
        )
        personal_data.register(
            "shared_practices",
            collect=services.collect_practice_submissions,
            erase=services.erase_practice_submissions,
        )
        coverage.register_column(
            coverage.CoverageColumn(
                key="practices_shared",
                label=_("Shared a good practice"),
                counts=services.practice_coverage_counts,
                order=40,
            )
        )

        page_published.connect(
            signals.practice_published,
            sender=PracticePage,
            dispatch_uid="materials_practice_published",
        )
        workflow_cancelled.connect(
            signals.review_cancelled,
            sender=WorkflowState,
            dispatch_uid="materials_practice_review_cancelled",
        )
        workflow_submitted.connect(
            signals.review_submitted,
            sender=WorkflowState,
            dispatch_uid="materials_practice_review_submitted",
        )
        post_migrate.connect(ensure_practice_review_workflow, sender=self)
