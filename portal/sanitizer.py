"""The portal's one HTML sanitizer: all user-written HTML passes through here.

`render_markdown` turns Markdown (forum posts) into HTML and then sanitizes it;
`sanitize_html` cleans HTML from elsewhere. Both keep only an allow-list: paragraphs,
emphasis, lists, quotes, code, small headings, tables and links (http, https, mailto;
every link gets rel="nofollow ugc noopener"); bare URLs become links. Raw HTML written
inside Markdown is shown as text, not interpreted.
"""

from functools import partial
from xml.etree.ElementTree import Element

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

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
#: Markdown headings move down by this many levels: "#" becomes <h3>, the smallest
#: heading the allow-list keeps, so that user text never outranks the page's headings.
HEADING_SHIFT = 2


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


class _DemoteHeadings(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter():
            if (
                len(element.tag) == 2
                and element.tag[0] == "h"
                and element.tag[1].isdigit()
            ):
                level = min(int(element.tag[1]) + HEADING_SHIFT, 6)
                element.tag = f"h{level}"


class _UserMarkdown(Extension):
    """Markdown for text users write: raw HTML stays text, headings are small."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 0)


def sanitize_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; linkify bare URLs."""
    return _cleaner.clean(html or "")


def render_markdown(text: str) -> str:
    """Markdown source to safe HTML: rendered first, then sanitized."""
    html = markdown.markdown(
        text or "",
        extensions=[
            _UserMarkdown(),
            "tables",
            "fenced_code",
            "sane_lists",
            "nl2br",
        ],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    return sanitize_html(html)
