"""Who is at a web-chat page, decided once when the page asks for its token, never taken from what it sends later.

Three ways in, each allowed or not by the client's settings (`chat.webchat.identity`):
- anonymous: a fresh browser session; its conversation is also its requester, so such a user sees only the
  tickets opened from that session.
- verified: the client's site vouches for its signed-in user, as with Chatwoot's and Intercom's identity
  verification. It computes, server side, with the client's web-chat secret (`chat.webchat.hmac_secret`):

      user_hash = HMAC-SHA256(secret, f"{user_id}:{email}").hexdigest()   # UTF-8; email "" when it has none

  and passes user_id, email, name and user_hash to the page. A user id has no ":" (so the message reads one
  way only); the e-mail and id are used exactly as given (no case folding), and compared in constant time.
- oidc: the user signs in with the client's identity provider (bot/webchat/oidc.py).

A verified or signed-in person has a stable requester, `webchat:<client>:site:<user_id>` or
`webchat:<client>:oidc:<sub>`, with the e-mail (and the provider's `sub` as directory id) the actions use to find
the same person's tickets from any door. Each browser session still has its own conversation,
`webchat:<key>:<session>`: Rasa's dialogue (a half-filled form) belongs to one page, and two devices do not
interleave theirs; a page that reloads keeps its conversation when it presents its previous token for the same
person.
"""

import asyncio
import hashlib
import hmac
import uuid
from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bot.directory import Directory
from bot.errors import Refused, SecretMissing, TokenRefused
from bot.webchat import secret_store, tokens
from bot.webchat.outlet import CHANNEL
from bot.webchat.tokens import PageToken
from servicedesk.errors import ClientUnknown, InvalidSettings, NoSettingsLoaded
from servicedesk.settings.document import SecretRef, Webchat

USER_ID = r"^[A-Za-z0-9._@+\-]{1,128}$"  # no ":": "<user_id>:<email>" must split one way only
EMAIL = r"^[^@\s:]+@[^@\s:]+$"


class SiteUser(BaseModel):
    """What the client's site says of its signed-in user (the embed snippet), with its HMAC."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=USER_ID)
    email: str | None = Field(default=None, max_length=254, pattern=EMAIL)
    name: str | None = Field(default=None, max_length=200)
    hash: str = Field(pattern=r"^[0-9a-fA-F]{64}$")


def user_hash(secret: str, user_id: str, email: str | None) -> str:
    """What the client's site computes for its user, server side (README, "Web chat")."""
    return hmac.new(secret.encode(), f"{user_id}:{email or ''}".encode(), hashlib.sha256).hexdigest()


def conversation_of(key: str, session: uuid.UUID | str) -> str:
    return f"{CHANNEL}:{key}:{session}"


def new_conversation(key: str) -> str:
    """A browser session's conversation; its id is made here, never by the page."""
    return conversation_of(key, uuid.uuid4())


class Gate:
    """Issues page tokens to who may have one, and checks the ones pages send back."""

    def __init__(self, directory: Directory, *, token_secret: str, secrets_dir: Path) -> None:
        self.directory = directory
        self.token_secret = token_secret
        self.secrets_dir = secrets_dir

    async def client_of(self, key: str) -> str:
        try:
            return await asyncio.to_thread(self.directory.client_of, "webchat_key", key)
        except ClientUnknown:
            raise Refused("unknown_key", f"no client has the web-chat key {key!r}") from None

    async def settings(self, client: str) -> Webchat:
        """The client's web-chat settings in force (read at each use: a change is seen without a restart)."""
        def read() -> Webchat:
            with self.directory.sessions(client)() as session:
                return self.directory.desk(session).settings.chat.webchat

        try:
            return await asyncio.to_thread(read)
        except (NoSettingsLoaded, InvalidSettings) as error:
            raise Refused("not_configured", str(error)) from None

    def secret(self, ref: SecretRef, what: str) -> str:
        """A secret the settings point to; a polite 503 (and the reason in the log) when it is missing."""
        try:
            return secret_store.read(ref, directory=self.secrets_dir)
        except SecretMissing as error:
            raise Refused("not_configured", f"{what}: {error}") from None

    def check(self, bearer: str | None, *, key: str, session: uuid.UUID | str) -> PageToken:
        """The page token, if it is this door's, unexpired, and for exactly this key's conversation."""
        try:
            token = tokens.verify(bearer, self.token_secret)
        except TokenRefused as error:
            raise Refused("session_invalid", error.reason) from None
        if token.key != key or token.conversation != conversation_of(key, session):
            raise Refused("session_invalid", "a token of another conversation")
        return token

    def previous(self, bearer: str | None, key: str) -> PageToken | None:
        """The page's earlier token for this key, if still valid: what a reload may keep."""
        try:
            token = tokens.verify(bearer, self.token_secret)
        except TokenRefused:
            return None
        return token if token.key == key else None

    async def start(self, key: str, *, user: SiteUser | None, previous: str | None,
                    fresh: bool = False) -> PageToken:
        """A page token for this page, as the client allows: for the user its site vouches for; else for the
        person of the page's previous token (signed in, or anonymous); else for a new anonymous session.

        The conversation is kept from the previous token when it was the same person's, unless `fresh` (the
        page's "New conversation"). An anonymous session's lifetime slides with each reload; a signed-in
        person's ends when it was said to, and a verified one is carried on only when the site vouches again."""
        client = await self.client_of(key)
        allowed = await self.settings(client)
        earlier = self.previous(previous, key)
        if earlier is not None and (earlier.client != client or earlier.mode not in allowed.identity):
            earlier = None
        if user is not None:
            person = self._verified(key, client, allowed, user)
        elif earlier is not None and earlier.mode in ("anonymous", "oidc"):
            person = earlier
        elif "anonymous" in allowed.identity:
            person = None
        else:
            raise Refused("sign_in_required" if "oidc" in allowed.identity else "open_from_site",
                          f"{client} does not allow anonymous chat")
        if person is None or (person.mode == "anonymous" and fresh):
            conversation = new_conversation(key)
            return PageToken(key=key, client=client, conversation=conversation, requester=conversation,
                             mode="anonymous", expires=tokens.expiry("anonymous"))
        if person.mode == "anonymous":
            return replace(person, expires=tokens.expiry("anonymous"))
        same = earlier is not None and earlier.requester == person.requester and not fresh
        return replace(person, conversation=earlier.conversation if same and earlier else new_conversation(key))

    def _verified(self, key: str, client: str, allowed: Webchat, user: SiteUser) -> PageToken:
        """The person the site vouches for, if its hash is right (compared in constant time)."""
        if "verified" not in allowed.identity or allowed.hmac_secret is None:
            raise Refused("identity_refused", f"{client} does not take verified users")
        expected = user_hash(self.secret(allowed.hmac_secret, "chat.webchat.hmac_secret"), user.id, user.email)
        if not hmac.compare_digest(expected, user.hash.lower()):
            raise Refused("identity_refused", f"wrong user_hash for {user.id!r}")
        return PageToken(key=key, client=client, conversation="", requester=f"{CHANNEL}:{client}:site:{user.id}",
                         mode="verified", expires=tokens.expiry("verified"), email=user.email, name=user.name)

    def signed_in(self, key: str, client: str, *, sub: str, email: str | None, name: str | None) -> PageToken:
        """The page token of a user the client's identity provider has just vouched for: a new session."""
        return PageToken(key=key, client=client, conversation=new_conversation(key),
                         requester=f"{CHANNEL}:{client}:oidc:{sub}", mode="oidc", expires=tokens.expiry("oidc"),
                         email=email, directory_id=sub, name=name)

    def issue(self, token: PageToken) -> str:
        return tokens.issue(token, self.token_secret)
