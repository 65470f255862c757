from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Materials")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from materials import services
        from network import personal_data

        personal_data.register(
            "question_submissions",
            collect=services.collect_question_submissions,
            erase=services.erase_question_submissions,
        )
