"""Wagtail's page explorer on a grown network: the rows' "More" dropdown written out in
Python (`portal.page_listing`), the same buttons and markup as Wagtail's templates without
a template per row; the root page found by an index (`portal.0015`)."""

import re

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.admin.widgets import Button, ButtonWithDropdownFromHook
from wagtail.models import Page

import pytest

from portal.page_listing import PageActionsDropdown, button_html
from tests.factories.events import EventPageFactory
from tests.factories.materials import MaterialPageFactory


def normalized(html: str) -> str:
    """The markup without the whitespace that templates leave between and in tags."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*([<>])\s*", r"\1", html)


def wagtails_dropdown(page, user):
    return ButtonWithDropdownFromHook(
        "",
        hook_name="register_page_listing_more_buttons",
        page=page,
        user=user,
        next_url="/admin/pages/",
        icon_name="dots-horizontal",
        attrs={"aria-label": f"More options for '{page.title}'"},
        priority=50,
    )


@pytest.mark.parametrize("live", [True, False])
def test_dropdown_markup_is_wagtails(superuser, event_index, live):
    event = EventPageFactory(parent=event_index, live=live, title="Q&A <ilta>")
    request = RequestFactory().get("/admin/pages/")
    request.user = superuser
    context = {"request": request}

    written = PageActionsDropdown(wagtails_dropdown(event, superuser))
    html = written.render_html(context)

    assert normalized(html) == normalized(
        wagtails_dropdown(event, superuser).render_html(context)
    )
    assert f"/admin/pages/{event.pk}/delete/" in html
    assert "Q&amp;A &lt;ilta&gt;" in html


@pytest.mark.parametrize(
    "button",
    [
        Button("Lähetä", "/admin/letters/1/send/", icon_name="mail"),
        Button("Lähetä", "/admin/letters/1/send/"),
        Button("Tee <jotain>", icon_name="cog", attrs={"data-x": "1"}),
        Button("Tee"),
    ],
)
def test_button_markup_is_wagtails(button):
    assert normalized(button_html(button, {})) == normalized(button.render_html({}))


def test_explorer_rows_offer_every_action_without_a_template_per_row(
    admin_client, material_index
):
    materials = [MaterialPageFactory(parent=material_index) for _ in range(3)]

    response = admin_client.get(f"/admin/pages/{material_index.pk}/")

    content = response.content.decode()
    for material in materials:
        for action in ("edit", "move", "copy", "delete", "unpublish", "history"):
            assert f"/admin/pages/{material.pk}/{action}/" in content
        assert f"More options for &#x27;{material.title}&#x27;" in content
    rendered = [template.name for template in response.templates]
    assert "wagtailadmin/pages/listing/_button_with_dropdown.html" not in rendered


@pytest.mark.postgres
def test_root_page_is_found_by_its_index(home_page):
    if connection.vendor != "postgresql":
        pytest.skip("the plan of PostgreSQL's planner")
    with CaptureQueriesContext(connection) as queries:
        root = Page.get_first_root_node()
    assert root.depth == 1
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "portal_page_root_idx" in plan
