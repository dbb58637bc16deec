"""`make run`'s first admin of the console, without starting anything: made on a desk without accounts with a
generated password said once, which signs in; never made, nor said, again; nowhere stored but as its hash."""

from scripts import run
from servicedesk.accounts import service
from servicedesk.clients.database import migrate_catalogue
from servicedesk.clients.service import create
from servicedesk.database import make_engine, make_session_factory, unit_of_work


def test_a_desk_without_accounts_gets_an_admin_whose_password_is_said_once(tmp_path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'catalogue.db'}"
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", url)
    migrate_catalogue(url)
    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        create(db_session=session, slug="demo", name="Demo", database_url=f"sqlite:///{tmp_path / 'demo.db'}")
    said = run.first_admin()
    assert said.startswith("first admin made: login admin, password ")
    password = said.split("password ")[1].split("\n")[0]
    assert len(password) >= 20 and "shown once" in said
    with make_session_factory(engine)() as session:
        admin = service.authenticate(db_session=session, login="admin", password=password)
        assert (admin.role, [g.client.slug for g in admin.grants]) == ("admin", ["demo"])
        assert password not in (admin.password_hash or "")
    again = run.first_admin()
    assert password not in again and "first admin" not in again and "accounts list" in again
    assert all(password.encode() not in path.read_bytes() for path in tmp_path.rglob("*") if path.is_file())
    engine.dispose()
