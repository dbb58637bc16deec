"""The desk's SMTP relay as the tests see it: a real aiosmtpd server on loopback that keeps every mail it is
given, can refuse the next ones with a temporary error, refuse recipients with the reply of one's choice (a 550
"no such user", a 450 "mailbox busy"), and can require STARTTLS (with a certificate from a CA
of the test's own, trustme) and a login."""

import socket
import ssl
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "relais", "mail-pass"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Capture:
    """aiosmtpd's handler: what was received, how many mails to refuse first, and recipients' refusals."""

    mails: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: int = 0
    attempts: int = 0
    recipients: dict[str, str] = field(default_factory=dict)  # address -> the reply that refuses it at RCPT
    rcpt_attempts: int = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        self.rcpt_attempts += 1
        refusal = self.recipients.get(address)
        if refusal is not None:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Mailbox busy, try again later"
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        self.mails.append((list(envelope.rcpt_tos), message))
        return "250 OK"


def _login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok)


class Relay:
    """A started server; `ca_file` is the CA a client must trust when it speaks TLS."""

    def __init__(self, tmp_path: Path, *, tls: bool = False) -> None:
        self.capture = Capture()
        self.port = free_port()
        self.ca_file: str | None = None
        options: dict[str, Any] = {}
        if tls:
            authority = trustme.CA()
            certificate = authority.issue_cert("127.0.0.1", "localhost")
            self.ca_file = str(tmp_path / "relay-ca.pem")
            authority.cert_pem.write_to_path(self.ca_file)
            server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            certificate.configure_cert(server_context)
            options = {"tls_context": server_context, "require_starttls": True, "auth_required": True,
                       "authenticator": _login}
        self.controller = Controller(self.capture, hostname="127.0.0.1", port=self.port, **options)
        self.controller.start()

    @property
    def mails(self) -> list[tuple[list[str], EmailMessage]]:
        return self.capture.mails

    def stop(self) -> None:
        self.controller.stop()
