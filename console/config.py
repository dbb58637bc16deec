"""The console's settings, read once from the environment by `python -m console` and handed to create_app().

    RELAIS_CONSOLE_SECRET              signs the session cookie; default: var/secrets/console-secret, made on
                                       first use (production: from the platform's secret store)
    RELAIS_CONSOLE_PUBLIC_URL          http://127.0.0.1:8090  where browsers reach it; https:// makes the cookie
                                       Secure and is where the identity provider sends agents back
    RELAIS_CONSOLE_SESSION_IDLE        7200    seconds without a request before a session ends
    RELAIS_CONSOLE_SESSION_MAX         43200   seconds after signing in when it ends anyway
    RELAIS_CONSOLE_SIGNIN_LIMIT_LOGIN    5/minute;20/hour    failed sign-ins of one login
    RELAIS_CONSOLE_SIGNIN_LIMIT_ADDRESS  20/minute;100/hour  failed sign-ins from one address
    RELAIS_CONSOLE_RATE_LIMIT_STORAGE  memory://  redis://…: counters shared by the console's replicas
    RELAIS_CONSOLE_LIVE_POLL           2       seconds between two looks at the client databases for the live pages
    RELAIS_CONSOLE_LIVE_STREAM         300     seconds an event stream lasts before the browser opens the next one
                                               (and the session is checked again)
    RELAIS_CONSOLE_OIDC_ISSUER         the desk's OpenID Connect provider (unset: passwords only), with
    RELAIS_CONSOLE_OIDC_CLIENT_ID, RELAIS_CONSOLE_OIDC_CLIENT_SECRET, RELAIS_CONSOLE_OIDC_SCOPES
                                       (openid email profile) and RELAIS_CONSOLE_OIDC_LABEL (the button's text)
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from scripts.local_secrets import secret

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8090"


@dataclass(frozen=True)
class OidcSettings:
    """The desk's identity provider: its agents sign in there, and their e-mail names their account here."""

    issuer: str
    client_id: str
    client_secret: str
    scopes: str = "openid email profile"
    label: str = ""  # the button's text; none: "Sign in with the desk's identity provider", in the reader's language


@dataclass(frozen=True)
class ConsoleConfig:
    secret: str
    public_url: str = DEFAULT_PUBLIC_URL
    session_idle: int = 7200
    session_max: int = 43200
    limit_per_login: str = "5/minute;20/hour"
    limit_per_address: str = "20/minute;100/hour"
    rate_limit_storage: str = "memory://"
    live_poll: float = 2.0
    live_stream: float = 300.0
    oidc: OidcSettings | None = field(default=None)

    @property
    def secure_cookies(self) -> bool:
        """Served over https: the session cookie is sent over https only."""
        return self.public_url.startswith("https://")

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> "ConsoleConfig":
        env = os.environ if env is None else env
        oidc = None
        if env.get("RELAIS_CONSOLE_OIDC_ISSUER"):
            oidc = OidcSettings(issuer=env["RELAIS_CONSOLE_OIDC_ISSUER"],
                                client_id=env.get("RELAIS_CONSOLE_OIDC_CLIENT_ID", ""),
                                client_secret=env.get("RELAIS_CONSOLE_OIDC_CLIENT_SECRET", ""),
                                scopes=env.get("RELAIS_CONSOLE_OIDC_SCOPES") or OidcSettings.scopes,
                                label=env.get("RELAIS_CONSOLE_OIDC_LABEL", ""))
        return cls(secret=env.get("RELAIS_CONSOLE_SECRET") or secret("RELAIS_CONSOLE_SECRET"),
                   public_url=(env.get("RELAIS_CONSOLE_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/"),
                   session_idle=int(env.get("RELAIS_CONSOLE_SESSION_IDLE") or cls.session_idle),
                   session_max=int(env.get("RELAIS_CONSOLE_SESSION_MAX") or cls.session_max),
                   limit_per_login=env.get("RELAIS_CONSOLE_SIGNIN_LIMIT_LOGIN") or cls.limit_per_login,
                   limit_per_address=env.get("RELAIS_CONSOLE_SIGNIN_LIMIT_ADDRESS") or cls.limit_per_address,
                   rate_limit_storage=env.get("RELAIS_CONSOLE_RATE_LIMIT_STORAGE") or cls.rate_limit_storage,
                   live_poll=float(env.get("RELAIS_CONSOLE_LIVE_POLL") or cls.live_poll),
                   live_stream=float(env.get("RELAIS_CONSOLE_LIVE_STREAM") or cls.live_stream),
                   oidc=oidc)
