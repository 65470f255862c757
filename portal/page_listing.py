"""The "More" dropdown of a row in Wagtail's page listings (the explorer, search), written
out in Python.

Wagtail renders each row's dropdown through some 25 templates (the dropdown, then per
button `button.html`, a fragment and `icon.html`); with 50 rows a page that was about
half of the explorer's time. `construct_page_listing_buttons` (a public hook) puts a
`PageActionsDropdown` in the place of Wagtail's `ButtonWithDropdownFromHook`: the same
buttons, from the same `register_page_listing_more_buttons` hooks, in the same order and
markup (apart from whitespace; `tests/portal/test_page_listing.py` compares the two, so
a change of Wagtail's markup shows there). A button of any other class than Wagtail's
plain `Button` (with its own template) is rendered by itself, as Wagtail would.
"""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.widgets import Button, ButtonWithDropdownFromHook

#: Wagtail's template for a plain button; a button with another renders itself.
PLAIN_BUTTON_TEMPLATE = Button.template_name
#: Wagtail's template for a page's "More" dropdown (`_button_with_dropdown.html`).
DROPDOWN_TEMPLATE = ButtonWithDropdownFromHook.template_name


#: Wagtail's `{% icon %}` without a title: an SVG sprite reference (name, class, name).
ICON = (
    '<svg class="icon icon-{} {}" aria-hidden="true"><use href="#icon-{}"></use></svg>'
)
#: Wagtail's `shared/button.html`, as a link and as a button, each with and without
#: an icon.
LINK = '<a href="{}" class="{}" {}>{}</a>'
LINK_WITH_ICON = '<a href="{}" class="{}" {}>' + ICON + "{}</a>"
BUTTON = '<button class="{}" {}>{}</button>'
BUTTON_WITH_ICON = '<button class="{}" {}>' + ICON + "{}</button>"


def button_html(button, parent_context) -> SafeString:
    """A button as Wagtail's `shared/button.html` writes it, or by its own template."""
    if type(button).render_html is not Component.render_html or (
        button.template_name != PLAIN_BUTTON_TEMPLATE
    ):
        return button.render_html(parent_context)
    icon = (button.icon_name, "icon", button.icon_name) if button.icon_name else ()
    if button.url:
        start = (button.url, button.classname, button.base_attrs_string)
        return format_html(
            LINK_WITH_ICON if icon else LINK, *start, *icon, button.label
        )
    start = (button.classname, button.base_attrs_string)
    return format_html(
        BUTTON_WITH_ICON if icon else BUTTON, *start, *icon, button.label
    )


class PageActionsDropdown(Component):
    """Wagtail's page "More" dropdown (`ButtonWithDropdownFromHook`) written out in
    Python: the dropdown's own buttons, sorted as Wagtail sorts them."""

    def __init__(self, dropdown: ButtonWithDropdownFromHook):
        self.dropdown = dropdown
        self.priority = dropdown.priority
        self.label = dropdown.label

    def __repr__(self):
        return f"<PageActionsDropdown: {self.dropdown!r}>"

    @property
    def show(self) -> bool:
        return self.dropdown.show

    def render_html(self, parent_context=None) -> SafeString:
        dropdown = self.dropdown
        toggle_classes = " ".join(
            name.strip()
            for name in (
                "w-dropdown__toggle",
                "" if dropdown.label else "w-dropdown__toggle--icon",
                dropdown.classname,
            )
            if name and name.strip()
        )
        aria_label = dropdown.aria_label
        toggle_icon = dropdown.icon_name or "arrow-down"
        return format_html(
            '<div data-controller="w-dropdown" class="w-dropdown"{}>'
            '<button type="button" class="{}" data-w-dropdown-target="toggle"{}>'
            "{}" + ICON + "</button>"
            '<div data-w-dropdown-target="content" class="w-dropdown__content" hidden>'
            "{}</div></div>",
            dropdown.base_attrs_string,
            toggle_classes,
            format_html(' aria-label="{}"', aria_label) if aria_label else "",
            dropdown.label,
            toggle_icon,
            "w-dropdown__toggle-icon",
            toggle_icon,
            mark_safe(  # noqa: S308 - each button's markup escaped as {% component %} does
                "".join(
                    conditional_escape(button_html(button, parent_context))
                    for button in sorted(dropdown.dropdown_buttons)
                )
            ),
        )


def write_dropdowns_in_python(buttons: list) -> None:
    """Replace, in a row's list of buttons, Wagtail's page dropdowns that use Wagtail's
    own template by `PageActionsDropdown`."""
    for position, button in enumerate(buttons):
        if (
            type(button) is ButtonWithDropdownFromHook
            and button.template_name == DROPDOWN_TEMPLATE
        ):
            buttons[position] = PageActionsDropdown(button)


#: Rows on a page of a per-type explorer: Wagtail's own default for its model listings
#: (its generic explorer of every page type shows 50).
EXPLORER_PER_PAGE = 20


def explorer_columns(*added, without=("type",)) -> list:
    """Wagtail's explorer columns (checkbox, title with its actions, parent, updated,
    type, status) with `added` after the title, and without the columns named
    `without` (the type, when every child is of one type)."""
    base = [
        column
        for column in ExplorableIndexView.base_columns
        if column.name not in without
    ]
    title = next(n for n, column in enumerate(base) if column.name == "title")
    return [*base[: title + 1], *added, *base[title + 1 :]]
