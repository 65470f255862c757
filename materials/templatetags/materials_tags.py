import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from portal.sanitizer import render_markdown

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can end the element.
JSON_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
}


@register.filter
def json_ld(data) -> str:
    """Structured data as a <script type="application/ld+json"> element, escaped like
    `json_script` (which cannot set the type that search engines read)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    escaped = text.translate(JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(escaped),  # noqa: S308 - escaped above exactly as json_script does
    )


@register.filter
def user_markdown(text: str) -> str:
    """Markdown a member wrote, as HTML cleaned by the portal's one sanitizer."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitized by portal.sanitizer
