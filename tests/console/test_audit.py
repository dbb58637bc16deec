"""The audit page of the desk's admins: every sign-in, refusal (with why, never the password), lockout, sign-out
and account change, latest first, filtered by login and kind; nobody else sees it."""

from fastapi.testclient import TestClient

from tests.console.conftest import csrf_of, sign_in

WRONG = "not her password at all"


def rows(page: str) -> list[str]:
    return page.split("<tbody>")[1].split("</tbody>")[0].split("<tr ")[1:]


def test_sign_ins_refusals_lockouts_and_sign_outs_are_on_the_audit_page(desk, signed_in) -> None:
    with TestClient(desk.app()) as other:
        for _ in range(5):
            assert sign_in(other, "alice", WRONG).status_code == 401
        assert sign_in(other, "alice").status_code == 429  # locked: not even checked, not audited again
        assert sign_in(other, "nobody", WRONG).status_code == 401
        assert sign_in(other, "bob").status_code == 303
        other.post("/signout", data={"csrf_token": csrf_of(other, "/clients")})
    http = signed_in("root")
    page = http.get("/audit", params={"kind": ["signed_in", "sign_in_refused", "locked_out", "signed_out"]})
    assert page.status_code == 200 and 'href="/audit"' in page.text and WRONG not in page.text
    kinds = [row.split('data-kind="')[1].split('"')[0] for row in rows(page.text)]
    assert kinds == ["signed_in", "signed_out", "signed_in", "sign_in_refused", "locked_out"] + \
        ["sign_in_refused"] * 5
    assert "unknown login" in rows(page.text)[3] and "nobody" in rows(page.text)[3]
    assert "wrong password" in rows(page.text)[5] and "testclient" in rows(page.text)[5]  # the address
    alice = http.get("/audit", params={"login": "alice", "kind": ["locked_out", "signed_in"]}).text
    assert [row.split('data-kind="')[1].split('"')[0] for row in rows(alice)] == ["locked_out"]


def test_account_changes_and_password_changes_are_audited_with_who_did_them(desk, signed_in) -> None:
    http = signed_in("root")
    token = csrf_of(http, "/accounts")
    http.post("/accounts/alice/disable", data={"csrf_token": token})
    http.post("/accounts/alice/enable", data={"csrf_token": token})
    http.post("/accounts/alice/signout-everywhere", data={"csrf_token": token})
    http.post("/account/password", data={"current": "a long enough passphrase", "new": "root's new passphrase",
                                         "again": "root's new passphrase", "csrf_token": token})
    page = http.get("/audit", params={"kind": ["account_disabled", "account_enabled", "signed_out_everywhere",
                                               "password_changed"]}).text
    found = [(row.split('data-kind="')[1].split('"')[0], 'data-actor="root"' in row) for row in rows(page)][:4]
    assert found == [("password_changed", False), ("signed_out_everywhere", True), ("account_enabled", True),
                     ("account_disabled", True)]
    assert "root&#39;s new passphrase" not in page and "root's new passphrase" not in page
    assert "Signed out everywhere" in page  # the kind in the reader's words


def test_the_accounts_made_by_the_command_line_are_audited(signed_in) -> None:
    page = signed_in("root").get("/audit", params={"login": "dan"}).text
    assert [row.split('data-kind="')[1].split('"')[0] for row in rows(page)] == ["account_disabled",
                                                                                 "account_created"]
    assert "command line" in page and "agent on alpha" in page


def test_the_audit_page_speaks_french(signed_in) -> None:
    http = signed_in("root")
    http.headers["Accept-Language"] = "fr"
    page = http.get("/audit").text
    assert "Audit des comptes" in page and "Connexion" in page


def test_only_admins_see_the_audit(signed_in) -> None:
    for login in ("alice", "lea"):
        http = signed_in(login)
        assert http.get("/audit").status_code == 403
        assert 'href="/audit"' not in http.get("/clients").text
        http.cookies.clear()
