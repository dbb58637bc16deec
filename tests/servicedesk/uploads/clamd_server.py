"""A real ClamAV daemon for the tests: Debian's clamd (scripts/setup.sh installs clamav-daemon), started on
loopback with a signature database of one signature, EICAR's test file, written by the fixture (nothing is
downloaded: no freshclam). Without clamd on the machine, the tests that need it skip and say why."""

import hashlib
import shutil
from collections.abc import Generator
from pathlib import Path

import pytest

from tests.servicedesk.uploads.samples import EICAR
from tests.servicedesk.uploads.servers import answers, free_port, serve


def start_clamd(folder: Path) -> Generator[str, None, None]:
    """clamd on a free loopback port, its address as RELAIS_CLAMD takes it."""
    binary = shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)
    if binary is None:
        pytest.skip("clamd is not installed (scripts/setup.sh installs Debian's clamav-daemon where apt-get runs)")
    database = folder / "db"
    database.mkdir()
    # A hash signature: MD5, size and name of the 68 bytes of EICAR's test file.
    (database / "eicar.hdb").write_text(f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:Eicar-Test-Signature\n")
    port, log = free_port(), folder / "clamd.log"
    config = folder / "clamd.conf"
    config.write_text("\n".join([
        "Foreground yes", f"DatabaseDirectory {database}", f"TCPSocket {port}", "TCPAddr 127.0.0.1",
        f"LogFile {log}", "StreamMaxLength 20M", "MaxThreads 2", "Bytecode no", "",
    ]))
    yield from (f"tcp://127.0.0.1:{port}" for _ in serve(
        [binary, "--config-file", str(config)], answers(port, b"zPING\0", b"PONG"), name="clamd",
        why_not=lambda: log.read_text()[-2000:] if log.exists() else ""))
