"""The Atom feed of an archive's sent letters that everyone may read."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import LetterIndexPage, LetterPage

FEED_ITEMS = 20


class LetterAtomFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, index: LetterIndexPage, **kwargs):
        return index

    def title(self, index: LetterIndexPage) -> str:
        return _("%(site)s: %(archive)s") % {
            "site": settings.WAGTAIL_SITE_NAME,
            "archive": index.title,
        }

    def subtitle(self, index: LetterIndexPage) -> str:
        return index.intro

    def link(self, index: LetterIndexPage) -> str:
        return index.url

    def items(self, index: LetterIndexPage) -> list[LetterPage]:
        return list(LetterPage.objects.archive(index=index, user=None)[:FEED_ITEMS])

    def item_title(self, item: LetterPage) -> str:
        return item.title

    def item_description(self, item: LetterPage) -> str:
        return item.preheader

    def item_link(self, item: LetterPage) -> str:
        return item.url

    def item_pubdate(self, item: LetterPage) -> datetime.datetime:
        return item.sent_at

    def item_categories(self, item: LetterPage) -> list[str]:
        return [item.mailing_list.name]
