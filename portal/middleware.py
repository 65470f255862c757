"""Finds the request's Wagtail site in the cache.

Wagtail looks the site up with a query on every request, then loads the home page's
specific row and the active locale with two more before routing. The site is cached per
host and port under the layout version (which any change to a page, the site settings or a
site bumps), with its root page as a specific instance whose own fields are deferred and
whose locale is loaded; `PortalPageMixin` then routes from it without those queries.
"""

from django.core.cache import cache
from django.http.request import split_domain_port

from wagtail.models.sites import Site, get_site_for_hostname

from portal.cache import LAYOUT_TIMEOUT, layout_version


def find_site(hostname: str, port: int) -> Site | None:
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    root = site.root_page.specific_deferred
    root.locale  # noqa: B018 - loaded here, so that reading it later costs no query
    site.root_page = root
    return site


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()
        key = f"portal:site:{layout_version()}:{hostname}:{port}"
        site = cache.get(key)
        if site is None:
            site = find_site(hostname, port)
            if site is not None:
                cache.set(key, site, timeout=LAYOUT_TIMEOUT)
        request._wagtail_site = site
        return self.get_response(request)
