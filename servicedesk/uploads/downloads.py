"""How a stored file is handed to an agent, the same from the console and the REST API: always as a download.

A file a requester sent is theirs to describe, not ours to trust. It goes out with Content-Disposition:
attachment and its safe name (an ASCII fallback and the UTF-8 name, RFC 6266, neither able to end the header),
as the type its content showed when that is one of the kinds the desk takes (an image, a PDF, plain text, an
archive) and as bytes otherwise, never as HTML; with nosniff, so that no browser guesses another type, and a
sandboxing policy, so that nothing in it runs with the console's rights. Plain strings: each adapter sets them.
"""

from urllib.parse import quote

from servicedesk.tickets.models import Attachment
from servicedesk.uploads.checks import content_type, safe_name

_SAFE = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "application/pdf",
                   "text/plain; charset=utf-8", "application/zip", "application/gzip"})


def media_type(attachment: Attachment) -> str:
    return attachment.content_type if attachment.content_type in _SAFE else content_type(None)


def disposition(name: str) -> str:
    safe = safe_name(name)
    fallback = "".join(c if c.isascii() and c not in '"\\' else "_" for c in safe)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(safe, safe='')}"


def headers(attachment: Attachment) -> dict[str, str]:
    return {"Content-Disposition": disposition(attachment.name), "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'", "Cache-Control": "private, no-store"}
