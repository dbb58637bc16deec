"""The accounts page of the desk's admins: the list, a new account whose password is shown once and works,
disabling and enabling one; every refusal of the use case said on the page."""

import re

from tests.console.conftest import csrf_of, sign_in


def make(http, **fields: object) -> object:
    data = {"login": "nina", "display_name": "Nina Roy", "email": "nina@desk.example", "role": "agent",
            "client": ["alpha"], "groups_alpha": "", "csrf_token": csrf_of(http, "/accounts")} | fields
    return http.post("/accounts", data=data)


def test_an_admin_makes_an_account_that_signs_in_with_the_password_shown_once(signed_in, desk) -> None:
    http = signed_in("root")
    page = http.get("/accounts")
    assert page.status_code == 200 and 'data-account="alice"' in page.text and "Accounts</a>" in page.text
    root, alice = (page.text.split(f'data-account="{login}"')[1].split("</tr>")[0] for login in ("root", "alice"))
    assert "<time datetime=" in root and "never" in alice  # root signed in just now, alice never did
    made = make(http, client=["alpha", "bravo"], groups_bravo="Infrastructure, Applications")
    assert made.status_code == 201 and "Account nina made" in made.text
    password = re.search(r'<code class="secret">([^<]+)</code>', made.text)[1]
    assert "alpha, bravo (Infrastructure, Applications)" in made.text
    http.cookies.clear()
    assert sign_in(http, "nina", password).status_code == 303
    assert http.get("/whoami").text == "nina agent"


def test_the_use_cases_refusals_are_said_on_the_page(signed_in) -> None:
    http = signed_in("root")
    for fields, said in (({"login": "alice"}, "already has the login"), ({"email": "nope"}, "Not an e-mail"),
                         ({"role": "root"}, "Unknown role"), ({"client": ["zulu"]}, "zulu"),
                         ({"groups_alpha": "Infra"}, "no support group &#39;Infra&#39;")):
        answer = make(http, **fields)
        assert answer.status_code == 400 and said in answer.text, fields


def test_disabling_and_enabling(signed_in, desk) -> None:
    http = signed_in("root")
    token = csrf_of(http, "/accounts")
    assert http.post("/accounts/alice/disable", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert "Enable" in http.get("/accounts").text.split('data-account="alice"')[1].split("</tr>")[0]
    refused = http.post("/accounts/root/disable", data={"csrf_token": token})
    assert refused.status_code == 400 and "last active admin" in refused.text
    assert http.post("/accounts/alice/enable", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    http.cookies.clear()
    assert sign_in(http, "alice").status_code == 303


def test_a_refusal_is_said_in_the_readers_language(signed_in) -> None:
    http = signed_in("root")
    http.headers["Accept-Language"] = "fr"
    answer = make(http, login="alice")
    assert answer.status_code == 400 and "Un compte a déjà l&#39;identifiant &#39;alice&#39;." in answer.text
