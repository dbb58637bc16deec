"""What an article says, as plain values, and the pure rules on it (no database): what an editor may save, what
the client's KB indexes of it, and what changed between two versions.

    Content(title, kind, language, services, error_text, body)
    checked(content, catalogue)     the content trimmed, or InvalidArticle with every field's reason
    indexed_text(content)           the Markdown the KB indexes: the body, and a known error's exact message
    diff(old, new)                  a unified diff (difflib) of two versions, fields first, then the body
"""

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from servicedesk.articles.errors import InvalidArticle

KINDS = ("article", "known_error", "problem")  # what an editor writes; resolved tickets come through the KB itself
LANGUAGES = ("fr", "en")
TITLE_LENGTH = 300
BODY_LENGTH = 100_000  # a long how-to is some thousands of characters; a megabyte is a mistake or an attack
_ERROR_HEADING = {"fr": "Message d'erreur", "en": "Error message"}


@dataclass(frozen=True)
class Content:
    title: str
    kind: str
    language: str
    body: str
    services: tuple[str, ...] = ()
    error_text: str = ""  # a known error's exact message (its code, its wording), as users copy it


def checked(content: Content, catalogue: Collection[str] = ()) -> Content:
    """The content as saved: trimmed, services without repeats. A catalogue given (the client's services) must
    hold every service named; a known error needs its exact error text."""
    content = replace(content, title=" ".join(content.title.split()), body=content.body.strip(),
                      error_text=content.error_text.strip(),
                      services=tuple(dict.fromkeys(s.strip() for s in content.services if s.strip())))
    if content.kind not in KINDS:
        raise InvalidArticle("kind", value=content.kind, kinds=", ".join(KINDS))
    if content.language not in LANGUAGES:
        raise InvalidArticle("language", value=content.language, languages=", ".join(LANGUAGES))
    if not content.title or len(content.title) > TITLE_LENGTH:
        raise InvalidArticle("title", max=TITLE_LENGTH)
    if not content.body or len(content.body) > BODY_LENGTH:
        raise InvalidArticle("body", max=BODY_LENGTH)
    if content.kind == "known_error" and not content.error_text:
        raise InvalidArticle("error_text")
    unknown = [service for service in content.services if catalogue and service not in catalogue]
    if unknown:
        raise InvalidArticle("services", services=", ".join(unknown))
    return content


def indexed_text(content: Content) -> str:
    """The body, with a known error's exact message in a section of its own when the body does not quote it:
    the KB's exact matching (kb_index/exact.py) finds a pasted error only in the text it indexed."""
    if content.kind != "known_error" or not content.error_text or content.error_text in content.body:
        return content.body
    return f"{content.body}\n\n## {_ERROR_HEADING[content.language]}\n`{content.error_text}`"


def quoted_error(body: str) -> str:
    """The exact error a known error's text quotes under its error heading (as the KB folder's known errors and
    indexed_text write it), or "": what the studio takes as its error text when it adopts the article."""
    headings = "|".join(re.escape(heading) for heading in _ERROR_HEADING.values())
    found = re.search(rf"^#+\s*(?:{headings})\s*\n+\s*`([^`\n]+)`", body, re.MULTILINE | re.IGNORECASE)
    return found.group(1).strip() if found else ""


def _lines(content: Content) -> list[str]:
    head = [f"title: {content.title}", f"kind: {content.kind}", f"language: {content.language}",
            f"services: {', '.join(content.services)}", f"error_text: {content.error_text}", ""]
    return [*head, *content.body.splitlines()]


def diff(old: Content, new: Content, *, names: tuple[str, str] = ("before", "after")) -> list[str]:
    """What changed from `old` to `new`, line by line (unified, three lines of context); empty when nothing did."""
    return list(difflib.unified_diff(_lines(old), _lines(new), fromfile=names[0], tofile=names[1], lineterm=""))
