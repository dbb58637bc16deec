"""Signing out everywhere: an agent ends every session of its account (this one too), an admin another account's;
disabling an account ends its sessions too. A session of before is refused at its next request."""

from fastapi.testclient import TestClient

from tests.console.conftest import csrf_of, sign_in


def test_an_agent_signs_itself_out_everywhere(desk, signed_in) -> None:
    with TestClient(desk.app()) as other:
        assert sign_in(other, "alice").status_code == 303
        http = signed_in("alice")
        assert "Sign out everywhere" in http.get("/account/password").text
        ended = http.post("/account/signout-everywhere", data={"csrf_token": csrf_of(http, "/account/password")},
                          follow_redirects=False)
        assert ended.status_code == 303 and ended.headers["location"] == "/signin?signed_out=1"
        assert http.get("/whoami", follow_redirects=False).status_code == 303
        stale = other.get("/whoami", follow_redirects=False)
        assert stale.status_code == 303 and "expired=1" in stale.headers["location"]
        assert sign_in(other, "alice").status_code == 303  # a new sign-in works as before
        assert other.get("/whoami").text == "alice agent"


def test_an_admin_signs_another_account_out_everywhere_and_disabling_does_too(desk, signed_in) -> None:
    with TestClient(desk.app()) as alice, TestClient(desk.app()) as bob:
        assert sign_in(alice, "alice").status_code == 303 and sign_in(bob, "bob").status_code == 303
        http = signed_in("root")
        token = csrf_of(http, "/accounts")
        assert "/accounts/alice/signout-everywhere" in http.get("/accounts").text
        assert http.post("/accounts/alice/signout-everywhere", data={"csrf_token": token},
                         follow_redirects=False).status_code == 303
        assert alice.get("/whoami", follow_redirects=False).status_code == 303
        assert http.post("/accounts/bob/disable", data={"csrf_token": token},
                         follow_redirects=False).status_code == 303
        assert bob.get("/whoami", follow_redirects=False).status_code == 303
        assert http.get("/whoami").text == "root admin"  # the admin's own session goes on
