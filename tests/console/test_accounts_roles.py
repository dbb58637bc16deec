"""An admin on the Accounts page gives another role, or a new password to an agent who forgot theirs (shown once,
the agent's sessions ended); the last admin keeps its role."""

import re

from fastapi.testclient import TestClient

from tests.console.conftest import PASSWORD, csrf_of, sign_in


def test_an_admin_gives_another_role_which_takes_effect_at_the_next_click(desk, signed_in) -> None:
    with TestClient(desk.app()) as alice:
        assert sign_in(alice, "alice").status_code == 303
        assert alice.get("/team").status_code == 403
        http = signed_in("root")
        token = csrf_of(http, "/accounts")
        assert http.post("/accounts/alice/role", data={"csrf_token": token, "role": "lead"},
                         follow_redirects=False).status_code == 303
        assert alice.get("/whoami").text == "alice lead" and alice.get("/team").status_code == 200
        refused = http.post("/accounts/root/role", data={"csrf_token": token, "role": "agent"})
        assert refused.status_code == 400 and "last active admin" in refused.text
        assert http.post("/accounts/alice/role", data={"csrf_token": token, "role": "root"}).status_code == 400
        assert "alice" in http.get("/audit", params={"kind": "role_changed"}).text


def test_an_admin_resets_a_forgotten_password_shown_once(desk, signed_in) -> None:
    with TestClient(desk.app()) as bob:
        assert sign_in(bob, "bob").status_code == 303
        http = signed_in("root")
        reset = http.post("/accounts/bob/password", data={"csrf_token": csrf_of(http, "/accounts")})
        assert reset.status_code == 200 and "New password of bob" in reset.text
        password = re.search(r'<code class="secret">([^<]+)</code>', reset.text)[1]
        assert password not in http.get("/accounts").text  # once
        assert bob.get("/whoami", follow_redirects=False).status_code == 303  # its sessions ended
        assert sign_in(bob, "bob", PASSWORD).status_code == 401
        assert sign_in(bob, "bob", password).status_code == 303
