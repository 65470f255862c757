"""Attachments of deleted posts, and files no attachment refers to, are removed."""

import datetime
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from forums import services
from forums.models import Attachment, Post
from forums.services import attachments as rules
from tests.factories.forums import make_reply

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def reply_with_file(topic, author, name: str) -> Post:
    return make_reply(
        topic=topic,
        author=author,
        uploads=[services.check_upload(SimpleUploadedFile(name, b"Muistio"))],
    )


def age(path: str, *, hours: float) -> None:
    moment = (NOW - datetime.timedelta(hours=hours)).timestamp()
    os.utime(path, (moment, moment))


def test_leftovers_of_deleted_posts_and_orphaned_files_are_removed(
    forum_topic, forum_author
):
    kept = reply_with_file(forum_topic, forum_author, "pidetaan.txt").attachments.get()
    deleted_post = reply_with_file(forum_topic, forum_author, "jaanyt.txt")
    leftover = deleted_post.attachments.get()
    # An interrupted deletion: the post is marked deleted, its attachment stayed.
    Post.objects.filter(pk=deleted_post.pk).update(is_deleted=True, deleted_at=NOW)
    orphan = reply_with_file(forum_topic, forum_author, "orpo.txt").attachments.get()
    orphan_path = orphan.file.path
    Attachment.objects.filter(pk=orphan.pk).delete()  # rows cascade, files stay
    age(orphan_path, hours=25)
    uploading = reply_with_file(forum_topic, forum_author, "kesken.txt")
    uploading_path = uploading.attachments.get().file.path
    Attachment.objects.filter(post=uploading).delete()
    age(uploading_path, hours=23)
    leftover_path = leftover.file.path

    assert rules.count_expired_attachments(now=NOW) == 2
    assert rules.purge_expired_attachments(now=NOW) == 2

    assert list(Attachment.objects.all()) == [kept]
    assert os.path.exists(kept.file.path)
    assert not os.path.exists(leftover_path)
    assert not os.path.exists(orphan_path)
    assert os.path.exists(uploading_path)  # younger than a day: maybe an upload
    assert rules.count_expired_attachments(now=NOW) == 0
    assert rules.purge_expired_attachments(now=NOW) == 0
