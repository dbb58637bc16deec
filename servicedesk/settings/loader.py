"""Reading client settings files: data/clients/<slug>/settings.yml, one per client.

A file is read once, as bytes: the same bytes are hashed into the settings' version (so that what the desk
decided can name the rules it applied) and parsed. Whatever is wrong becomes one InvalidSettings that names
the file and lists every problem with its field path, e.g. `agreements["SLA Démo"].targets[2].ttr: ...`.
YAML is read safely, and a key written twice is refused rather than letting the last one silently win.
"""

import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from servicedesk.errors import InvalidSettings
from servicedesk.settings.document import ClientSettings

CLIENTS_ROOT = Path(__file__).resolve().parents[2] / "data" / "clients"
SETTINGS_FILE = "settings.yml"

_MESSAGES = {"extra_forbidden": "unknown field (misspelt?)", "missing": "required field missing"}
_SCALARS = (str, int, float, bool)


def version_of(text: str | bytes) -> str:
    """The first 16 hex digits of the SHA-256 of the file's bytes (text is hashed as UTF-8)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:16]


def load_file(path: Path | str) -> ClientSettings:
    """One client's settings; InvalidSettings when the file is not a valid document (OSError when unreadable)."""
    return load_text(Path(path).read_bytes(), source=str(path))


def load_text(text: str | bytes, *, source: str = "<settings>") -> ClientSettings:
    """Settings from a document's text; `source` names it in errors."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        raw = yaml.load(data.decode("utf-8"), Loader=_StrictLoader)  # a SafeLoader: safe_load semantics
    except UnicodeDecodeError as error:
        raise InvalidSettings(source, [f"not UTF-8 text: {error}"]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise InvalidSettings(source, [f"not valid YAML: {where}{error.problem}"]) from None
    except yaml.YAMLError as error:
        raise InvalidSettings(source, [f"not valid YAML: {error}"]) from None
    if not isinstance(raw, dict):
        raise InvalidSettings(source, ["the document is a mapping: client, services, groups, calendars, ..."])
    try:
        return ClientSettings.model_validate(raw, context={"version": version_of(data)})
    except ValidationError as error:
        raise InvalidSettings(source, _problems(error, raw)) from None


def load_all(root: Path | str = CLIENTS_ROOT) -> dict[str, ClientSettings]:
    """Every <root>/<slug>/settings.yml, keyed by slug; a file must declare the slug of its folder."""
    settings: dict[str, ClientSettings] = {}
    for path in sorted(Path(root).glob(f"*/{SETTINGS_FILE}")):
        loaded = load_file(path)
        if loaded.client.slug != path.parent.name:
            raise InvalidSettings(str(path), [f"client.slug: {loaded.client.slug!r} in the folder of "
                                              f"{path.parent.name!r}; they must be the same"])
        settings[loaded.client.slug] = loaded
    return settings


def _problems(error: ValidationError, raw: Any) -> list[str]:
    problems = []
    errors = error.errors(include_url=False)
    for item in errors:
        if item["type"] == "too_short" and any(other["loc"][:len(item["loc"])] == item["loc"] != other["loc"]
                                               for other in errors):
            continue  # a list whose every item was refused: those errors say it better
        message = _MESSAGES.get(item["type"], item["msg"]).removeprefix("Value error, ")
        if item["type"] not in _MESSAGES and item["type"] != "value_error" and isinstance(item["input"], _SCALARS):
            message += f", got {item['input']!r}"
        path = _path(item["loc"], raw)
        # Checks across sections report several lines at once, each already starting with its own path.
        problems += [f"{path}: {line}" if path else line for line in message.splitlines()]
    return problems


def _path(loc: tuple[int | str, ...], raw: Any) -> str:
    """agreements["SLA Démo"].targets[2].ttr: items of a list are named by their name or code when they have one."""
    text, node = "", raw
    for part in loc:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            label = (node.get("name") or node.get("code")) if isinstance(node, dict) else None
            text += f'["{label}"]' if isinstance(label, str) else f"[{part}]"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            text += f".{part}" if text else str(part)
    return text


class _StrictLoader(yaml.SafeLoader):
    """yaml.safe_load, except that a key written twice in one mapping is an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # "<<: *anchor" may be overridden key by key
                continue
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, _SCALARS):  # other keys are unhashable: the base class refuses them
                if key in seen:
                    raise yaml.constructor.ConstructorError("while reading a mapping", node.start_mark,
                                                            f"key {key!r} appears twice", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep)
