"""Reading and writing the forum's Markdown: @mentions and quotes (no database access).

Mentions are written `@First Last` (the member's first and last name as in their account)
or `@local-part` (what comes before the @ in their e-mail address, e.g. `@maija.virtanen`).
Quoted lines (`> …`) and code are not searched, so quoting a post does not mention again.
"""

import re
from dataclasses import dataclass

MAX_MENTIONS_PER_POST = 20

_MENTION = re.compile(
    r"(?<![\w@.])@(?P<first>\w[\w.'-]*)(?:[ \t]+(?P<second>\w[\w'-]*))?",
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`\n]*`")


@dataclass(frozen=True)
class Mention:
    """One `@…` in a text: `first` is a first name or an e-mail local part, `second`
    the word after it (a last name, or just the next word)."""

    first: str
    second: str = ""


def _searchable_lines(text: str) -> list[str]:
    lines, in_fence = [], False
    for line in (text or "").splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or line.lstrip().startswith(">") or line.startswith("    "):
            continue
        lines.append(_INLINE_CODE.sub(" ", line))
    return lines


def parse_mentions(text: str) -> list[Mention]:
    """The distinct `@mentions` of a Markdown text outside quotes and code, in order."""
    found: list[Mention] = []
    for line in _searchable_lines(text):
        for match in _MENTION.finditer(line):
            mention = Mention(
                first=match["first"].rstrip(".'-"), second=match["second"] or ""
            )
            if mention not in found:
                found.append(mention)
            if len(found) >= MAX_MENTIONS_PER_POST:
                return found
    return found


def quote_markdown(*, heading: str, body: str) -> str:
    """A Markdown quote of a post's text under a heading line ("Maija wrote:")."""
    quoted = "\n".join(f"> {line}".rstrip() for line in body.strip().splitlines())
    # Escaped so that a name with Markdown characters stays plain text.
    heading = re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", heading)
    return f"> **{heading}**\n>\n{quoted}\n\n"
