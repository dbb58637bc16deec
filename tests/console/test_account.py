"""An agent changes their own password: the current one asked again, the new one twice; this session goes on,
every other one of the account ends, and the old password opens nothing."""

from fastapi.testclient import TestClient

from tests.console.conftest import PASSWORD, csrf_of, sign_in

NEW = "a brand new passphrase"


def change(http, current: str = PASSWORD, new: str = NEW, again: str = NEW):
    return http.post("/account/password", data={"current": current, "new": new, "again": again,
                                                "csrf_token": csrf_of(http, "/account/password")})


def test_changing_the_password_keeps_this_session_and_ends_the_others(desk, signed_in) -> None:
    with TestClient(desk.app()) as other:
        assert sign_in(other, "alice").status_code == 303
        http = signed_in("alice")
        changed = change(http)
        assert changed.status_code == 200 and "other sessions are signed out" in changed.text
        assert http.get("/whoami").text == "alice agent"
        assert other.get("/whoami", follow_redirects=False).status_code == 303
    http.cookies.clear()
    assert sign_in(http, "alice", PASSWORD).status_code == 401
    assert sign_in(http, "alice", NEW).status_code == 303


def test_a_wrong_current_password_a_mismatch_or_a_short_one_changes_nothing(signed_in) -> None:
    http = signed_in("alice")
    for answer, said in ((change(http, current="not the current one"), "The current password is not this one."),
                         (change(http, again="something else entirely"), "The two new passwords differ."),
                         (change(http, new="short", again="short"), "A password is 12 to 256 characters.")):
        assert answer.status_code == 400 and said in answer.text
    assert http.get("/whoami").text == "alice agent"
    http.cookies.clear()
    assert sign_in(http, "alice", PASSWORD).status_code == 303


def test_wrong_current_passwords_count_as_failed_sign_ins(signed_in) -> None:
    http = signed_in("alice")
    for _ in range(5):
        change(http, current="a wrong guess!")
    assert change(http).status_code == 429
