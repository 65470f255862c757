"""RSS and Atom feeds of the public news of one language."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from wagtail.models import Locale

from materials.models import NewsIndexPage, NewsPage


class NewsRssFeed(Feed):
    def get_object(self, request, *args, **kwargs) -> Locale:
        return Locale.get_active()

    def title(self, locale: Locale) -> str:
        return _("%(site)s: news") % {"site": settings.WAGTAIL_SITE_NAME}

    def description(self, locale: Locale) -> str:
        return _(
            "News, blog posts and info letters of the change-support office for the "
            "KOTO24 and TE24 reforms."
        )

    def link(self, locale: Locale) -> str:
        index = NewsIndexPage.objects.first_live_in(locale)
        return index.url if index else f"/{locale.language_code}/"

    def author_name(self, locale: Locale) -> str:
        return settings.WAGTAIL_SITE_NAME

    def items(self, locale: Locale) -> list[NewsPage]:
        return NewsPage.objects.for_feed(locale=locale)

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.summary

    def item_link(self, item: NewsPage) -> str:
        return item.url

    def item_pubdate(self, item: NewsPage) -> datetime.datetime:
        return datetime.datetime.combine(
            item.published_on, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )

    def item_updateddate(self, item: NewsPage) -> datetime.datetime:
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item: NewsPage) -> str:
        return item.author

    def item_categories(self, item: NewsPage) -> list[str]:
        return [theme.name for theme in item.themes.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, locale: Locale) -> str:
        return self.description(locale)
