"""Signing in through the desk's OpenID Connect provider (Entra ID, Okta, Keycloak…), by Authlib's Starlette client:
the authorization code flow with PKCE (S256), its state and nonce kept in the signed session until the provider
sends the browser back, the id_token checked by Authlib (signature by the provider's JWKS, issuer, audience, expiry,
nonce, at_hash) and its issuer required to be exactly the one configured.

The provider says who the person is; only the desk says what they may do. The identity names an existing, active
account (servicedesk.accounts.service.for_identity: by the subject it named before, else by a verified e-mail) and
never makes one: signing in through the provider gives no right that an admin has not granted.
"""

from dataclasses import dataclass
from typing import Any

from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import Request
from fastapi.responses import Response

from console.config import ConsoleConfig, OidcSettings
from servicedesk.errors import SignInRefused

NAME = "desk"


@dataclass(frozen=True)
class Identity:
    issuer: str
    subject: str
    email: str | None  # only one the provider says is verified (or does not say it is not)


class ProviderSignIn:
    """The console as a relying party of the desk's provider; one per process (it keeps the provider's metadata)."""

    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self._oauth = OAuth()
        self._client: Any = self._oauth.register(
            NAME, client_id=settings.client_id, client_secret=settings.client_secret,
            server_metadata_url=settings.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": settings.scopes, "code_challenge_method": "S256"})

    @classmethod
    def of(cls, config: ConsoleConfig) -> "ProviderSignIn | None":
        return cls(config.oidc) if config.oidc else None

    async def begin(self, request: Request, redirect_uri: str) -> Response:
        """The redirect to the provider's authorization endpoint; state, nonce and PKCE verifier in the session."""
        await self._metadata()
        response: Response = await self._client.authorize_redirect(request, redirect_uri)
        return response

    async def finish(self, request: Request) -> Identity:
        """The identity the provider vouches for in this callback; raises SignInRefused."""
        metadata = await self._metadata()
        try:
            token = await self._client.authorize_access_token(
                request, claims_options={"iss": {"essential": True, "value": self.settings.issuer}})
        except (OAuthError, ValueError) as error:
            raise SignInRefused(f"the provider's answer was refused: {error}") from None
        except Exception as error:  # noqa: BLE001 - joserfc's errors, or the network: the same refusal
            raise SignInRefused(f"the provider's answer could not be checked: {error!r}") from None
        claims = dict(token.get("userinfo") or {})
        if not claims.get("sub"):
            raise SignInRefused("the provider sent no id_token (is 'openid' among the scopes?)")
        if not claims.get("email") and metadata.get("userinfo_endpoint"):
            info = dict(await self._client.userinfo(token=token))
            if info.get("sub") != claims["sub"]:
                raise SignInRefused("userinfo is about another subject")
            claims = {**info, **claims}
        email = claims.get("email") if claims.get("email_verified", True) is not False else None
        return Identity(issuer=self.settings.issuer, subject=str(claims["sub"]), email=str(email) if email else None)

    async def _metadata(self) -> dict[str, Any]:
        try:
            metadata: dict[str, Any] = await self._client.load_server_metadata()
        except Exception as error:  # noqa: BLE001 - the provider unreachable or answering nonsense
            raise SignInRefused(f"the provider's discovery document: {error!r}") from None
        if metadata.get("issuer") != self.settings.issuer:
            raise SignInRefused(f"the discovery document names issuer {metadata.get('issuer')!r}")
        return metadata
