"""The forum as the portal's host of page discussions (`portal.discussions`): the
discussion of a shared good practice is a topic in the category that best matches the
practice's themes."""

from collections.abc import Sequence

from portal.access import Audience
from portal.discussions import Discussion

from ..models import Category, Topic
from .posting import start_page_topic


def _as_discussion(topic: Topic) -> Discussion:
    return Discussion(
        url=topic.get_absolute_url(),
        title=topic.title,
        reply_count=topic.reply_count,
        audience=Audience.MEMBERS,
    )


class ForumDiscussions:
    """Registered in `ForumsConfig.ready()`."""

    def open_for_page(
        self,
        *,
        page_id: int,
        title: str,
        body: str,
        theme_ids: Sequence[int],
        starter,
    ) -> Discussion | None:
        category = Category.objects.best_for_themes(theme_ids)
        if category is None:  # the forum has no categories yet
            return None
        topic = start_page_topic(
            category=category, page_id=page_id, user=starter, title=title, body=body
        )
        return _as_discussion(topic)

    def for_page(self, *, page_id: int) -> Discussion | None:
        """A hidden topic is no discussion to point readers to."""
        topic = Topic.objects.shown().filter(page_id=page_id).first()
        return _as_discussion(topic) if topic is not None else None
