"""What a file must be to be kept on a ticket: not empty, not too large, and of a kind the desk reads — a
screenshot, a PDF, a text log, a Windows event log, a zip or gzip of logs — judged by its content (puremagic's
signatures, and a text test), never by its name alone. The name's extension must agree with the content: a
program renamed "capture.png" is refused as what it is, and so is a text file named "setup.exe".

Pure: bytes and a name in, the checked file out or FileRefused, so that every rule is unit-tested without a
store. The file's name is made safe here too (no folders, no control characters, a bounded length): stored files
are keyed by random names (store.py), the user's name is only what the agent's download is called.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import puremagic

from servicedesk.errors import FileRefused

MAX_BYTES = 10 * 1024 * 1024  # one file: a screenshot or a log export; larger ones are zipped, or not logs
MAX_FILES = 10  # one upload
MAX_NAME = 120


@dataclass(frozen=True)
class Kind:
    content_type: str  # what the agent's download is served as
    extensions: tuple[str, ...]  # the names it may have; the first is added to a name that has none


_KINDS: dict[str, Kind] = {
    "png": Kind("image/png", (".png",)),
    "jpeg": Kind("image/jpeg", (".jpg", ".jpeg", ".jfif", ".jpe")),
    "gif": Kind("image/gif", (".gif",)),
    "webp": Kind("image/webp", (".webp",)),
    "bmp": Kind("image/bmp", (".bmp",)),
    "pdf": Kind("application/pdf", (".pdf",)),
    "zip": Kind("application/zip", (".zip",)),
    "gzip": Kind("application/gzip", (".gz", ".tgz")),
    "evtx": Kind("application/octet-stream", (".evtx",)),
    "text": Kind("text/plain; charset=utf-8", (".txt", ".log", ".csv", ".json", ".xml", ".ini", ".cfg", ".conf",
                                              ".out", ".err", ".trace", ".md", ".yaml", ".yml")),
}
_BY_SIGNATURE = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".jfif": "jpeg", ".jpe": "jpeg", ".gif": "gif",
                 ".webp": "webp", ".bmp": "bmp", ".pdf": "pdf", ".zip": "zip", ".gz": "gzip", ".evtx": "evtx"}
# Programs of the platforms users run: refused whatever they are called (PE, ELF, Mach-O, a Java class).
_EXECUTABLE = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",
               b"\xca\xfe\xba\xbe")


@dataclass(frozen=True)
class CheckedFile:
    name: str  # safe, with an extension that matches its content
    kind: str  # a key of _KINDS
    content_type: str
    size: int


def safe_name(name: str | None) -> str:
    """The last part of a name, without what a file system or a header would read as more than a name."""
    text = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(c for c in text if c.isprintable() and c not in '<>:"|?*;').strip().lstrip(".").strip()
    if not text:
        return "file"
    stem, dot, extension = text.rpartition(".")
    if not dot or len(extension) > 10:
        return text[:MAX_NAME]
    return f"{stem[:MAX_NAME - len(extension) - 1]}.{extension}"


def _is_text(data: bytes) -> bool:
    """Logs: UTF-8 (or UTF-16 with its BOM, as Windows tools write them), without the NULs of a binary file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError:
            return False
        return True
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff(data: bytes) -> str | None:
    """The kind of the content, None for one the desk does not take."""
    if data.startswith(_EXECUTABLE):
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16's BOM, which some signatures read as their own
        return "text" if _is_text(data) else None
    try:
        matches = puremagic.magic_string(data[:8192] if len(data) > 8192 else data)
    except (puremagic.PureError, ValueError):
        matches = []
    if any("executable" in (match.mime_type or "") for match in matches[:3]):
        return None
    for match in matches:
        kind = _BY_SIGNATURE.get((match.extension or "").lower())
        if kind is not None:
            return kind
    return "text" if not matches and _is_text(data) else None


def check(name: str | None, data: bytes, *, max_bytes: int = MAX_BYTES) -> CheckedFile:
    """The file as it will be kept, or FileRefused naming the rule it broke."""
    clean = safe_name(name)
    if not data:
        raise FileRefused("empty", name=clean)
    if len(data) > max_bytes:
        raise FileRefused("too_large", name=clean, size=len(data), max=max_bytes)
    if data.startswith(_EXECUTABLE):
        raise FileRefused("executable", name=clean)
    kind = sniff(data)
    if kind is None:
        raise FileRefused("forbidden_type", name=clean)
    allowed = _KINDS[kind].extensions
    _, dot, extension = clean.rpartition(".")
    if not dot:
        clean = f"{clean}{allowed[0]}"
    elif f".{extension.lower()}" not in allowed:
        raise FileRefused("forbidden_type", name=clean)
    return CheckedFile(name=clean, kind=kind, content_type=_KINDS[kind].content_type, size=len(data))


def content_type(kind: str | None) -> str:
    """What a stored file is served as: its kind's type, else bytes to save (never something a browser runs)."""
    found = _KINDS.get(kind or "")
    return found.content_type if found is not None else "application/octet-stream"
