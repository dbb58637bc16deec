"""The resolution steps of an article, as a short list a user can follow in a chat.

A snippet cut at 220 characters stops in the middle of step 2; users need the steps themselves. The steps
are the list items of the article's solution section (a heading such as "Solution", "Résolution",
"Procédure", "Workaround", "Steps"), else of its first list; each item keeps its first sentences, with
Markdown markup removed, so that a step stays one readable line.
"""

import re
from dataclasses import dataclass

from kb_index import store
from kb_index.chunking import plain, sections

MAX_STEPS = 7
STEP_CHARS = 240
_SOLUTION_HEADINGS = re.compile(
    r"solution|r[ée]solution|r[ée]soudre|proc[ée]dure|[ée]tapes|marche [àa] suivre|contournement|workaround|fix|"
    r"steps|how to|comment|que faire|what to do|demande|request", re.IGNORECASE)
_ITEM = re.compile(r"^\s{0,3}(?:\d{1,2}[.)]|[-*+•])\s+(.*)$")


def resolution_steps(text: str, *, max_steps: int = MAX_STEPS) -> tuple[str, ...]:
    """The steps of the article whose Markdown text this is; () when it has no list."""
    parts = sections(text)
    preferred = [part for part in parts if part.path and _SOLUTION_HEADINGS.search(part.path[-1])]
    for part in [*preferred, *parts]:
        items = _items(part.lines)
        if items:
            return tuple(_short(item) for item in items[:max_steps])
    return ()


def _items(lines: list[str]) -> list[str]:
    """The list items of a section, a wrapped item's continuation lines joined to it."""
    items: list[str] = []
    for line in lines:
        match = _ITEM.match(line)
        if match:
            items.append(match.group(1).strip())
        elif items and line.strip() and line.startswith((" ", "\t")):
            items[-1] += " " + line.strip()
        elif items and not line.strip():
            continue
        elif items:
            break  # the list ended: a paragraph after it is not a step
    return [item for item in items if item]


def _short(item: str) -> str:
    flat = re.sub(r"\s+", " ", plain(item)).strip()
    if len(flat) <= STEP_CHARS:
        return flat
    cut = flat[:STEP_CHARS]
    sentence_end = max(cut.rfind(". "), cut.rfind(" ; "))
    return cut[: sentence_end + 1] if sentence_end > STEP_CHARS // 2 else cut.rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Article:
    doc_id: str
    title: str
    kind: str
    link: str
    steps: tuple[str, ...]


def article(client: str, doc_id: str) -> Article | None:
    """One article of the client's index with its steps; None when the index has no such document."""
    rows = store.open_snapshot(client).query("SELECT title, kind, link, text FROM docs WHERE doc_id = ?", (doc_id,))
    if not rows:
        return None
    title, kind, link, text = rows[0]
    return Article(doc_id, title, kind, link, resolution_steps(text))
