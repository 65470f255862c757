"""Places of the portal that are not Wagtail pages but that content should link to, such as
sign-up or the steps to join the network: editors choose them by name in a call to action,
and the address is made in the visitor's language. Apps register theirs from
`AppConfig.ready()`."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme


@dataclass(frozen=True)
class PortalLink:
    label: str
    url_name: str


LINKS: dict[str, PortalLink] = {}


def register_link(key: str, *, label: str, url_name: str) -> None:
    LINKS[key] = PortalLink(label=label, url_name=url_name)


def link_choices() -> list[tuple[str, str]]:
    """(key, label) of every registered place, for the editors' choice."""
    return [(key, link.label) for key, link in LINKS.items()]


def link_url(key: str) -> str:
    """The place's address in the active language; empty for an unknown key."""
    link = LINKS.get(key)
    if link is None:
        return ""
    try:
        return reverse(link.url_name)
    except NoReverseMatch:
        return ""


def safe_next(request, fallback: str) -> str:
    """Where to go after a small POST: its local `next` address (same host, and https if
    the request was), else `fallback`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


#: Stand-ins for the arguments `url_template` leaves open: digits, so that every path
#: converter (`int`, `str`, `slug`) accepts them, and long enough not to occur otherwise.
_MARKER = 987_654_320


def url_template(viewname: str, *args) -> str:
    """The address of `viewname` reversed once, for a listing to format per row: the
    arguments given as None become `{0}`, `{1}`… in order (`str.format`), e.g.
    `url_template("events_admin:action", event.pk, None, None).format(pk, "cancel")`.
    One `reverse` per page instead of one per row and link."""
    markers = []
    filled = []
    for arg in args:
        if arg is None:
            markers.append(str(_MARKER + len(markers)))
            filled.append(markers[-1])
        else:
            filled.append(arg)
    url = reverse(viewname, args=filled).replace("{", "{{").replace("}", "}}")
    for number, marker in enumerate(markers):
        if url.count(marker) != 1:
            raise ValueError(
                f"{viewname}: an open argument is not one part of the path"
            )
        url = url.replace(marker, f"{{{number}}}")
    return url
