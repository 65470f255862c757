"""The portal's WSGI application: Django's, with anonymous pages from the whole-page cache
answered before it (`portal.pagecache.PageCacheApplication`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

from portal.pagecache import PageCacheApplication  # noqa: E402 - needs Django set up

application = PageCacheApplication(application)
