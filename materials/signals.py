"""Receivers that hand Wagtail's publishing and workflow events of shared practices to
the practice services."""

from django.contrib.contenttypes.models import ContentType

from materials import services
from materials.models import PracticePage


def practice_published(sender, instance, revision=None, **kwargs) -> None:
    services.record_practice_published(page=instance, revision=revision)


def _practice_of(workflow_state) -> PracticePage | None:
    """The shared practice a workflow runs on (its content type is the page's own)."""
    practice_type = ContentType.objects.get_for_model(PracticePage)
    if workflow_state.content_type_id != practice_type.pk:
        return None
    return PracticePage.objects.filter(pk=workflow_state.object_id).first()


def review_cancelled(sender, instance, **kwargs) -> None:
    page = _practice_of(instance)
    if page is not None:
        services.record_review_cancelled(page=page)


def review_submitted(sender, instance, **kwargs) -> None:
    page = _practice_of(instance)
    if page is not None:
        services.record_review_started(page=page)
