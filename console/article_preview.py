"""An article's Markdown as the editor's preview shows it: CommonMark and tables (markdown-it-py), raw HTML
escaped rather than passed through and links to javascript:, vbscript:, file: or data: refused (markdown-it's own
validation), so that a preview never runs what an article's text holds, whoever wrote it."""

from markdown_it import MarkdownIt
from markupsafe import Markup

_RENDERER = MarkdownIt("commonmark", {"html": False}).enable("table")
PREVIEW_LENGTH = 100_000  # as an article's text (servicedesk.articles.content.BODY_LENGTH)


def preview(markdown: str) -> Markup:
    """Safe HTML for the page (Jinja2 does not escape it again)."""
    return Markup(_RENDERER.render(markdown[:PREVIEW_LENGTH]))  # markdown-it escapes raw HTML (html=False)
