"""The virus scan of every file before it is kept: ClamAV's daemon (clamd), when one is configured.

The bytes go to clamd over its INSTREAM command (clamav-client's socket classes: a TCP address or a Unix
socket), so clamd needs no access to where files are kept. A scan that can't be made (clamd down, the file over
clamd's StreamMaxLength) refuses the file rather than keeping it unscanned: with a clamd configured, nothing
reaches a ticket that it did not pass. Without one (RELAIS_CLAMD unset, the default of `make run`), files are
kept after the content checks alone (checks.py), and the README says so.

    RELAIS_CLAMD   tcp://127.0.0.1:3310 or unix:///run/clamav/clamd.ctl
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str = ""  # what clamd found ("Eicar-Test-Signature"), or why no scan was made
    scanned: bool = True


class Scanner(Protocol):
    def scan(self, data: bytes) -> Verdict: ...


class NoScanner:
    """No clamd configured: every file passes unscanned (Verdict.scanned is False, the attachment says so)."""

    def scan(self, data: bytes) -> Verdict:
        return Verdict(clean=True, scanned=False)


class ClamdScanner:
    def __init__(self, address: str, timeout: float = 30.0) -> None:
        parts = urlsplit(address)
        self.address = address
        if parts.scheme == "unix":
            self._socket: ClamdNetworkSocket = ClamdUnixSocket(path=parts.path, timeout=int(timeout))
        elif parts.scheme == "tcp" and parts.hostname:
            self._socket = ClamdNetworkSocket(host=parts.hostname, port=parts.port or 3310, timeout=timeout)
        else:
            raise ValueError(f"RELAIS_CLAMD is tcp://host:port or unix:///path, not {address!r}")

    def scan(self, data: bytes) -> Verdict:
        try:
            results = self._socket.instream(io.BytesIO(data))
        except (ClamdError, OSError) as error:
            return Verdict(clean=False, signature=f"scan failed: {error}", scanned=False)
        status, found = next(iter(results.values()), ("ERROR", "no answer"))
        if status == "OK":
            return Verdict(clean=True)
        if status == "FOUND":
            return Verdict(clean=False, signature=str(found))
        return Verdict(clean=False, signature=f"scan failed: {found}", scanned=False)


def from_environment(env: Mapping[str, str] | None = None) -> Scanner:
    env = os.environ if env is None else env
    address = env.get("RELAIS_CLAMD") or ""
    return ClamdScanner(address) if address else NoScanner()
