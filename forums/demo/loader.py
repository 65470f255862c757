"""The forum demo (`forums.yaml` beside this module): the office's categories and
realistic discussions by the demo members.

Everything is written through the forum services (counters, subscriptions, mentions and
notifications are what production would have). Categories are looked up by slug and topics
by title within their category: existing ones are left alone. Times are relative to now.
The authors are the verified demo members of the network's demo.
"""

import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from forums import access as forum_access
from forums import services
from forums.models import Category, Topic
from network.demo import loader as network_demo
from network.models import MemberProfile
from portal.demo.data import read_yaml
from portal.demo.registry import Log

DATA_DIR = Path(__file__).resolve().parent


@cache
def data() -> dict[str, Any]:
    """The contents of `forums.yaml`."""
    return read_yaml(DATA_DIR / "forums.yaml")


def seed(*, log: Log) -> int:
    """Create the categories and discussions once, through the forum services; how many
    topics and categories were created."""
    now = timezone.now()
    members = _demo_members(log=log)
    if not members:
        log("Forum: no verified members to write the demo discussions; skipped.")
        return 0
    categories, new_categories = {}, 0
    for number, item in enumerate(data()["categories"], start=1):
        categories[item["slug"]], created = _category(item, sort_order=number * 10)
        new_categories += created
    moderator = next(
        (user for user in members.values() if forum_access.can_moderate(user)),
        next(iter(members.values())),
    )
    created = 0
    for item in data()["topics"]:
        category = categories[item["category"]]
        if Topic.objects.filter(category=category, title=item["title"]).exists():
            continue
        with translation.override(item.get("language", "fi")):
            _topic(
                item, category=category, members=members, moderator=moderator, now=now
            )
        created += 1
    if created:
        log(f"Forum: created {created} demo topics in {len(categories)} categories.")
    return created + new_categories


def _demo_members(*, log: Log) -> dict[str, Any]:
    """Verified members by e-mail; the network's demo people, made first if missing."""
    if not MemberProfile.objects.verified().exists():
        network_demo.seed(log=log)
    users = get_user_model().objects.filter(profile__status="verified", is_active=True)
    return {user.email: user for user in users.order_by("email")}


def _category(item: dict[str, Any], *, sort_order: int) -> tuple[Category, bool]:
    return Category.objects.get_or_create(
        slug=item["slug"],
        defaults={
            "name_fi": item["name"]["fi"],
            "name_sv": item["name"]["sv"],
            "description_fi": item["description"]["fi"],
            "description_sv": item["description"]["sv"],
            "name_en": item["name"].get("en", ""),
            "description_en": item["description"].get("en", ""),
            "sort_order": sort_order,
        },
    )


def _author(email: str, members: dict[str, Any]) -> Any:
    """The named demo member, or (when the network's demo differs) a stable stand-in."""
    if email in members:
        return members[email]
    emails = sorted(members)
    return members[emails[sum(map(ord, email)) % len(emails)]]


def _topic(
    item: dict[str, Any], *, category, members, moderator, now: datetime.datetime
) -> Topic:
    first, *replies = item["posts"]
    topic = services.start_topic(
        category=category,
        user=_author(first["author"], members),
        title=item["title"],
        body=first["body"],
        now=now - datetime.timedelta(hours=first["hours_ago"]),
    )
    previous = topic.posts.get()
    _react(previous, first, members)
    for email in item.get("followers", []):
        services.subscribe_to_topic(user=_author(email, members), topic=topic)
    for post in replies:
        quotes = post.get("quotes_previous", False)
        body = post["body"]
        previous = services.reply_to_topic(
            topic=topic,
            user=_author(post["author"], members),
            body=services.quote_for_reply(post=previous) + body if quotes else body,
            quoting=previous if quotes else None,
            now=now - datetime.timedelta(hours=post["hours_ago"]),
        )
        _react(previous, post, members)
    if item.get("pinned"):
        services.pin_topic(topic=topic, moderator=moderator)
    if "locked_because" in item:
        services.lock_topic(
            topic=topic, moderator=moderator, reason=item["locked_because"]
        )
    return topic


def _react(post, item: dict[str, Any], members) -> None:
    for email in item.get("thanked_by", []):
        user = _author(email, members)
        if user.pk != post.author_id:
            services.add_reaction(post=post, user=user, kind="thanks")
