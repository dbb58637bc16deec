"""How often each article was proposed, solved and failed, read from the tickets' kb_fix lines."""

from servicedesk.articles.usage import Usage, outcomes, usage
from servicedesk.database import unit_of_work
from servicedesk.tickets.kb_resolution import KnownFix, record_failed_fixes
from servicedesk.tickets.service import LogLine, add_log
from tests.servicedesk.articles.conftest import incident


def test_a_lines_outcomes() -> None:
    assert outcomes("the fix from vpn-loop worked") == (["vpn-loop"], [])
    assert outcomes("tried without success: VPN (boucle) (vpn-loop); Wi-Fi (wifi-b)") == ([], ["vpn-loop", "wifi-b"])
    assert outcomes("something else") == ([], [])


def test_counts_over_every_ticket(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        first, second = incident(session), incident(session)
        record_failed_fixes(db_session=session, ticket=first, actor="alice",
                            tried=[KnownFix("vpn-loop", "VPN (boucle)"), KnownFix("wifi-b", "Wi-Fi")])
        add_log(db_session=session, ticket=second, kind="kb_fix",
                line=LogLine("requester", "bob", "the fix from vpn-loop worked"))
        counted = usage(db_session=session)
    assert counted == {"vpn-loop": Usage(solved=1, failed=1), "wifi-b": Usage(failed=1)}
    assert counted["vpn-loop"].proposed == 2
