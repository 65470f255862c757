"""Background work of the forum: sending each person's notification digest."""

from django.contrib.auth import get_user_model

from django_tasks import task

from . import services


@task()
def send_forum_digest(user_id: int) -> int:
    """Send one person's digest if it is due; returns how many notifications it held."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    return len(services.send_digest(user=user))
