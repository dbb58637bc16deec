"""A ticket anonymised loses its attachment rows; the sweep then forgets the stored bytes no row names, and only
those, sparing files too recent for their row to be committed yet."""

from datetime import timedelta
from pathlib import Path

from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.privacy.anonymise import anonymise_ticket
from servicedesk.tickets.service import get_by_number
from servicedesk.uploads.scanning import NoScanner
from servicedesk.uploads.service import keep_file
from servicedesk.uploads.store import LocalStore, new_key
from servicedesk.uploads.sweep import forget_unattached
from tests.servicedesk.uploads import samples
from tests.servicedesk.uploads.test_service import NOW, _ticket


def test_the_files_of_an_anonymised_ticket_are_forgotten(session_factory, tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "files")
    with unit_of_work(session_factory) as session:
        kept, erased = _ticket(session, "webchat:demo:kept"), _ticket(session, "webchat:demo:erased")
        for ticket in (kept, erased):
            keep_file(db_session=session, client="demo", ticket=ticket, name="a.log", data=samples.log(),
                      added_by=ticket.requester, store=store, scanner=NoScanner(), now=NOW)
        numbers = kept.number, erased.number
    with unit_of_work(session_factory) as session:
        anonymise_ticket(db_session=session, ticket=get_by_number(db_session=session, number=numbers[1]), now=NOW)
    with unit_of_work(session_factory) as session:
        assert forget_unattached(db_session=session, client="demo", store=store, now=utcnow()) == 0  # too recent
        later = utcnow() + timedelta(hours=2)
        assert forget_unattached(db_session=session, client="demo", store=store, now=later) == 1
        [left] = [key for key, _ in store.keys(client="demo")]
        assert left.startswith(f"demo/{numbers[0]}/")
        assert forget_unattached(db_session=session, client="demo", store=store, now=later) == 0


def test_another_clients_files_are_not_looked_at(session_factory, tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "files")
    other = new_key("globex", "INC-000001")
    store.put(client="globex", key=other, data=b"x", content_type="text/plain")
    with unit_of_work(session_factory) as session:
        assert forget_unattached(db_session=session, client="demo", store=store,
                                 now=utcnow() + timedelta(days=1)) == 0
    assert store.get(client="globex", key=other) == b"x"
