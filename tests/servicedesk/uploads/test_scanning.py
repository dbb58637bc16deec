"""The virus scan, against a real clamd holding EICAR's signature only."""

from collections.abc import Iterator

import pytest

from servicedesk.uploads.scanning import ClamdScanner, NoScanner, from_environment
from tests.servicedesk.uploads import samples
from tests.servicedesk.uploads.clamd_server import start_clamd


@pytest.fixture(scope="module")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from start_clamd(tmp_path_factory.mktemp("clamd"))


def test_clamd_finds_eicar_and_passes_the_rest(clamd: str) -> None:
    scanner = from_environment({"RELAIS_CLAMD": clamd})
    assert isinstance(scanner, ClamdScanner)
    found = scanner.scan(samples.EICAR)
    assert (found.clean, found.scanned, found.signature) == (False, True, "Eicar-Test-Signature.UNOFFICIAL")
    assert scanner.scan(samples.png()).clean
    assert scanner.scan(samples.log() * 50_000).clean  # 3 MB, many INSTREAM chunks


def test_a_clamd_that_does_not_answer_passes_nothing() -> None:
    verdict = ClamdScanner("tcp://127.0.0.1:9").scan(samples.log())
    assert (verdict.clean, verdict.scanned) == (False, False)


def test_without_clamd_files_pass_unscanned() -> None:
    assert isinstance(from_environment({}), NoScanner)
    assert NoScanner().scan(samples.EICAR).scanned is False
    with pytest.raises(ValueError):
        ClamdScanner("clamd.example:3310")
