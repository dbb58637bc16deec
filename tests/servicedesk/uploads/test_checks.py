"""What a file must be to be kept: judged by its content, its name agreeing, within the size limit."""

import pytest

from servicedesk.errors import FileRefused
from servicedesk.uploads.checks import check, content_type, safe_name
from tests.servicedesk.uploads import samples


@pytest.mark.parametrize(("name", "data", "kind", "served_as"), [
    ("capture.png", samples.png(), "png", "image/png"),
    ("outlook.log", samples.log(), "text", "text/plain; charset=utf-8"),
    ("events.txt", "journal: échec".encode("utf-16"), "text", "text/plain; charset=utf-8"),
    ("logs.zip", samples.zipped(), "zip", "application/zip"),
    ("logs.gz", samples.gzipped(), "gzip", "application/gzip"),
    ("rapport.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "pdf", "application/pdf"),
])
def test_the_kinds_the_desk_reads_are_kept(name: str, data: bytes, kind: str, served_as: str) -> None:
    checked = check(name, data)
    assert (checked.name, checked.kind, checked.content_type, checked.size) == (name, kind, served_as, len(data))


def test_a_name_without_extension_gets_its_contents() -> None:
    assert check("image", samples.png()).name == "image.png"
    assert check("journal", samples.log()).name == "journal.txt"


@pytest.mark.parametrize(("name", "data"), [
    ("capture.png", samples.windows_program()),
    ("outlook.log", samples.linux_program()),
    ("setup.exe", samples.windows_program()),
    ("photo", samples.windows_program()),
])
def test_a_program_is_refused_whatever_its_name(name: str, data: bytes) -> None:
    with pytest.raises(FileRefused) as refused:
        check(name, data)
    assert refused.value.reason == "executable"


@pytest.mark.parametrize(("name", "data"), [
    ("capture.png", samples.log()),  # a name that lies about the content
    ("script.ps1", samples.log()),  # text, but a kind a double-click runs
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("data.bin", bytes(range(256)) * 4),  # binary of no known kind
    ("archive.zip", samples.png()),
])
def test_other_kinds_and_lying_names_are_refused(name: str, data: bytes) -> None:
    with pytest.raises(FileRefused) as refused:
        check(name, data)
    assert refused.value.reason == "forbidden_type"


def test_size_limits() -> None:
    with pytest.raises(FileRefused) as empty:
        check("a.log", b"")
    assert empty.value.reason == "empty"
    with pytest.raises(FileRefused) as large:
        check("a.log", b"x" * 101, max_bytes=100)
    assert (large.value.reason, large.value.values) == ("too_large", {"size": 101, "max": 100})
    assert check("a.log", b"x" * 100, max_bytes=100).size == 100


@pytest.mark.parametrize(("given", "safe"), [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\system32\\evil.log", "evil.log"),
    ("/var/log/syslog.log", "syslog.log"),
    ("...hidden.log", "hidden.log"),
    ("re\x00port\r\n.log", "report.log"),
    ('a"; filename="b.log', "a filename=b.log"),
    ("", "file"),
    ("..", "file"),
    ("x" * 300 + ".log", "x" * 116 + ".log"),
])
def test_names_are_made_safe(given: str, safe: str) -> None:
    assert safe_name(given) == safe


def test_an_unknown_kind_is_served_as_bytes_to_save() -> None:
    assert content_type(None) == content_type("nope") == "application/octet-stream"
