"""The one sanitizer keeps wanted Markdown and HTML and removes every way to run script."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from portal.sanitizer import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_PROTOCOLS,
    ALLOWED_TAGS,
    LINK_REL,
    render_markdown,
    sanitize_html,
)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser.elements


def assert_inert(html: str) -> None:
    """Only allow-listed tags and attributes (so no event handlers or styles), and links
    only to allowed schemes, each with rel; anything else may remain only as text."""
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        assert set(attrs) <= set(ALLOWED_ATTRIBUTES.get(tag, [])), (tag, attrs, html)
        if "href" in attrs:
            # A relative address (no scheme) stays on the portal.
            scheme = urlsplit((attrs["href"] or "").strip()).scheme.lower()
            assert scheme in {*ALLOWED_PROTOCOLS, ""}, (attrs["href"], html)
            assert attrs["rel"] == LINK_REL, html
        for value in attrs.values():
            assert "script:" not in (value or "").lower(), html


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=javascript:alert('XSS')>",
    "<body onload=alert(1)>",
    "<p onclick=alert(1) onmouseover=alert(2)>text</p>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
    '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="VBScript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<a href="https://ok.example" onclick="alert(1)" style="color:red">x</a>',
    '<a href="https://ok.example" target="_blank" rel="opener">x</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<math><maction actiontype=statusline#http://x xlink:href=javascript:alert(1)>x",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background-image:url(javascript:alert(1))">x</div>',
    '<p style="x:expression(alert(1))">x</p>',
    "<base href=javascript:alert(1)//>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<img src=x onerror=alert(1)//",
    '<a href="https://ok.example"<script>alert(1)</script>',
    "<<script>script>alert(1)<</script>/script>",
    '<p title="</p><script>alert(1)</script>">x</p>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="#" onmouseover="alert(1)">x</a>',
    "<marquee onstart=alert(1)>x</marquee>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitize_html_leaves_no_script(payload):
    assert_inert(sanitize_html(payload))


MARKDOWN_PAYLOADS = [
    *XSS_PAYLOADS,
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript&#x3A;alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click]( javascript:alert(1) )",
    "[click](<javascript:alert(1)>)",
    '[click](https://ok.example "title" onclick="alert(1)")',
    "![image](javascript:alert(1))",
    "![image](https://evil.example/x.png)",
    '![x" onerror="alert(1)](https://x.example/y.png)',
    "[ref][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "```html\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "> <script>alert(1)</script>",
    "- <iframe src=javascript:alert(1)>",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "# <img src=x onerror=alert(1)>",
    "**<svg onload=alert(1)>**",
]


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_render_markdown_leaves_no_script(payload):
    assert_inert(render_markdown(payload))


def test_raw_html_in_markdown_is_shown_as_text():
    html = render_markdown("Use <b>bold</b> or <script>alert(1)</script>")
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html
    assert "<b>" not in html


def test_dangerous_link_keeps_its_text_without_the_address():
    html = render_markdown("[avaa](javascript:alert(1))")
    assert elements(html) == [("p", {}), ("a", {})]
    assert ">avaa<" in html


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "*kursiivi* ja **lihavoitu**",
            "<em>kursiivi</em> ja <strong>lihavoitu</strong>",
        ),
        ("- yksi\n- kaksi", "<ul>\n<li>yksi</li>\n<li>kaksi</li>\n</ul>"),
        ("1. eka\n2. toka", "<ol>\n<li>eka</li>\n<li>toka</li>\n</ol>"),
        ("> lainaus", "<blockquote>\n<p>lainaus</p>\n</blockquote>"),
        ("`koodi`", "<code>koodi</code>"),
        ("```\nrivi 1\nrivi 2\n```", "<pre><code>rivi 1\nrivi 2\n</code></pre>"),
        ("# Otsikko", "<h3>Otsikko</h3>"),
        ("## Väliotsikko", "<h4>Väliotsikko</h4>"),
        ("#### Pieni", "<h6>Pieni</h6>"),
        ("rivi\ntoinen", "rivi<br>\ntoinen"),
        ("---", "<hr>"),
    ],
)
def test_wanted_markdown_survives(source, expected):
    assert expected in render_markdown(source)


def test_links_get_rel_and_keep_title():
    html = render_markdown('[Ohje](https://kunta.fi/ohje "Kunnan ohje")')
    assert elements(html)[1] == (
        "a",
        {"href": "https://kunta.fi/ohje", "title": "Kunnan ohje", "rel": LINK_REL},
    )


def test_bare_urls_are_linkified_but_not_inside_code():
    html = render_markdown("Katso https://kunta.fi/ohje ja `https://ei.linkki`")
    assert f'<a href="https://kunta.fi/ohje" rel="{LINK_REL}">' in html
    assert "<code>https://ei.linkki</code>" in html


def test_mailto_links_survive():
    html = render_markdown("[Kirjoita](mailto:muutostuki@example.fi)")
    assert 'href="mailto:muutostuki@example.fi"' in html


def test_tables_survive_with_alignment():
    html = render_markdown("| Kunta | Asukkaita |\n|:--|--:|\n| Espoo | 305 274 |")
    tags = [tag for tag, _attrs in elements(html)]
    assert tags[:4] == ["table", "thead", "tr", "th"]
    assert ("td", {"align": "right"}) in elements(html)


def test_images_are_not_allowed():
    assert "<img" not in render_markdown("![kuva](https://kunta.fi/kuva.png)")


def test_unclosed_markup_is_closed():
    html = sanitize_html('<p>kesken <b>lihava <a href="https://x.fi">linkki')
    assert html.count("<b>") == html.count("</b>") == 1
    assert html.endswith("</a></b></p>")


def test_empty_input_gives_empty_output():
    assert sanitize_html("") == ""
    assert render_markdown("") == ""
