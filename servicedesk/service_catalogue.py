"""A client's service catalogue (from its settings): the services users report problems with, and the
words they use for them.

Recognising the service from the user's own words spares them a question; when nothing matches,
the dialogue asks and keeps their answer as given.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from servicedesk.settings.document import ClientSettings


@dataclass(frozen=True)
class Service:
    name: str
    aliases: tuple[str, ...]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def catalogue_from_settings(settings: "ClientSettings") -> tuple[Service, ...]:
    """The services of a client's settings, ready for matching."""
    return tuple(Service(entry.name, tuple(_fold(a) for a in entry.aliases)) for entry in settings.services)


def match_service(text: str, catalogue: tuple[Service, ...]) -> str | None:
    """The catalogue name of the service the text mentions first; None when it names none."""
    folded = _fold(text)
    best: tuple[int, int, str] | None = None
    for service in catalogue:
        for alias in (service.name.lower(), *service.aliases):
            found = re.search(rf"(?<!\w){re.escape(_fold(alias))}[sx]?(?!\w)", folded)  # "les copieurs"
            if found and (best is None or (found.start(), -len(alias)) < best[:2]):
                best = (found.start(), -len(alias), service.name)
    return best[2] if best else None
