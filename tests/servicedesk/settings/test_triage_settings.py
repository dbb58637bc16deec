"""The `triage:` section and the critical services of a client's settings: optional, checked against the groups,
and read by the desk as the security group, the critical services and the count that makes a major incident."""

import pytest

from servicedesk.errors import InvalidSettings
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file, load_text
from tests.servicedesk.settings.document import document, dump


def test_the_demo_clients_name_their_security_group_and_critical_services() -> None:
    demo = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))
    acme = ClientDesk(load_file(CLIENTS_ROOT / "acme" / "settings.yml"))
    assert (demo.security_group, demo.settings.group(demo.security_group).level) == ("Sécurité", 2)
    assert demo.critical_services == {"SAP", "Network", "Citrix"} and demo.major_count == 10
    assert acme.security_group == "Security Experts" and {"WMS", "TMS"} <= acme.critical_services
    assert acme.major_count == 15


def test_without_a_triage_section_security_goes_to_the_first_level2_group() -> None:
    desk = ClientDesk(load_text(dump(document())))
    assert (desk.security_group, desk.critical_services, desk.major_count) == ("Infrastructure", frozenset(), 10)


def test_without_any_level2_group_security_stays_at_the_service_desk() -> None:
    raw = document()
    raw["groups"] = [group for group in raw["groups"] if group["level"] != 2]
    raw["services"][0].pop("support_group")
    raw["agreements"] = [a for a in raw["agreements"] if a.get("group") != "Infrastructure"]
    assert ClientDesk(load_text(dump(raw))).security_group == "Service desk"


def test_the_triage_section_and_critical_flags_are_read() -> None:
    raw = document()
    raw["triage"] = {"security_group": "Experts", "major_count": 4}
    raw["services"][1]["critical"] = True
    desk = ClientDesk(load_text(dump(raw)))
    assert (desk.security_group, desk.critical_services, desk.major_count) == ("Experts", {"Outlook"}, 4)


@pytest.mark.parametrize(("triage", "words"), [
    ({"security_group": "Securite"}, "triage.security_group: no group 'Securite' (known: Experts, Infrastructure"),
    ({"major_count": 1}, "greater than or equal to 2"),
    ({"security_groups": "Experts"}, "unknown field"),
])
def test_a_wrong_triage_section_is_refused(triage: dict, words: str) -> None:
    raw = document()
    raw["triage"] = triage
    with pytest.raises(InvalidSettings) as refused:
        load_text(dump(raw), source="triage.yml")
    assert any(words in problem for problem in refused.value.problems), refused.value.problems
