"""The diagnostic scripts the upload page offers: diagnostics/diagnose.sh (macOS, Linux) and diagnose.ps1
(Windows), each served with its link, ticket number and the application the user named written in.

They run on the user's machine, never here: the server only fills three values in. The link is URL-safe base64
and dots (links.sign), the number a ticket number and the application name reduced to letters, digits, spaces
and ". + - _" (page.application), so none can close the quotes it is written in.
"""

from pathlib import Path

PLATFORMS = {"sh": "diagnose.sh", "ps1": "diagnose.ps1"}
_FOLDER = Path(__file__).parent / "diagnostics"


def render(platform: str, *, link: str, number: str, app: str) -> str:
    text = (_FOLDER / PLATFORMS[platform]).read_text(encoding="utf-8")
    return text.replace("__RELAIS_LINK__", link).replace("__RELAIS_TICKET__", number).replace("__RELAIS_APP__", app)
