import html

from django import template
from django.core.cache import cache
from django.utils import translation
from django.utils.html import strip_tags

from wagtail.models import Locale, Page, Site

from portal import dates, languages
from portal.cache import (
    LAYOUT_TIMEOUT,
    digest,
    layout_version,
    request_cache_set,
    request_cached,
)
from portal.models import SiteSettings
from portal.models.localized import localized
from portal.models.pages import shorten_description

register = template.Library()


# --- Dates and times: the portal's one style (portal.dates) ---------------------------
# {{ value|local_datetime }}, {% datetime_range start end %},
# <time datetime="{{ value|iso_datetime }}">…</time>. An empty value gives an empty string.


@register.filter
def in_language(code: str) -> str:
    """ "in Finnish" for a language code, in the active language ("suomeksi")."""
    return languages.in_language(code)


@register.simple_tag(takes_context=True)
def lang_attr(context, code) -> str:
    """` lang="fi"` on content written in `code` when that is not the page's language
    (WCAG 3.1.2), else nothing: the one place that compares the two. The page's language
    is the template's LANGUAGE_CODE where set (a section rendered for another language),
    else the active one."""
    page_language = context.get("LANGUAGE_CODE") or translation.get_language()
    return languages.lang_attribute(code, page_language)


@register.simple_tag(takes_context=True)
def url_on_site(context, page, index=None) -> str:
    """The page's address on the reader's site: below `index` (that site's translation
    of the page's index) for a page other sites show at its slug (news, materials,
    `ShownInEveryTreePageMixin`), else its own address. `index` may also be the index's
    address, for a listing that has it once instead of per card."""
    request = context.get("request")
    if getattr(page, "is_shown_at_its_slug", False):
        if isinstance(index, Page):
            return page.url_on_site(index.get_url(request) or "", request)
        if isinstance(index, str):
            return page.url_on_site(index, request)
    return page.get_url(request) or ""


@register.filter
def local_date(value) -> str:
    return dates.format_date(value) if value else ""


@register.filter
def local_time(value) -> str:
    return dates.format_time(value) if value else ""


@register.filter
def local_datetime(value) -> str:
    return dates.format_datetime(value) if value else ""


@register.filter
def iso_datetime(value) -> str:
    return dates.iso_datetime(value) if value else ""


@register.filter
def iso_date(value) -> str:
    return dates.iso_date(value) if value else ""


@register.simple_tag
def datetime_range(start, end) -> str:
    return dates.format_datetime_range(start, end) if start else ""


@register.simple_tag
def date_range(start, end) -> str:
    return dates.format_date_range(start, end) if start and end else ""


def localized_home(request) -> Page | None:
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    home = localized_home(request)
    items = home.get_children().live().in_menu() if home else Page.objects.none()
    current = context.get("page")
    return {
        "home": home,
        "items": list(items),
        "current_path": current.url_path if current else "",
        "request": request,
    }


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page or view in each language (`portal.languages`)."""
    return {"links": languages.language_links(context["request"], context.get("page"))}


@register.inclusion_tag("components/language_alternates.html", takes_context=True)
def language_alternates(context):
    """<link rel="canonical"> and the hreflang alternates of a page (`portal.languages`)."""
    request, page = context["request"], context.get("page")
    return {
        "canonical": languages.canonical_url(request, page),
        "alternates": languages.alternate_links(request, page),
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page}
    # A page shown on another language's site (an event below a translation of its
    # index, `EventIndexPage.route`) sits below that site's index there.
    parent = getattr(page, "shown_under", None)
    below = parent if parent is not None else page
    ancestors = list(below.get_ancestors().filter(depth__gt=1).specific(defer=True))
    content_language = ""
    if parent is not None:
        ancestors.append(parent)
        content_language = page.locale.language_code  # its title's, not the site's
    return {
        "ancestors": ancestors,
        "page": page,
        "request": context["request"],
        "content_language": content_language,
    }


@register.simple_tag(takes_context=True)
def layout_cache_key(context) -> str:
    """Key for the cached header, breadcrumbs and footer: layout version, language, path.

    Everything in those fragments is the same for every visitor of a path; the version
    changes whenever a page or the site settings change (`portal.cache`).
    """
    request = context["request"]
    if not hasattr(request, "_portal_layout_key"):
        version = layout_version()
        language = translation.get_language()
        request._portal_layout_key = f"{version}:{language}:{request.path}"
    return request._portal_layout_key


@register.simple_tag
def active_locale_code() -> str:
    return Locale.get_active().language_code


@register.filter
def plain_text(value) -> str:
    """Sanitised HTML as plain text, entities decoded, for autoescaping once: `striptags`
    alone keeps "&auml;", which autoescaping turns into a visible "&amp;auml;"."""
    return html.unescape(strip_tags(str(value or "")))


# --- Forms ------------------------------------------------------------------------------


@register.inclusion_tag("components/error_summary.html")
def error_summary(form=None, errors=None):
    """{% error_summary form %} or {% error_summary errors=pairs %}: the box at the top of
    a form that failed, with a link to each field in error, which takes the focus when the
    page loads. `errors` are (field id, message) pairs for forms laid out by hand."""
    items = []
    if form is not None and form.errors:
        items = [{"target": "", "text": error} for error in form.non_field_errors()]
        for field in form.hidden_fields():
            items += [{"target": "", "text": error} for error in field.errors]
        for field in form.visible_fields():
            target = field.auto_id
            if field.use_fieldset and field.subwidgets:
                target = field.subwidgets[0].id_for_label  # the first radio or box
            items += [
                {"target": target, "text": f"{field.label}: {error}"}
                for error in field.errors
            ]
    elif errors:
        items = [{"target": target, "text": message} for target, message in errors]
    return {"items": items}


@register.simple_tag(takes_context=True)
def page_description(context) -> str:
    """The page's own description for search engines (no query: the page is loaded)."""
    return getattr(context.get("page"), "meta_description", "")


@register.simple_tag(takes_context=True)
def site_description(context) -> str:
    """The site's description in the active language (SiteSettings), for the home page
    and every page without one of its own; without it, the home page's hero text.
    base.html caches it with the layout (`layout_fragment`)."""
    request = context["request"]
    description = localized(SiteSettings.for_request(request), "description")
    if not description:
        home = localized_home(request)
        description = getattr(home.specific if home else None, "hero_intro", "")
    return shorten_description(description)


#: The cached fragments of base.html. The language switcher's key also has the query
#: string; its and the alternates' keys the reader's audience level, which decides the
#: translations they may see.
LAYOUT_FRAGMENTS = (
    "site_name",
    "site_description",
    "language_switcher",
    "language_alternates",
    "main_menu",
    "breadcrumbs",
    "footer",
)


def layout_fragment_key(request, name: str) -> str:
    query = request.GET.urlencode() if name == "language_switcher" else ""
    audience = ""
    if name in ("language_switcher", "language_alternates"):
        audience = languages.audience_level(request.user)
    key = digest(name, request._portal_layout_key, query, audience)
    return f"portal:layout:{key}"


class LayoutFragmentNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = context["request"]
        layout_cache_key(context)  # sets request._portal_layout_key
        fragments = getattr(request, "_portal_layout_fragments", None)
        if fragments is None:
            keys = {layout_fragment_key(request, name) for name in LAYOUT_FRAGMENTS}
            fragments = request._portal_layout_fragments = cache.get_many(keys)
        key = layout_fragment_key(request, self.name)
        value = fragments.get(key)
        if value is None:
            value = self.nodelist.render(context)
            cache.set(key, value, LAYOUT_TIMEOUT)
            fragments[key] = value
        return value


@register.tag
def layout_fragment(parser, token):
    """{% layout_fragment "main_menu" %}…{% endlayout_fragment %}: a part of the layout that
    is the same for every visitor of a path, cached under the layout version, the language
    and the path (see `layout_cache_key`). All of a page's fragments are read from the cache
    with one round trip, at the first of them."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1].strip("\"'") not in LAYOUT_FRAGMENTS:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes one of {', '.join(LAYOUT_FRAGMENTS)}"
        )
    nodelist = parser.parse(("endlayout_fragment",))
    parser.delete_first_token()
    return LayoutFragmentNode(bits[1].strip("\"'"), nodelist)


class CachedHtmlNode(template.Node):
    def __init__(self, key, nodelist):
        self.key = key
        self.nodelist = nodelist

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        value = request_cached(key)
        if value is None:
            value = self.nodelist.render(context)
            request_cache_set(key, value, LAYOUT_TIMEOUT)
        return value


@register.tag
def cached_html(parser, token):
    """{% cached_html key %}…{% endcached_html %}: the enclosed HTML cached under `key`, a
    complete cache key that the view made of everything the HTML shows (an empty key
    renders without the cache). Where the view has read the key already, with others in
    one round trip (`portal.cache.preload`), the value read then is used
    (`request_cached`); otherwise it is read here, like Django's `{% cache %}`."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one cache key")
    nodelist = parser.parse(("endcached_html",))
    parser.delete_first_token()
    return CachedHtmlNode(parser.compile_filter(bits[1]), nodelist)
