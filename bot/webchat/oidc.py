"""Signing in to the web chat with the client's identity provider: OpenID Connect's authorization code flow,
with PKCE, state and nonce, by Authlib (its httpx client builds the request and exchanges the code; its
`CodeIDToken` and joserfc check the id_token).

    GET /webchat/login?key=acme   -> 303 to the provider; the state, nonce and PKCE verifier in a signed,
                                     HttpOnly cookie for ten minutes (path /webchat/callback)
    GET /webchat/callback         -> the code exchanged for tokens at the provider's token endpoint; the id_token
                                     checked: signature by the provider's JWKS, issuer, audience (and azp),
                                     expiry, nonce, at_hash; then a page token for the user's `sub`

The provider's discovery document and keys are fetched when first needed and kept for an hour; a key id that
is not in the kept set makes one fresh fetch (the provider rotated its keys). The e-mail is taken from the
id_token or, when the provider keeps it for the userinfo endpoint, from there (same `sub` required); an
address the provider says is unverified is not used to recognise anyone.
"""

import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oidc.core import CodeIDToken
from itsdangerous import BadSignature, URLSafeTimedSerializer
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet, KeySetSerialization
from joserfc.jws import JWSRegistry

from bot.errors import SignInFailed

CACHE_SECONDS = 3600  # how long a provider's discovery document and keys are kept
PENDING_SECONDS = 600  # how long a user has to sign in at the provider
LEEWAY = 60  # seconds of clock difference tolerated on exp / iat
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
_PENDING_SALT = "relais.webchat-oidc.v1"


@dataclass(frozen=True)
class Provider:
    """How to reach one client's identity provider (from its settings and secrets)."""

    issuer: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class Pending:
    """A sign-in under way: kept in the browser, signed, until the provider sends the user back."""

    key: str
    state: str
    nonce: str
    verifier: str


@dataclass(frozen=True)
class SignedIn:
    sub: str
    email: str | None
    name: str | None


def verify_id_token(id_token: str, *, jwks: Mapping[str, Any], issuer: str, client_id: str, nonce: str,
                    access_token: str | None = None, algorithms: tuple[str, ...] = ALGORITHMS,
                    now: float | None = None) -> dict[str, Any]:
    """The claims of `id_token` if the provider signed it (a key of `jwks`) for this client and this sign-in:
    issuer, audience, azp, expiry, nonce and at_hash checked. Raises SignInFailed otherwise; InvalidKeyIdError
    when no key of `jwks` has its key id (the caller fetches the keys again once)."""
    try:
        # The provider's JSON document, read as the JWK set it should be (RFC 7517: {"keys": [...]}).
        key_set = KeySet.import_key_set(cast(KeySetSerialization, dict(jwks)))
        token = jwt.decode(id_token, key_set,
                           registry=JWSRegistry(algorithms=list(algorithms), strict_check_header=False))
    except InvalidKeyIdError:
        raise
    except (JoseError, ValueError) as error:
        raise SignInFailed(f"id_token refused: {error}") from None
    options = {"iss": {"essential": True, "value": issuer}, "aud": {"essential": True, "value": client_id}}
    claims = CodeIDToken(token.claims, token.header, options,
                         {"nonce": nonce, "client_id": client_id, "access_token": access_token})
    try:
        claims.validate(now=int(time.time() if now is None else now), leeway=LEEWAY)
    except JoseError as error:
        raise SignInFailed(f"id_token refused: {error}") from None
    if "nonce" not in claims:
        raise SignInFailed("id_token refused: no nonce")
    return dict(claims)


class SignIn:
    """The relying party of every client's identity provider; one per doors' process."""

    def __init__(self, secret: str, *, timeout: float = 10.0) -> None:
        self._pending = URLSafeTimedSerializer(secret, salt=_PENDING_SALT) if secret else None
        self._timeout = timeout
        self._metadata: dict[str, tuple[float, dict[str, Any]]] = {}
        self._keys: dict[str, tuple[float, dict[str, Any]]] = {}

    async def begin(self, provider: Provider, key: str, redirect_uri: str) -> tuple[str, str]:
        """(the provider's authorization URL to send the browser to, the signed cookie of the sign-in)."""
        metadata = await self.metadata(provider.issuer)
        pending = Pending(key=key, state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
                          verifier=secrets.token_urlsafe(64))
        async with self._client(provider, redirect_uri) as client:
            url, _ = client.create_authorization_url(metadata["authorization_endpoint"], state=pending.state,
                                                     nonce=pending.nonce, code_verifier=pending.verifier)
        return url, self._signer().dumps([pending.key, pending.state, pending.nonce, pending.verifier])

    def pending(self, cookie: str | None) -> Pending:
        """The sign-in this browser started (its cookie), if this door signed it less than ten minutes ago."""
        if not cookie:
            raise SignInFailed("no sign-in under way in this browser (cookie missing)")
        try:
            key, state, nonce, verifier = self._signer().loads(cookie, max_age=PENDING_SECONDS)
        except (BadSignature, ValueError, TypeError):
            raise SignInFailed("the sign-in cookie is forged, stale or malformed") from None
        return Pending(key=key, state=state, nonce=nonce, verifier=verifier)

    async def finish(self, provider: Provider, pending: Pending, redirect_uri: str, *,
                     params: Mapping[str, str]) -> SignedIn:
        """Check what the provider sent the browser back with, exchange the code, check the id_token."""
        if params.get("error"):
            raise SignInFailed(f"the provider refused: {params.get('error')} {params.get('error_description', '')}")
        if not secrets.compare_digest(params.get("state", ""), pending.state):
            raise SignInFailed("state does not match the sign-in under way")
        if params.get("iss") and params["iss"] != provider.issuer:  # RFC 9207: a mix-up of providers
            raise SignInFailed(f"the response names issuer {params['iss']!r}")
        if not params.get("code"):
            raise SignInFailed("no authorization code")
        metadata = await self.metadata(provider.issuer)
        async with self._client(provider, redirect_uri) as client:
            try:
                tokens = await client.fetch_token(metadata["token_endpoint"], grant_type="authorization_code",
                                                  code=params["code"], code_verifier=pending.verifier)
            except Exception as error:  # noqa: BLE001 - Authlib's OAuthError, or the network: the same refusal
                raise SignInFailed(f"the code exchange failed: {error}") from None
            if "id_token" not in tokens:
                raise SignInFailed("the provider sent no id_token (is 'openid' among the scopes?)")
            claims = await self._checked(provider, metadata, tokens["id_token"], pending.nonce,
                                         tokens.get("access_token"))
            if (not claims.get("email") or not claims.get("name")) and metadata.get("userinfo_endpoint"):
                claims = {**await self._userinfo(client, metadata["userinfo_endpoint"], claims["sub"]), **claims}
        email = claims.get("email") if claims.get("email_verified", True) is not False else None
        sub = str(claims["sub"])
        if not 0 < len(sub) <= 128:
            raise SignInFailed("a sub longer than 128 characters")
        return SignedIn(sub=sub, email=str(email) if email else None,
                        name=str(claims["name"]) if claims.get("name") else None)

    async def metadata(self, issuer: str) -> dict[str, Any]:
        """The provider's discovery document, whose issuer must be exactly the one configured."""
        kept = self._metadata.get(issuer)
        if kept is not None and time.monotonic() - kept[0] < CACHE_SECONDS:
            return kept[1]
        document = await self._get(issuer.rstrip("/") + "/.well-known/openid-configuration")
        if document.get("issuer") != issuer:
            raise SignInFailed(f"the discovery document names issuer {document.get('issuer')!r}, not {issuer!r}")
        for needed in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not document.get(needed):
                raise SignInFailed(f"the discovery document has no {needed}")
        self._metadata[issuer] = (time.monotonic(), document)
        return document

    async def _checked(self, provider: Provider, metadata: Mapping[str, Any], id_token: str, nonce: str,
                       access_token: str | None) -> dict[str, Any]:
        offered = tuple(metadata.get("id_token_signing_alg_values_supported") or ("RS256",))
        algorithms = tuple(a for a in offered if a in ALGORITHMS) or ("RS256",)
        for fresh in (False, True):
            jwks = await self._jwks(metadata["jwks_uri"], fresh=fresh)
            try:
                return verify_id_token(id_token, jwks=jwks, issuer=provider.issuer, client_id=provider.client_id,
                                       nonce=nonce, access_token=access_token, algorithms=algorithms)
            except InvalidKeyIdError:
                continue
        raise SignInFailed("the id_token is signed by a key the provider does not publish")

    async def _jwks(self, uri: str, *, fresh: bool) -> dict[str, Any]:
        kept = self._keys.get(uri)
        if not fresh and kept is not None and time.monotonic() - kept[0] < CACHE_SECONDS:
            return kept[1]
        keys = await self._get(uri)
        self._keys[uri] = (time.monotonic(), keys)
        return keys

    async def _userinfo(self, client: AsyncOAuth2Client, endpoint: str, sub: str) -> dict[str, Any]:
        try:
            answer = await client.get(endpoint)
            answer.raise_for_status()
            info = answer.json()
        except Exception as error:  # noqa: BLE001 - without userinfo the user is still signed in, by sub
            raise SignInFailed(f"userinfo failed: {error}") from None
        if not isinstance(info, dict) or info.get("sub") != sub:
            raise SignInFailed("userinfo is about another sub")
        return info

    async def _get(self, url: str) -> dict[str, Any]:
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as http:
                answer = await http.get(url, headers={"Accept": "application/json"})
                answer.raise_for_status()
                document = answer.json()
        except (httpx.HTTPError, ValueError) as error:
            raise SignInFailed(f"{url}: {error}") from None
        if not isinstance(document, dict):
            raise SignInFailed(f"{url}: not a JSON object")
        return document

    def _client(self, provider: Provider, redirect_uri: str) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(client_id=provider.client_id, client_secret=provider.client_secret,
                                 scope=" ".join(provider.scopes), redirect_uri=redirect_uri,
                                 code_challenge_method="S256", timeout=self._timeout)

    def _signer(self) -> URLSafeTimedSerializer:
        if self._pending is None:
            raise SignInFailed("no web-chat token secret configured")
        return self._pending
