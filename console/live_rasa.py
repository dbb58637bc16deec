"""The console's few words with the live Rasa server, over its HTTP API (private, with its token): the test chat's
messages through the REST webhook, signed as a door signs them, the tracker that says what the model made of them,
and PUT /model when an editor switches a retrained model live. The transport is the test seam (a stand-in Rasa)."""

from typing import Any
from urllib.parse import quote

import httpx

from servicedesk.identity import claims as door_claims

TIMEOUT = 60.0  # a turn runs the actions (a KB search, a ticket); loading a model takes up to a minute
LOAD_TIMEOUT = 300.0


class RasaUnreachable(Exception):
    """The Rasa server did not answer, or answered with an error; the page says so instead of failing."""


class LiveRasa:
    def __init__(self, url: str, *, token: str | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self._http = httpx.Client(base_url=url.rstrip("/"), params={"token": token} if token else None,
                                  timeout=TIMEOUT, transport=transport)

    def __enter__(self) -> "LiveRasa":
        return self

    def __exit__(self, *_: object) -> None:
        self._http.close()

    def send(self, *, conversation: str, text: str, claims: door_claims.DoorClaims, secret: str) -> list[Any]:
        """One user message, with the door's signed claims: the actions read the client and requester from them."""
        metadata = {door_claims.METADATA_KEY: door_claims.sign(claims, secret)}
        answer = self._call("POST", "/webhooks/rest/webhook",
                            {"sender": conversation, "message": text, "input_channel": claims.channel,
                             "metadata": metadata})
        return answer if isinstance(answer, list) else []

    def set_slot(self, conversation: str, name: str, value: Any) -> None:
        self._call("POST", f"/conversations/{_quote(conversation)}/tracker/events",
                   [{"event": "slot", "name": name, "value": value}])

    def tracker(self, conversation: str) -> dict[str, Any]:
        answer = self._call("GET", f"/conversations/{_quote(conversation)}/tracker", None)
        return answer if isinstance(answer, dict) else {}

    def load(self, model_file: str) -> None:
        """Rasa's hot reload: the server swaps its agent, conversations stay in their stores."""
        self._call("PUT", "/model", {"model_file": model_file}, timeout=LOAD_TIMEOUT)

    def serving(self) -> str | None:
        status = self._call("GET", "/status", None)
        return status.get("model_file") if isinstance(status, dict) else None

    def _call(self, method: str, path: str, body: Any, timeout: float = TIMEOUT) -> Any:
        try:
            response = self._http.request(method, path, json=body, timeout=timeout)
            response.raise_for_status()
            return response.json() if response.content else None
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnreachable(f"{method} {path}: {error}") from error


def _quote(conversation: str) -> str:
    """As bot/rasa_client.py: Rasa's router does not unquote path parameters, so ':' stays as it is."""
    return quote(conversation, safe=":@;=,!$&'()*+~")
