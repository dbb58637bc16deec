"""Heading-aware chunking: each chunk keeps its document's title and the path of headings it sits under.

Markdown structure (ATX `#` headings and setext underlines, outside code fences) splits a document into
sections. Small neighbouring sections are packed together up to `max_words` (a known error's "Symptom",
"Error message" and "Cause" read better as one chunk than as three scraps), under the headings they
share; a section longer than that is cut at paragraph, then sentence, then word boundaries. The heading
path is prefixed to every chunk's text, so that a step of a procedure is found by the procedure's name.
"""

import re
from dataclasses import dataclass

from kb_index.documents import Chunk, Document

MAX_WORDS = 120
# The title alone is one more chunk: a short message meets a short title better than a passage that holds it,
# across languages above all ("shared mailbox in outlook" and "Ajouter une boîte aux lettres partagée").
TITLE_CHUNK = True
OVERLAP_WORDS = 20

_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass
class _Section:
    path: list[str]
    lines: list[str]

    @property
    def body(self) -> str:
        return "\n".join(self.lines).strip()


def plain(text: str) -> str:
    """Markdown inline markup removed (links keep their text): what users type never has it."""
    return _EMPHASIS.sub("", _LINK.sub(r"\1", text))


def sections(text: str) -> list[_Section]:
    """The document cut at its headings, each piece with the full path of headings above it."""
    result = [_Section([], [])]
    stack: list[tuple[int, str]] = []
    lines = text.splitlines()
    in_fence = False
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _heading(line, following)
        if heading is None:
            result[-1].lines.append(line)
            index += 1
            continue
        level, title, consumed = heading
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, plain(title)))
        result.append(_Section([name for _, name in stack], []))
        index += consumed
    return [section for section in result if section.body or section.path]


def _heading(line: str, following: str) -> tuple[int, str, int] | None:
    """(level, title, lines used) when the line opens a heading: `# Title`, or `Title` over `=====`/`-----`."""
    match = _ATX.match(line)
    if match:
        return len(match.group(1)), match.group(2), 1
    if line.strip() and not line.startswith((" ", "\t", "-", "*", "|", ">")) and len(line) <= 120:
        underline = _SETEXT.match(following)
        if underline and len(following.strip()) >= 3:
            return (1 if underline.group(1).startswith("=") else 2), line.strip(), 2
    return None


def chunk(document: Document, *, max_words: int = MAX_WORDS) -> list[Chunk]:
    """The chunks of one document, in reading order; never empty for a document with a title."""
    title = plain(document.title).strip()
    parts = sections(document.text)
    if parts and parts[0].path and _same(parts[0].path[0], title):  # "# Title" repeats the title
        parts = [_Section(section.path[1:], section.lines) for section in parts]
    pieces: list[tuple[list[str], str]] = []
    pending: list[_Section] = []
    for section in parts:
        body = plain(section.body)
        if not body:
            continue
        if _words(body) > max_words:
            pieces.extend(_pack(pending))
            pending = []
            pieces.extend((section.path, window) for window in _windows(body, max_words))
        elif pending and sum(_words(plain(item.body)) for item in pending) + _words(body) > max_words:
            pieces.extend(_pack(pending))
            pending = [section]
        else:
            pending.append(section)
    pieces.extend(_pack(pending))
    if not pieces:
        pieces = [([], "")]
    chunks = [
        Chunk(document.doc_id, position, " > ".join([title, *path]) if title else " > ".join(path), body)
        for position, (path, body) in enumerate(pieces)
    ]
    if TITLE_CHUNK and title and any(body for _, body in pieces):
        chunks.append(Chunk(document.doc_id, len(chunks), title, ""))
    return chunks


def _pack(group: list[_Section]) -> list[tuple[list[str], str]]:
    """Neighbouring small sections as one piece, under the headings they share; each keeps its own heading."""
    if not group:
        return []
    common = group[0].path
    for section in group[1:]:
        common = _prefix(common, section.path)
    lines = []
    for section in group:
        own = section.path[len(common):]
        body = plain(section.body)
        lines.append(f"{' > '.join(own)}\n{body}" if own else body)
    return [(common, "\n\n".join(lines))]


def _prefix(a: list[str], b: list[str]) -> list[str]:
    common = []
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common.append(x)
    return common


def _windows(body: str, max_words: int) -> list[str]:
    """A long section cut at paragraphs, then lines, then sentences, then words (with a little overlap)."""
    units: list[tuple[str, str]] = []  # (text, what joins it to the unit before)
    for paragraph in re.split(r"\n\s*\n", body):
        pieces = [paragraph] if _words(paragraph) <= max_words else _split_long(paragraph, max_words)
        units.extend((piece.strip(), "\n\n" if number == 0 else "\n") for number, piece in enumerate(pieces))
    windows: list[str] = []
    current, size = "", 0
    for text, joint in units:
        if not text:
            continue
        if current and size + _words(text) > max_words:
            windows.append(current)
            current, size = "", 0
        current = f"{current}{joint}{text}" if current else text
        size += _words(text)
    if current:
        windows.append(current)
    return windows


def _split_long(paragraph: str, max_words: int) -> list[str]:
    pieces: list[str] = []
    for line in paragraph.splitlines():
        if _words(line) <= max_words:
            pieces.append(line)
            continue
        for sentence in _SENTENCE.split(line):
            words = sentence.split()
            step = max_words - OVERLAP_WORDS
            pieces.extend(
                " ".join(words[start:start + max_words]) for start in range(0, max(len(words) - OVERLAP_WORDS, 1), step)
            )
    return pieces


def _words(text: str) -> int:
    return len(text.split())


def _same(a: str, b: str) -> bool:
    return plain(a).strip().casefold() == plain(b).strip().casefold()
