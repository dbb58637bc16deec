"""Files the upload tests send: small real ones of each kind the desk takes, and the ones it refuses."""

import gzip
import io
import struct
import zipfile
import zlib

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def png(width: int = 2, height: int = 2) -> bytes:
    """A valid PNG (grey pixels), as a screenshot tool writes one."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def log(text: str = "2026-12-04 01:00:00 ERROR outlook: sync failed (0x800CCC0E)\n") -> bytes:
    return text.encode()


def windows_program() -> bytes:
    """The start of a PE file: what a program renamed "capture.png" still begins with."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 64


def linux_program() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56


def zipped(name: str = "app.log", data: bytes = b"log line\n") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def gzipped(data: bytes = b"log line\n") -> bytes:
    """The same bytes at every call (no timestamp in the header): a test's parameter, it must be collected alike by
    every pytest-xdist worker, whatever second each collects in."""
    return gzip.compress(data, mtime=0)
