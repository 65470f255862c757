from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Materials")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from materials import services, views
        from materials.demo import loader as demo_loader
        from network import personal_data
        from portal import home
        from portal.demo import registry as demo_registry

        home.register(
            home.HomeSection(
                key="materials", get_context=views.materials_home_section, order=20
            )
        )
        home.register(
            home.HomeSection(key="news", get_context=views.news_home_section, order=30)
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
