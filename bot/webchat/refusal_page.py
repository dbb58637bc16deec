"""A refusal the browser shows as a page of its own (an unknown key, a failed sign-in, an address over its rate):
the sentence in every language, each in a paragraph of its own, since the page can't know its reader's."""

import html
from collections.abc import Mapping

from servicedesk.language import Language


def render(said: Mapping[Language, str], extra: str = "") -> str:
    """The page of `said` (one sentence by language), then `extra`, HTML already (a link back to the chat)."""
    paragraphs = "\n".join(f'<p lang="{language}">{html.escape(text, quote=False)}</p>'
                           for language, text in said.items())
    return f"""<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relais</title><link rel="stylesheet" href="/webchat/static/chat.css"></head>
<body><main class="notice" role="alert">
<h1>Relais</h1>
{paragraphs}
{extra}
</main></body></html>
"""
