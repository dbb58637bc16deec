"""A reply's own words: its text part (or its HTML made text), without the quoted mail it answers nor the
sender's signature. mail-parser-reply does the work (it knows the "On … wrote:" / "Le … a écrit :" headers,
Outlook's "-----Original Message-----" and "De : … Envoyé : …" blocks, and signatures in both languages); what it
leaves of a reply written above a bare "> " quote or a "-- " signature line is cut here too."""

import re
from email.message import EmailMessage
from html.parser import HTMLParser

from mailparser_reply import EmailReplyParser

_PARSER = EmailReplyParser(languages=["fr", "en"])
# A quoted mail's header line of any client, the parser's strict ones missed ("Le 3 déc., X a écrit :").
_QUOTE_HEADER = re.compile(r"^\s*(Le|On)\s.{0,300}(a écrit|wrote)\s*:\s*$", re.IGNORECASE | re.MULTILINE)
_SIGNATURE = re.compile(r"^(-- ?|__+|Envoyé de mon .*|Sent from my .*|Get Outlook for .*|Obtenir Outlook .*)$",
                        re.IGNORECASE)


def reply_text(message: EmailMessage) -> str:
    """The words the sender wrote, stripped; "" when there are none."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_subtype() == "html":
        content = _html_text(content)
    return strip(content)


def strip(text: str) -> str:
    """The new words of a reply's text: quoted history and signature removed."""
    text = text.replace("\r\n", "\n")
    header = _QUOTE_HEADER.search(text)
    if header is not None:
        text = text[: header.start()]
    replies = _PARSER.read(text).replies
    body = replies[0].body if replies else text
    kept: list[str] = []
    for line in body.splitlines():
        if _SIGNATURE.match(line.rstrip()):
            break
        if not line.startswith(">"):
            kept.append(line.rstrip())
    return "\n".join(kept).strip()


class _Text(HTMLParser):
    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "blockquote", "h1", "h2", "h3"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipped = 0  # inside <style>, <script>, or a quoted <blockquote>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "blockquote") or self._skipped:
            self._skipped += tag in ("style", "script", "blockquote")
            return
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "blockquote") and self._skipped:
            self._skipped -= 1
        elif tag in self._BREAKS and not self._skipped:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipped:
            self.parts.append(data)


def _html_text(markup: str) -> str:
    """An HTML-only reply as text; quoted mails (<blockquote>) left out."""
    parser = _Text()
    parser.feed(markup)
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts))
