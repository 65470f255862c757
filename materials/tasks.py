"""Background work of materials: opening the discussion of a published practice."""

from django_tasks import task

from materials import services


@task()
def open_practice_discussion(page_id: int, publisher_id: int | None = None) -> str:
    """Open the forum discussion of a published practice; safe to run twice (the
    host keeps one discussion per page)."""
    discussion = services.open_practice_discussion(
        page_id=page_id, publisher_id=publisher_id
    )
    return "opened" if discussion is not None else "skipped"
