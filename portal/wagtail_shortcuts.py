"""The one place where the portal touches Wagtail's private state, and why.

Wagtail has no public way to hand a request the site it belongs to: `Site.find_for_request`
finds it with a query (`get_site_for_hostname`) and keeps it on the request as
`request._wagtail_site`, and `Page.get_url` reads every site's root paths from the cache
once per request and keeps them as `request._wagtail_cached_site_root_paths`. The portal's
`CachedSiteMiddleware` caches both per host under the layout version and gives them to the
request here, before Wagtail asks, which saves the query (and the home page's and its
locale's, loaded with the cached site) and a cache round trip on every request.

Wagtail's own routing (`Page.route`) tells each page it routes to which page it came from,
so that `get_parent()` (treebeard's, which Wagtail's userbar and admin links ask) costs no
query: it sets `_cached_parent_obj`. The portal's routing
(`portal.models.PortalPageMixin`, `events.models.EventIndexPage.route`) loads the child
itself, with fewer queries than Wagtail's, and does the same here (`remember_parent`).

Nothing else in the portal reads or writes private attributes of Wagtail or Django (the
style guide forbids it). `tests/portal/test_wagtail_shortcuts.py` checks the behaviour of
Wagtail that this relies on, so an upgrade that changes it fails there, not in production.
"""

from django.http import HttpRequest

from wagtail.models import Site


def give_request_its_site(request: HttpRequest, site: Site | None, root_paths) -> None:
    """From here on, `Site.find_for_request(request)` answers `site` and page addresses
    built for the request use `root_paths` (`Site.get_site_root_paths()`), without a
    query or a cache read."""
    request._wagtail_site = site
    request._wagtail_cached_site_root_paths = root_paths


def remember_parent(child, parent) -> None:
    """`child.get_parent()` answers `parent` without a query, as after Wagtail's own
    `Page.route` (which sets the same attribute)."""
    child._cached_parent_obj = parent
