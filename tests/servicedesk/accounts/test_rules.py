"""The account rules, without a database: logins, names, e-mails, roles, passwords, groups, who manages."""

import pytest

from servicedesk.accounts import rules
from servicedesk.errors import AccountForbidden, InvalidAccount


@pytest.mark.parametrize("login, normal", [("Alice", "alice"), ("  j.doe-2 ", "j.doe-2"), ("a_b", "a_b")])
def test_logins_are_compared_trimmed_and_lowercase(login, normal) -> None:
    assert rules.normal_login(login) == normal


@pytest.mark.parametrize("login", ["a", "-alice", "alice smith", "alice@desk", "é" * 3, "x" * 61, ""])
def test_logins_outside_the_alphabet_or_length_are_refused(login) -> None:
    with pytest.raises(InvalidAccount, match="login"):
        rules.normal_login(login)


def test_emails_are_lowercase_and_must_look_like_one() -> None:
    assert rules.normal_email(" Alice.Martin@Desk.Example ") == "alice.martin@desk.example"
    for wrong in ("alice", "alice@desk", "a b@desk.example", "@desk.example"):
        with pytest.raises(InvalidAccount, match="e-mail"):
            rules.normal_email(wrong)


def test_names_are_squeezed_and_not_empty() -> None:
    assert rules.normal_name("  Alice   Martin ") == "Alice Martin"
    with pytest.raises(InvalidAccount):
        rules.normal_name("   ")


def test_only_the_four_roles_exist() -> None:
    assert rules.ROLES == ("agent", "editor", "lead", "admin")
    with pytest.raises(InvalidAccount, match="unknown role"):
        rules.check_role("root")


def test_passwords_have_a_length_and_are_not_the_login() -> None:
    rules.check_password("a long enough passphrase", login="alice")
    for wrong in ("short", "x" * (rules.MAX_PASSWORD + 1)):
        with pytest.raises(InvalidAccount, match="characters"):
            rules.check_password(wrong, login="alice")
    with pytest.raises(InvalidAccount, match="login"):
        rules.check_password("Alice.Martin", login="alice.martin")


def test_groups_lose_blanks_and_repeats_and_none_means_all() -> None:
    assert rules.normal_groups([" Network ", "Network", "Work  place"]) == ["Network", "Work place"]
    assert rules.normal_groups([]) == []
    with pytest.raises(InvalidAccount):
        rules.normal_groups([" "])


def test_only_admins_manage_accounts() -> None:
    assert [role for role in rules.ROLES if rules.may_manage_accounts(role)] == ["admin"]


def test_an_admin_grants_only_what_it_holds() -> None:
    own = {"alpha": [], "bravo": ["Network", "Workplace"]}
    rules.check_grantable(own, {"alpha": ["Anything"], "bravo": ["Network"]})
    for wanted in ({"charlie": []}, {"bravo": []}, {"bravo": ["Network", "Security"]}):
        with pytest.raises(AccountForbidden):
            rules.check_grantable(own, wanted)


def test_granted_groups_must_be_the_clients_when_its_groups_are_known() -> None:
    known = {"alpha": {"Infrastructure", "Applications"}}
    rules.check_groups_known({"alpha": ["Infrastructure"], "bravo": ["Whatever"]}, known)
    with pytest.raises(InvalidAccount, match="no support group 'Infra'"):
        rules.check_groups_known({"alpha": ["Infra"]}, known)


def test_an_editor_edits_its_clients_kb_and_does_nothing_else() -> None:
    assert rules.may("editor", ["alpha"], "edit_kb", "alpha")
    assert not rules.may("editor", ["alpha"], "edit_kb", "bravo")
    assert not rules.may("editor", ["alpha"], "work", "alpha")
    assert not rules.may("agent", ["alpha"], "edit_kb", "alpha")
    assert [role for role in rules.ROLES if rules.may(role, ["alpha"], "edit_kb", "alpha")] == [
        "editor", "lead", "admin"]
