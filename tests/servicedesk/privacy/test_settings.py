"""The `privacy:` section of a client's settings: optional with safe defaults, checked against the reopen window,
and the retention the supervisor purges by."""

from datetime import timedelta

import pytest
import yaml

from servicedesk.errors import InvalidSettings
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file, load_text

DEMO = CLIENTS_ROOT / "demo" / "settings.yml"


def _demo_with(privacy: object) -> str:
    document = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    if privacy is None:
        document.pop("privacy")
    else:
        document["privacy"] = privacy
    return yaml.safe_dump(document, allow_unicode=True)


def test_the_demo_clients_say_how_long_they_keep_personal_data() -> None:
    demo, acme = load_file(DEMO), load_file(CLIENTS_ROOT / "acme" / "settings.yml")
    assert (demo.privacy.retention_days, demo.privacy.closed_ticket_days) == (365, 730)
    assert (acme.privacy.retention_days, acme.privacy.closed_ticket_days) == (180, 365)
    assert ClientDesk(demo).retention.conversations == timedelta(days=365)
    assert ClientDesk(demo).retention.closed_tickets == timedelta(days=730)


def test_without_a_privacy_section_a_year_applies_to_both() -> None:
    settings = load_text(_demo_with(None))
    assert ClientDesk(settings).retention.conversations == ClientDesk(settings).retention.closed_tickets == \
        timedelta(days=365)


@pytest.mark.parametrize(("privacy", "problem"), [
    ({"retention_days": 0}, "retention_days"),
    ({"retention_days": 30, "closed_ticket_retention_days": 5}, "reopen_window_days"),
    ({"retention_days": 5}, "reopen_window_days"),  # closed tickets default to retention_days
    ({"retention_days": 30, "keep_forever": True}, "keep_forever"),
])
def test_a_retention_the_desk_could_not_honour_is_refused(privacy, problem) -> None:
    with pytest.raises(InvalidSettings) as refused:
        load_text(_demo_with(privacy))
    assert problem in "\n".join(refused.value.problems)


def test_a_client_names_the_host_names_that_are_personal() -> None:
    settings = load_text(_demo_with({"retention_days": 365, "personal_hosts": ["pc-*", " *.home.example "]}))
    assert settings.privacy.personal_hosts == ("pc-*", "*.home.example")
    assert load_text(_demo_with(None)).privacy.personal_hosts == ()
    with pytest.raises(InvalidSettings, match="personal_hosts"):
        load_text(_demo_with({"personal_hosts": [""]}))
