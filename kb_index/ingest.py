"""Reading a client's knowledge-base folder into Documents: Markdown, plain text, HTML, PDF and YAML.

Every format ends as Markdown-like text so that one chunker serves all of them. Metadata comes from,
in order: YAML front matter (any text format), the format's own (HTML `<title>` and `lang`, PDF info),
"Key: value" lines at the top of a page ("Link: https://…", "Language: English"), then defaults: the
document id is the file name without its extension, the title is the first heading or else the file
name, the kind is "article" and the language is detected.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from kb_index import language
from kb_index.chunking import sections
from kb_index.documents import Document
from kb_index.errors import InvalidDocument, UnsupportedSource

TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | {".pdf", ".yml", ".yaml"}
NOT_ARTICLES = re.compile(r"(readme|license|licence|changelog)(\..*)?", re.IGNORECASE)  # about the folder
_HEADER_FIELD = re.compile(
    r"\b(kind|type|language|langue|link|lien|url)\s*:\s*(https?://\S+|[\w-]+)", re.IGNORECASE
)
_YAML_FIELDS = {  # field of a YAML known error -> other names authors use for it
    "symptom": ("symptoms", "symptome", "symptôme"),
    "error": ("error_message", "message", "code", "error_code"),
    "cause": ("root_cause",),
    "workaround": ("contournement",),
    "fix": ("solution", "resolution", "correctif"),
}
_BLOCKS = ["p", "div", "br", "tr", "pre", "table", "ul", "ol", "section", "article", "blockquote", "dt", "dd"]
_KNOWN_ERROR_SECTIONS = {  # YAML known errors become Markdown with these headings
    "fr": {"symptom": "Symptôme", "error": "Message d'erreur", "cause": "Cause",
           "workaround": "Contournement", "fix": "Correctif"},
    "en": {"symptom": "Symptom", "error": "Error message", "cause": "Cause",
           "workaround": "Workaround", "fix": "Fix"},
}


def load_directory(folder: Path) -> list[Document]:
    """Every readable document under the folder (recursively), sorted by id.

    Hidden files, names starting with "_" and a folder's README/LICENSE/CHANGELOG are not articles.
    """
    documents: dict[str, Document] = {}
    for path in sorted(Path(folder).rglob("*")):
        relative = path.relative_to(folder)
        if (not path.is_file() or path.suffix.lower() not in SUFFIXES or NOT_ARTICLES.fullmatch(path.name)
                or any(part.startswith((".", "_")) for part in relative.parts)):
            continue
        for document in load_file(path):
            if document.doc_id in documents:
                raise UnsupportedSource(str(path), f"document id {document.doc_id!r} is used twice")
            documents[document.doc_id] = document
    return [documents[doc_id] for doc_id in sorted(documents)]


def services_of(path: Path) -> tuple[str, ...]:
    """The services a text file's front matter says it covers (`services: [VPN, Citrix]`), or none: a Document
    does not carry them (the index searches every service), but an editor adopting the file keeps them."""
    try:
        post = frontmatter.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
        return ()
    services = post.metadata.get("services")
    if isinstance(services, str):
        services = [services]
    if not isinstance(services, list):
        return ()
    return tuple(name for name in (str(item).strip() for item in services) if name)


def load_file(path: Path) -> list[Document]:
    """The documents in one file (a YAML file may hold a list of known errors); raises UnsupportedSource."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".yml", ".yaml"):
            return list(_from_yaml(path))
        if suffix == ".pdf":
            return [_from_pdf(path)]
        if suffix in TEXT_SUFFIXES:
            return [_from_text(path)]
    except (UnicodeDecodeError, yaml.YAMLError, InvalidDocument, ValueError) as error:
        raise UnsupportedSource(str(path), str(error)) from error
    raise UnsupportedSource(str(path), f"unsupported format {suffix or '(no extension)'}")


def _from_text(path: Path) -> Document:
    post = frontmatter.loads(path.read_text(encoding="utf-8-sig"))
    meta: dict[str, Any] = dict(post.metadata)
    body = post.content
    if path.suffix.lower() in (".html", ".htm"):
        body, html_meta = html_to_markdown(body)
        meta = {**html_meta, **meta}
    elif path.suffix.lower() == ".txt" and "title" not in meta:
        body = _first_line_as_heading(body)
    return _document(path, meta, body)


def _from_pdf(path: Path) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
        info: dict[str, Any] = reader.metadata or {}
    except (PdfReadError, OSError) as error:
        raise UnsupportedSource(str(path), f"unreadable PDF: {error}") from error
    meta = {"title": info.get("/Title")} if info.get("/Title") else {}
    return _document(path, meta, "\n\n".join(pages))


def _from_yaml(path: Path) -> Iterator[Document]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items):
        if not isinstance(item, dict):
            raise UnsupportedSource(str(path), f"item {number}: a mapping of fields is expected")
        doc_id = str(item.get("id") or (path.stem if len(items) == 1 else ""))
        if not doc_id:
            raise UnsupportedSource(str(path), f"item {number}: a file with several items needs an `id` on each")
        yield _document(path, {**item, "id": doc_id, "kind": item.get("kind", "known_error")}, _yaml_body(item))


def _yaml_body(item: dict[str, Any]) -> str:
    """A known error's fields as Markdown sections, in the language of the item (or of its text)."""
    text = str(item.get("text") or item.get("description") or "").strip()
    fields = {}
    for key, aliases in _YAML_FIELDS.items():
        value = next((item[name] for name in (key, *aliases) if item.get(name)), None)
        if value is not None:
            fields[key] = str(value).strip()
    lang = language.normalise(item.get("language")) or language.detect(" ".join([text, *fields.values()]))
    parts = [text] if text else []
    parts += [f"## {_KNOWN_ERROR_SECTIONS[lang][key]}\n{value}" for key, value in fields.items()]
    return "\n\n".join(parts)


def _document(path: Path, meta: dict[str, Any], body: str) -> Document:
    header = _header_fields(body)
    title = str(meta.get("title") or _first_heading(body) or meta.get("id") or path.stem).strip()
    lang = language.normalise(meta.get("language") or meta.get("lang") or header.get("language"))
    kind = str(meta.get("kind") or meta.get("type") or header.get("kind") or "article").strip().lower()
    return Document(
        doc_id=str(meta.get("id") or path.stem),
        kind=kind.replace("-", "_").replace(" ", "_"),
        language=lang or language.detect(f"{title}\n{body}"),
        title=title,
        text=body.strip(),
        source=str(path),
        link=str(meta.get("link") or meta.get("url") or header.get("link") or ""),
    )


def _header_fields(body: str) -> dict[str, str]:
    """`Kind: article. Language: English. Link: https://…` in the first lines of a page without front matter."""
    found: dict[str, str] = {}
    names = {"type": "kind", "langue": "language", "lien": "link", "url": "link"}
    for match in _HEADER_FIELD.finditer("\n".join(body.splitlines()[:12])):
        name = names.get(match.group(1).lower(), match.group(1).lower())
        found.setdefault(name, match.group(2).rstrip(".,;"))
    return found


def _first_heading(body: str) -> str | None:
    for section in sections(body):
        if section.path:
            return section.path[0]
    return None


def _first_line_as_heading(body: str) -> str:
    """A plain-text article's first line, when short and followed by a blank line, is its title."""
    lines = body.strip().splitlines()
    if len(lines) >= 2 and 0 < len(lines[0].strip()) <= 150 and not lines[1].strip() and not lines[0].startswith("#"):
        return f"# {lines[0].strip()}\n" + "\n".join(lines[1:])
    return body


def html_to_markdown(html: str) -> tuple[str, dict[str, str]]:
    """The page's text with its headings as `#` lines, list items as `- `, and its title and language."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, str] = {}
    if soup.title and soup.title.get_text(strip=True):
        meta["title"] = soup.title.get_text(" ", strip=True)
    root = soup.find("html")
    if root is not None and root.get("lang"):
        meta["language"] = str(root.get("lang"))
    canonical = soup.find("link", rel="canonical")
    if canonical is not None and canonical.get("href"):
        meta["link"] = str(canonical.get("href"))
    for element in soup(["script", "style", "noscript", "nav", "header", "footer", "head", "template"]):
        element.decompose()
    for level in range(1, 7):
        for heading in soup.find_all(f"h{level}"):
            heading.replace_with(f"\n\n{'#' * level} {heading.get_text(' ', strip=True)}\n\n")
    for item in soup.find_all("li"):
        item.insert_before("\n- ")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in soup.get_text().splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, meta
