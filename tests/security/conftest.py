"""One set of real servers (tests/security/servers.py) for every attack of the session, and the check that an
attack left nothing behind.

Started once: a Rasa start is most of the time these tests take. The e2e tests' own servers (tests/e2e) are
not shared with these: the attacks need Rasa's channel with the REST door closed, the doors with Teams' app
id set, and the REST API, all on one catalogue.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.security.servers import Desk, running_desk


@pytest.fixture(scope="session")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    work: Path = tmp_path_factory.mktemp("security")
    with running_desk(work) as started:
        yield started
