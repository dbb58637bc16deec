"""Adding one example to Rasa's NLU training files by editing their text, so that every comment, blank line
and quirk of the hand-written files survives (a YAML round trip would rewrite them).

The files hold one `- intent: NAME` item per intent with its examples in a literal block (`examples: |`),
one `- example` per line. Inside a literal block YAML reads every character as is, so quotes, a leading
'-' or ':', '#', brackets or braces need no escaping; what can break the block is a line break (it would
start a new line of the block) and the few characters YAML refuses anywhere. clean_example() folds the
first and drops the second, and refuses Rasa's entity markup ("[text](entity)"), which Rasa would read as
an annotation and not as words. Every edit is checked by parsing the result again: the intent must have
exactly its old examples plus the new one, and every other intent must be unchanged.
"""

import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml

EXAMPLES_INDENT = 4  # of a new intent's examples, as in data/nlu/*.yml
_ITEM = re.compile(r"^(?P<indent>\s*)-\s+intent:\s*(?P<quote>[\"']?)(?P<name>[^\"'#\s]+)(?P=quote)\s*(?:#.*)?$")
_EXAMPLES = re.compile(r"^(?P<indent>\s*)examples:\s*\|[-+]?[0-9]?\s*(?:#.*)?$")
# What PyYAML accepts in a document (YAML 1.1 printable characters); the rest is dropped.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff")
# Rasa's annotation syntax: [text](entity), [text]{"entity": ...}, [text][{...}].
_ENTITY_MARKUP = re.compile(r"\[[^\]]+\][({\[]")
_STRIP = "\n\r "  # what Rasa strips around an example


class ExampleRefused(ValueError):
    """The example cannot go into the training data as it is; the message says why."""


class DuplicateExample(ExampleRefused):
    """The training data already holds that example (compared without case and extra spaces)."""

    def __init__(self, example: str, file: str, intent: str) -> None:
        super().__init__(f"already an example of {intent} in {file}: {example!r}")
        self.example, self.file, self.intent = example, file, intent


def intents_of(domain_file: Path) -> list[str]:
    """The intents the domain declares, in its order (entries may be `name` or `name: {options}`)."""
    domain = yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}
    names = []
    for entry in domain.get("intents") or []:
        names.append(next(iter(entry)) if isinstance(entry, dict) else str(entry))
    return names


def entities_of(domain_file: Path) -> list[str]:
    """The entities the domain declares, in its order."""
    domain = yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}
    return [next(iter(entry)) if isinstance(entry, dict) else str(entry) for entry in domain.get("entities") or []]


_ENTITY_NAME = re.compile(r"[a-z][a-z0-9_]{0,59}")


def annotate(example: str, words: str, entity: str) -> str:
    """The example with `words` (their first occurrence) marked as an example of `entity`, in Rasa's markup:
    "[Outlook](application) plante". The words must be in the example as typed there, without brackets."""
    words = " ".join(words.split())
    if not _ENTITY_NAME.fullmatch(entity):
        raise ExampleRefused(f"not an entity name: {entity!r}")
    if not words or any(mark in words for mark in "[]()"):
        raise ExampleRefused(f"the entity's words must be plain words of the message, not {words!r}")
    at = example.find(words)
    if at < 0:
        raise ExampleRefused(f"{words!r} is not in the message {example!r}")
    return f"{example[:at]}[{words}]({entity}){example[at + len(words):]}"


def clean_example(text: str) -> str:
    """The message as one training line: whitespace folded (line breaks included), unprintables dropped."""
    example = " ".join(_NOT_PRINTABLE.sub("", text).split())
    if not example:
        raise ExampleRefused("nothing left to learn from once blanks and control characters are removed")
    if _ENTITY_MARKUP.search(example):
        raise ExampleRefused(f"Rasa would read part of it as entity markup: {example!r}")
    return example


def examples_of(source: str) -> dict[str, list[str]]:
    """The examples of each intent of an NLU file, read as Rasa reads them."""
    document = yaml.safe_load(source) or {}
    examples: dict[str, list[str]] = {}
    for item in document.get("nlu") or []:
        if not isinstance(item, dict) or "intent" not in item:
            continue
        block = item.get("examples") or ""
        found = _block_examples(block) if isinstance(block, str) else (
            str(entry.get("text", "")).strip(_STRIP) for entry in block if entry)
        examples.setdefault(str(item["intent"]), []).extend(found)
    return examples


def _block_examples(block: str) -> Iterator[str]:
    """Rasa's reading of a literal block: lines starting with '-' are examples, the others are skipped."""
    for line in block.splitlines():
        if line.startswith("-"):
            yield line[1:].strip(_STRIP)


def insert_example(source: str, intent: str, example: str) -> str:
    """The file's text with `example` added at the end of the intent's examples block (a new intent item at
    the end of the file when the intent has none yet). Raises ExampleRefused when the file's layout is not
    one this edit understands, rather than writing something Rasa would read differently."""
    lines = source.splitlines(keepends=True)
    start = _find_item(lines, intent)
    if start is None:
        new = _append_item(source, lines, intent, example)
    else:
        new = _insert_in_item(lines, start, intent, example)
    _check(source, new, intent, example)
    return new


def find_duplicate(example: str, sources: dict[str, str]) -> DuplicateExample | None:
    """Where `example` already is among the files' examples (name → text), if anywhere."""
    wanted = _comparable(example)
    for name, source in sources.items():
        for intent, examples in examples_of(source).items():
            if any(_comparable(existing) == wanted for existing in examples):
                return DuplicateExample(example, name, intent)
    return None


def add_example(target: Path, intent: str, text: str, others: Sequence[Path] = (),
                entity: tuple[str, str] | None = None) -> str:
    """Add a message to `target` as an example of `intent`; returns the line added. `entity` (words of the
    message, an entity's name) marks those words as an example of that entity (annotate()).

    Refuses an example already present in `target` or in `others` (the other language files: the data
    rule is no example twice, within or across files). The file is replaced atomically, so a crash
    leaves the old or the new version, never half of one.
    """
    example = clean_example(text)
    source = target.read_text(encoding="utf-8")
    sources = {str(path): path.read_text(encoding="utf-8") for path in [target, *others] if path.exists()}
    duplicate = find_duplicate(example, sources)
    if duplicate is not None:
        raise duplicate
    if entity is not None:
        example = annotate(example, *entity)
    _write(target, insert_example(source, intent, example))
    return example


_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\}|\[[^\]]*\])")


def _comparable(example: str) -> str:
    """As Rasa compares examples: their text, entity markup read as the words it marks."""
    return " ".join(_ANNOTATION.sub(r"\1", example).split()).casefold()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _find_item(lines: list[str], intent: str) -> int | None:
    """The intent's last item (a file may split an intent in several; the new example goes last)."""
    found = None
    for index, line in enumerate(lines):
        match = _ITEM.match(line.rstrip("\r\n"))
        if match and match["name"] == intent:
            found = index
    return found


def _insert_in_item(lines: list[str], start: int, intent: str, example: str) -> str:
    item_indent = _indent(lines[start])
    key = None
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#") and _indent(lines[index]) <= item_indent:
            break  # the next item, or the next top-level key
        if _EXAMPLES.match(lines[index].rstrip("\r\n")):
            key = index
            break
    if key is None:
        raise ExampleRefused(f"intent {intent} has no `examples: |` block this tool can extend")
    key_indent = _indent(lines[key])
    content_indent = None
    last = key
    for index in range(key + 1, len(lines)):
        if not lines[index].strip():
            continue
        indent = _indent(lines[index])
        if indent <= key_indent or (content_indent is not None and indent < content_indent):
            break
        content_indent = indent if content_indent is None else content_indent
        last = index
    margin = " " * (content_indent if content_indent is not None else key_indent + 2)
    newline = "\r\n" if lines[last].endswith("\r\n") else "\n"
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    lines.insert(last + 1, f"{margin}- {example}{newline}")
    return "".join(lines)


def _append_item(source: str, lines: list[str], intent: str, example: str) -> str:
    """A new item for an intent the file has no example of yet, indented like the file's other items."""
    items = [_ITEM.match(line.rstrip("\r\n")) for line in lines]
    item_indent = next((match["indent"] for match in items if match), "")
    examples_indent = " " * (len(item_indent) + EXAMPLES_INDENT)
    ending = "" if not source or source.endswith("\n") else "\n"
    return (f"{source}{ending}\n{item_indent}- intent: {intent}\n{item_indent}  examples: |\n"
            f"{examples_indent}- {example}\n")


def _check(before: str, after: str, intent: str, example: str) -> None:
    """The edit must change exactly one thing for Rasa: one more example for that intent."""
    try:
        expected = examples_of(before)
        expected.setdefault(intent, []).append(example)
        found = examples_of(after)
    except yaml.YAMLError as error:
        raise ExampleRefused(f"the file would no longer parse as YAML: {error}") from error
    if found != expected:
        raise ExampleRefused("the edit would change the file's examples in more than one place; not written")


def _write(path: Path, text: str) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
