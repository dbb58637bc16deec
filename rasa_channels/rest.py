"""Rasa's one input channel, at /webhooks/rest/webhook: the doors' messages, signed, and a development door.

The doors (bot/) post every user message here with the claims they sign (servicedesk.identity.claims): the
message is taken only when the signature is valid, fresh and for this very conversation, and then it keeps
the claims for the actions and its channel is the one the claims name. Anything else is Rasa's development
REST door (the terminal chat, curl, the tests), which:
- belongs to the client bound to it (the actions look the binding up), with the conversation as requester;
- can never name a client or a requester: metadata sent to it is dropped, and it refuses any conversation key
  a door makes ("slack:…", "webchat:…"), so that it can't write into a real user's conversation;
- is closed when RELAIS_REST_DOOR=off (production), leaving only the doors' signed messages.
Every text has its secrets masked before Rasa keeps it (servicedesk.privacy.secrets).
"""

import logging
import os
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic.exceptions import SanicException
from sanic.request import Request

from rasa_channels import action_replies
from servicedesk.identity import claims as door_claims
from servicedesk.identity.doors import is_door_conversation, rest_door_open

logger = logging.getLogger(__name__)

CLOSED = ("Ce point d'accès de développement est fermé. / This development endpoint is closed.")
NOT_YOURS = ("Cette conversation appartient à un autre canal. / This conversation belongs to another channel.")
REFUSED = ("Message refusé : son origine n'a pas pu être vérifiée. / Message refused: its origin could not be "
           "verified.")


def _mask(text: str | None) -> str | None:
    if not text:
        return text
    from servicedesk.privacy.secrets import mask_secrets  # detect-secrets loads its plugins once, on first use

    return mask_secrets(text).text


class RelaisRestInput(RestInput):
    """Rasa's REST channel, with the doors' signed claims checked and the development door bounded."""

    def __init__(self, door_secret: str | None = None, rest_door: bool | None = None) -> None:
        self.door_secret = door_secret if door_secret is not None else os.environ.get("RELAIS_DOOR_SECRET", "")
        if rest_door is None:
            rest_door = rest_door_open(os.environ.get("RELAIS_REST_DOOR"))
        self.rest_door = rest_door

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> "RelaisRestInput":
        # Rasa builds its channels once, at start: the place for a server-wide setting (action_replies.py).
        action_replies.install()
        return cls()

    async def _extract_sender(self, req: Request) -> str | None:
        """Decides, once per request, whose message this is; the other extractors read the decision."""
        body = req.json if isinstance(req.json, dict) else {}
        sender = body.get("sender")
        if not isinstance(sender, str) or not sender:
            raise SanicException("a message needs a sender", status_code=400)
        metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
        token = metadata.get(door_claims.METADATA_KEY) if metadata else None
        req.ctx.relais_claims = None
        if token is not None:
            try:
                req.ctx.relais_claims = door_claims.verify(token, self.door_secret, conversation=sender)
            except door_claims.ClaimsRefused as error:
                logger.warning("refused a message for %r: %s", sender, error.reason)
                raise SanicException(REFUSED, status_code=401) from None
            req.ctx.relais_token = token
            return sender
        if not self.rest_door:
            raise SanicException(CLOSED, status_code=403)
        if is_door_conversation(sender):
            logger.warning("refused an unsigned message for a door's conversation %r", sender)
            raise SanicException(NOT_YOURS, status_code=403)
        return sender

    def _extract_message(self, req: Request) -> str | None:
        return _mask(super()._extract_message(req))

    def _extract_input_channel(self, req: Request) -> str:
        found = getattr(req.ctx, "relais_claims", None)
        return found.channel if found is not None else self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        if getattr(request.ctx, "relais_claims", None) is None:
            return None  # the development door names nobody
        kept = {door_claims.METADATA_KEY: request.ctx.relais_token}
        body = request.json if isinstance(request.json, dict) else {}
        reference = (body.get("metadata") or {}).get(door_claims.MESSAGE_KEY)
        if isinstance(reference, int) and not isinstance(reference, bool):  # the doors' journal id, on the event
            kept[door_claims.MESSAGE_KEY] = reference
        return kept
