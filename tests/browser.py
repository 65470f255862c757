"""Headless Chromium with axe-core for the accessibility checks (marker `browser`)."""

import os
import shutil

import pytest

CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str | None:
    for path in CHROMIUM_PATHS:
        if shutil.which(path):
            return path
    return None


# One Playwright and one Chromium per test process. Each test module imports `browser`,
# which gives pytest one session fixture per module; a second `sync_playwright()` while
# the first still runs fails ("Sync API inside the asyncio loop"), so they share these.
_shared: dict = {"users": 0}


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium, or a skip with the reason when none can run here."""
    path = chromium_path()
    if path is None:
        pytest.skip(
            "Debian's chromium is not installed (make test installs it as root)"
        )
    if _shared["users"] == 0:
        from playwright.sync_api import sync_playwright

        # Playwright's sync API runs an event loop in this thread; the live server's
        # database calls happen in its own thread, so Django's async guard is moot.
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(
            executable_path=path, args=CHROMIUM_ARGS
        )
    _shared["users"] += 1
    try:
        yield _shared["browser"]
    finally:
        _shared["users"] -= 1
        if _shared["users"] == 0:
            _shared.pop("browser").close()
            _shared.pop("playwright").stop()


def axe_violations(
    browser,
    url: str,
    *,
    cookies: list[dict] | None = None,
    expect_status: int | None = None,
) -> list[dict]:
    """Load a URL and return axe-core's WCAG 2.1 A/AA violations (empty when clean).

    The page must answer below 400, or exactly `expect_status` (e.g. 404 for the error page).
    """
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context()
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None, url
        if expect_status is None:
            assert response.status < 400, f"{url}: {response.status}"
        else:
            assert response.status == expect_status, f"{url}: {response.status}"
        results = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        )
        return [
            {
                "id": v["id"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]],
            }
            for v in results.response["violations"]
        ]
    finally:
        context.close()


def session_cookie_for(client, user, live_server_url: str) -> list[dict]:
    """A Playwright cookie that logs the browser in as `user` on the live server."""
    client.force_login(user)
    from django.conf import settings

    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server_url,
        }
    ]


# WCAG 2.1 contrast of each control's text against the background it is drawn on (1.4.3),
# and of its focus ring (outline or box-shadow) against the background around it (1.4.11).
# Colours with alpha are blended over the ancestors' backgrounds; the page's base is white.
CONTRAST_JS = """
(selector) => {
    const parse = (value) => {
        const parts = value.match(/[\\d.]+/g).map(Number);
        return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
    };
    const over = (top, bottom) => ({
        r: top.r * top.a + bottom.r * (1 - top.a),
        g: top.g * top.a + bottom.g * (1 - top.a),
        b: top.b * top.a + bottom.b * (1 - top.a),
        a: 1,
    });
    const luminance = (c) => {
        const channel = (v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
    };
    const ratio = (a, b) => {
        const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (light + 0.05) / (dark + 0.05);
    };
    const backgroundOf = (element) => {
        const layers = [];
        for (let node = element; node; node = node.parentElement) {
            const colour = parse(getComputedStyle(node).backgroundColor);
            if (colour.a > 0) layers.push(colour);
            if (colour.a === 1) break;
        }
        let background = {r: 255, g: 255, b: 255, a: 1};
        for (const layer of layers.reverse()) background = over(layer, background);
        return background;
    };
    const visible = (element) => {
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        return box.width > 1 && box.height > 1 && style.visibility !== "hidden"
            && element.checkVisibility();
    };
    return Array.from(document.querySelectorAll(selector)).map((element) => {
        if (!visible(element)) return null;
        const style = getComputedStyle(element);
        const background = backgroundOf(element);
        const size = parseFloat(style.fontSize);
        const bold = parseInt(style.fontWeight, 10) >= 700;
        const result = {
            label: (element.innerText || element.value || element.placeholder
                    || element.getAttribute("aria-label") || element.tagName)
                .trim().slice(0, 40),
            text: ratio(over(parse(style.color), background), background),
            required: size >= 24 || (bold && size >= 18.66) ? 3 : 4.5,
            outline: null,
        };
        if (element.placeholder && !element.value) {
            const placeholder = parse(getComputedStyle(element, "::placeholder").color);
            result.placeholder = ratio(over(placeholder, background), background);
        }
        // The focus ring (outline and box-shadow rings) is drawn outside the control, on
        // its parent's background; the best-contrasting ring counts.
        const around = backgroundOf(element.parentElement);
        const rings = [];
        if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
            rings.push(style.outlineColor);
        }
        if (style.boxShadow !== "none") {
            rings.push(...(style.boxShadow.match(/rgba?\\([^)]*\\)/g) || []));
        }
        if (rings.length) {
            result.outline = Math.max(
                ...rings.map((ring) => ratio(over(parse(ring), around), around)));
        }
        return result;
    });
}
"""

CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary"
FORCED_STATES = {
    "normal": [],
    "hover": ["hover"],
    "focus": ["focus", "focus-visible"],
}


def contrast_failures(page, scope: str) -> list[str]:
    """Every visible control in `scope` whose text, placeholder or focus outline falls
    short of WCAG 2.1 AA contrast when normal, hovered or focused from the keyboard.

    The states are forced with the DevTools protocol (as the inspector's :hov toggles
    do), so every control of a page is measured in each state at once."""
    selector = ", ".join(f":is({scope}) {control}" for control in CONTROLS.split(", "))
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node_ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})[
        "nodeIds"
    ]
    failures = []
    try:
        for state, pseudo_classes in FORCED_STATES.items():
            for node_id in node_ids:
                cdp.send(
                    "CSS.forcePseudoState",
                    {"nodeId": node_id, "forcedPseudoClasses": pseudo_classes},
                )
            for found in page.evaluate(CONTRAST_JS, selector):
                if found is None:
                    continue
                problems = []
                if found["text"] < found["required"]:
                    problems.append(f"text {found['text']:.2f}")
                if found.get("placeholder", 99) < 4.5:
                    problems.append(f"placeholder {found['placeholder']:.2f}")
                if state == "focus" and (found["outline"] or 0) < 3:
                    problems.append(f"focus outline {found['outline']}")
                if problems:
                    failures.append(
                        f"{found['label']!r} ({state}): {', '.join(problems)}"
                    )
    finally:
        cdp.detach()
    return failures
