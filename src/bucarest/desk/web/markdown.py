"""Best-practice notes in Markdown, rendered safely (no raw HTML, no images, no unsafe links)."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

__all__ = [
    "render_markdown",
]


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.enable("table")

    def link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("rel", "noopener noreferrer nofollow")
        out: str = self.renderToken(tokens, idx, options, env)
        return out

    md.add_render_rule("link_open", link_open)
    return md


_MD = _markdown()


def render_markdown(text: str) -> Markup:
    """A best-practice note's Markdown as HTML, safely: raw HTML is shown as text, links
    with unsafe schemes (``javascript:``…) stay text, and images are not rendered.

    Example::

        >>> str(render_markdown("**Patch** <script>alert(1)</script>"))
        '<p><strong>Patch</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'
    """
    return Markup(_MD.render(text))  # markdown-it escapes every raw HTML with html=False
