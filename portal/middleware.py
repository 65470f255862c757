"""The portal's middleware: `/health/` for load balancers, the request's Wagtail site from
the cache, formula-safe CSV, and the browser policies (Content Security Policy per area,
Permissions-Policy).

Finds the request's Wagtail site in the cache.

Wagtail looks the site up with a query on every request, then loads the home page's
specific row and the active locale with two more before routing, and reads the sites' root
paths from the cache to build any page address. The site is cached per host and port under
the layout version (which any change to a page, the site settings or a site bumps), with its
root page as a specific instance whose own fields are deferred and whose locale is loaded,
and with the root paths; `PortalPageMixin` then routes from it without those queries. Wagtail
has no public setter for a request's site: `portal.wagtail_shortcuts` hands them over (and
its tests guard the Wagtail behaviour this relies on). The same cache round trip reads the
table of view restrictions (`portal.cache.view_restrictions`).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseNotAllowed, JsonResponse
from django.http.request import split_domain_port

from wagtail.models.sites import Site, get_site_for_hostname

from csp.middleware import CSPMiddleware
from csp.utils import default_config

from portal import health
from portal.cache import (
    LAYOUT_TIMEOUT,
    layout_version,
    preload,
    view_restrictions_key,
)
from portal.exports import neutralise_csv
from portal.wagtail_shortcuts import give_request_its_site


def find_site(hostname: str, port: int) -> tuple[Site | None, list]:
    """The site and every site's root paths (Wagtail's `Site.get_site_root_paths`)."""
    root_paths = Site.get_site_root_paths()
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None, root_paths
    root = site.root_page.specific_deferred
    root.locale  # noqa: B018 - loaded here, so that reading it later costs no query
    site.root_page = root
    return site, root_paths


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()
        key = f"portal:site-and-paths:{layout_version()}:{hostname}:{port}"
        found = preload(key, view_restrictions_key())[key]
        if found is None:
            found = find_site(hostname, port)
            if found[0] is not None:
                cache.set(key, found, timeout=LAYOUT_TIMEOUT)
        give_request_its_site(request, *found)
        return self.get_response(request)


ADMIN_PREFIX = "/admin/"


class SafeCsvMiddleware:
    """Every CSV export of the admin has its formula-like cells neutralised
    (`portal.exports.neutralise_csv`), Wagtail's own exports included. Documents that
    editors publish (served under /documents/) are sent as uploaded.

    Wagtail streams a CSV one row per chunk; each chunk is rewritten on its own, so a
    large export still streams.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not (
            request.path.startswith(ADMIN_PREFIX)
            and response.get("Content-Type", "").startswith("text/csv")
        ):
            return response
        charset = response.charset or "utf-8"
        if response.streaming:
            response.streaming_content = (
                neutralise_csv(chunk.decode(charset)).encode(charset)
                for chunk in response.streaming_content
            )
        else:
            response.content = neutralise_csv(response.content.decode(charset)).encode(
                charset
            )
        return response


class HealthCheckMiddleware:
    """Answers `/health/` (see `portal.health`) with 200 or 503 and a short JSON body.

    It sits right after Django's security middleware, before sessions, the site lookup
    and host validation: a load balancer asks by address, and a failing cache or
    database must give an answer, not an error page.
    """

    PATH = "/health/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != self.PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        report = health.run_checks()
        response = JsonResponse(report, status=200 if report["status"] == "ok" else 503)
        response["Cache-Control"] = "no-store"
        return response


class BrowserPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with one policy per area: `CONTENT_SECURITY_POLICY` for
    the site, `PORTAL_ADMIN_CONTENT_SECURITY_POLICY` for the Wagtail admin; and the
    `Permissions-Policy` header on every response.

    A redirect without a body gets no policy: a browser renders nothing of it, and the
    page it goes to brings its own (a policy applies to the document its response
    creates). django-csp builds the policy twice per response, about 3.5 % of a
    registration POST, whose answer is such a redirect."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PREFIX)
        ):
            parts.config = default_config(settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY)
        return parts

    def process_response(self, request, response):
        response.setdefault("Permissions-Policy", settings.PORTAL_PERMISSIONS_POLICY)
        if is_bare_redirect(response):
            return response
        return super().process_response(request, response)


def is_bare_redirect(response) -> bool:
    """A redirect (not a 304, which stands for a page the browser keeps) with an address
    and no body."""
    return (
        300 <= response.status_code < 400
        and response.status_code != 304
        and response.has_header("Location")
        and not response.streaming
        and not response.content
    )
