"""The portal's one HTML sanitizer: all user-written HTML passes through here."""

from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "del",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def set_link_rel(attrs, new=False):
    """Every link a user wrote gets rel="nofollow ugc noopener"."""
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        partial(LinkifyFilter, callbacks=[set_link_rel], skip_tags={"pre", "code"})
    ],
)


def sanitize_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; linkify bare URLs."""
    return _cleaner.clean(html or "")


def render_markdown(text: str) -> str:
    """Markdown source to safe HTML: rendered first, then sanitized."""
    html = markdown.markdown(
        text or "",
        extensions=["tables", "fenced_code", "sane_lists", "nl2br"],
        output_format="html",
    )
    return sanitize_html(html)
