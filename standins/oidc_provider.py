"""A real OpenID Connect provider on a free loopback port, for the sign-ins of the web chat (and, later, the
agents' console): panva's `oidc-provider` from npm, run by standins/oidc/provider.mjs.

A stand-in in the other stand-ins' sense (it replaces a client's Entra ID, Okta or Keycloak) but not a fake: the
discovery document, the JWKS, PKCE, the authorization code and the signed id_token are the library's own, so
what passes here passes a certified provider. scripts/setup.sh installs it (`npm ci` in standins/oidc).

    with oidc_provider(redirect_uris=["http://127.0.0.1:8089/webchat/callback"]) as idp:
        idp.issuer, idp.client.client_id, idp.client.client_secret, idp.user.login, idp.user.password
"""

import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent / "oidc"
STARTUP = 20.0  # seconds; node starts in well under one


@dataclass(frozen=True)
class OidcUser:
    login: str = "alice"
    password: str = "correct horse battery staple"
    sub: str = "00u-alice-7f3a"
    email: str = "alice.martin@acme.example"
    name: str = "Alice Martin"


@dataclass(frozen=True)
class OidcClient:
    client_id: str = "relais-webchat"
    client_secret: str = "relais-webchat-test-secret"
    redirect_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class OidcProvider:
    issuer: str
    clients: tuple[OidcClient, ...]
    users: tuple[OidcUser, ...] = field(default=(OidcUser(),))

    @property
    def client(self) -> OidcClient:
        """The first client: the one most tests sign in with."""
        return self.clients[0]

    @property
    def user(self) -> OidcUser:
        return self.users[0]


class ProviderMissing(RuntimeError):
    pass


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise ProviderMissing("node is not installed (scripts/setup.sh installs it: apt-get install nodejs npm)")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        raise ProviderMissing(f"oidc-provider is not installed in {HERE} (scripts/setup.sh runs npm ci there)")
    return node


@contextmanager
def oidc_provider(*, redirect_uris: Sequence[str] = (), clients: Sequence[OidcClient] | None = None,
                  users: Sequence[OidcUser] | None = None) -> Iterator[OidcProvider]:
    """Start the provider, yield what a relying party needs to know, stop it. `redirect_uris` go to the default
    client; pass `clients` for several (a second one makes tokens of another audience)."""
    chosen = tuple(clients) if clients is not None else (OidcClient(redirect_uris=tuple(redirect_uris)),)
    people = tuple(users) if users is not None else (OidcUser(),)
    config = {"clients": [{**asdict(c), "redirect_uris": list(c.redirect_uris)} for c in chosen],
              "users": [asdict(u) for u in people]}
    # Its warnings go to a file: a pipe nobody reads could fill and block it.
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen([_node(), str(HERE / "provider.mjs")], cwd=HERE, stdout=subprocess.PIPE,
                                   stderr=errors, text=True,
                                   env={**os.environ, "OIDC_STANDIN_CONFIG": json.dumps(config),
                                        "NODE_ENV": "development"})
        try:
            yield OidcProvider(issuer=_issuer_of(process, errors), clients=chosen, users=people)
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _issuer_of(process: subprocess.Popen[str], errors: IO[str]) -> str:
    """The issuer the provider prints once it listens ("ready http://127.0.0.1:<port>")."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True, name="oidc-provider-stdout").start()
    try:
        line = lines.get(timeout=STARTUP)
    except queue.Empty:
        line = ""
    if not line.startswith("ready "):
        process.kill()
        process.wait()
        errors.seek(0)
        raise ProviderMissing(f"the OIDC provider did not start: {line.strip()} {errors.read().strip()}")
    return line.removeprefix("ready ").strip()
