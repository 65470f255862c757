"""Reading the demo's data files: YAML, and Markdown with a YAML header ("front matter").

Rich text in the data files (page bodies, event descriptions, FAQ answers, survey intros) is
written in Markdown and stored as the HTML Wagtail's rich text keeps.
"""

import re
from pathlib import Path
from typing import Any

import markdown
import yaml

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n(.*)\Z", re.DOTALL)


def read_yaml(path: Path) -> Any:
    """The data of a UTF-8 YAML file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read_markdown(path: Path) -> tuple[dict[str, Any], str]:
    """The YAML header (between `---` lines) and the Markdown text of a file."""
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{path}: a demo Markdown file starts with a --- header.")
    return yaml.safe_load(match[1]) or {}, match[2].strip()


def markdown_html(text: str) -> str:
    """Markdown as compact HTML: no line breaks between or inside elements."""
    html = markdown.markdown(text.strip())
    return re.sub(r"\s*\n\s*", " ", re.sub(r">\n<", "><", html))


def markdown_chunks(text: str) -> list[str]:
    """The paragraphs, lists and `## headings` of a Markdown text, in order."""
    return [chunk.strip() for chunk in re.split(r"\n\s*\n", text.strip()) if chunk]
