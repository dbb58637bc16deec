"""The admin role's route: reload the client's settings file, validated before anything is stored."""

from servicedesk.clients import keys
from servicedesk.clients.service import get_by_slug
from servicedesk.database import unit_of_work
from servicedesk.settings import store
from servicedesk.settings.loader import version_of


def current_version(desk, slug: str) -> str:
    with desk.registry.session_factory(slug)() as session:
        return store.current(db_session=session).version


def test_reloading_stores_a_changed_file_and_refuses_an_invalid_one(desk) -> None:
    path = desk.settings_root / "alpha" / "settings.yml"
    headers = desk.auth("alpha-admin")
    same = desk.http.post("/settings/reload", headers=headers)
    assert same.status_code == 200 and same.json() == {"version": current_version(desk, "alpha"), "stored": False}

    path.write_text(path.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    changed = desk.http.post("/settings/reload", headers=headers)
    assert changed.json() == {"version": version_of(path.read_text(encoding="utf-8")), "stored": True}
    assert current_version(desk, "alpha") == changed.json()["version"]
    assert current_version(desk, "bravo") == same.json()["version"]  # the other client's settings did not move

    path.write_text(path.read_text(encoding="utf-8").replace("level: 3", "level: 9"), encoding="utf-8")
    invalid = desk.http.post("/settings/reload", headers=headers)
    assert invalid.status_code == 422 and invalid.json()["detail"].startswith("invalid settings: ")
    assert str(desk.settings_root) not in invalid.json()["detail"]
    assert current_version(desk, "alpha") == changed.json()["version"]


def test_a_client_without_a_settings_file_on_the_server_gets_404(desk) -> None:
    with unit_of_work(desk.catalogue) as session:
        secret = keys.issue(db_session=session, client=get_by_slug(db_session=session, slug="bravo"),
                            name="bravo-admin", role="admin")
    response = desk.http.post("/settings/reload", headers={"Authorization": f"Bearer {secret}"})
    assert (response.status_code, response.json()) == (404, {"detail": "the server has no settings file for this "
                                                                       "client"})
