"""What the agents' tools read of a takeover, on SQLite and PostgreSQL: its holder, what its card shows (the
conversation until the card was posted), and a card placed once."""

from servicedesk.conversations import service as conversations
from servicedesk.conversations import takeovers
from servicedesk.conversations.models import Takeover
from servicedesk.database import unit_of_work
from servicedesk.level2_assignment import to_level2
from servicedesk.settings.desk import ClientDesk
from servicedesk.settings.loader import CLIENTS_ROOT, load_file
from servicedesk.tickets.kb_resolution import KnownFix, record_failed_fixes
from servicedesk.tickets.service import IncidentReport, LogLine, add_log, open_incident

DESK = ClientDesk(load_file(CLIENTS_ROOT / "demo" / "settings.yml"))
USER, CONVERSATION = "webchat:demo:7c1e", "webchat:demo:7c1e"
LANGUAGE = DESK.settings.client.language  # what the caller passes: the client's, French


def _waiting(session_factory) -> int:
    """A user whose VPN keeps dropping, a KB fix that did not help, and a request for a person."""
    with unit_of_work(session_factory) as session:
        ticket = open_incident(db_session=session, agreements=DESK, transcript=[
            LogLine("requester", USER, "mon VPN coupe"), LogLine("bot", "relais", "Un message d'erreur ?")],
            report=IncidentReport(service="VPN", description="le VPN coupe", impact=3, urgency=3, requester=USER,
                                  channel="webchat", conversation_id=CONVERSATION, language="de"))
        record_failed_fixes(db_session=session, ticket=ticket, actor=USER,
                            tried=[KnownFix("kb-vpn-01", "Redémarrer le client VPN")])
        to_level2(db_session=session, ticket=ticket, desk=DESK, actor=USER, reason="the KB fix failed")
        return conversations.request_takeover(db_session=session, ticket=ticket, conversation_key=CONVERSATION,
                                              actor=USER, reason="the KB fix failed").id


def test_the_card_reads_the_ticket_what_was_tried_and_the_conversation(session_factory) -> None:
    takeover_id = _waiting(session_factory)
    with session_factory() as session:
        reading = takeovers.read_card(db_session=session, takeover_id=takeover_id, client_language=LANGUAGE)
    assert reading is not None
    holder = reading.holder
    assert (holder.id, holder.status, holder.agent, holder.service, holder.card) == (
        takeover_id, "waiting", None, "VPN", {})
    assert holder.number.startswith("INC-") and holder.language == "fr"  # a third language reads as French
    assert (reading.requester, reading.priority, reading.origin, reading.group, reading.reason) == (
        USER, "P3", "incident", "Infrastructure", "the KB fix failed")
    assert reading.deadline is not None
    assert reading.tried == ("tried without success: Redémarrer le client VPN (kb-vpn-01)",)
    said = [(line.author_kind, line.body) for line in reading.transcript]
    assert ("requester", "mon VPN coupe") in said and ("bot", "Un message d'erreur ?") in said
    assert all("kb-vpn-01" not in body for _, body in said)
    assert (reading.at, reading.outcome, reading.resolution_code) == (None, None, None)
    assert reading.last_log_id > 0


def test_a_card_is_placed_once_and_then_shows_the_conversation_until_then(session_factory) -> None:
    takeover_id = _waiting(session_factory)
    with session_factory() as session:
        last = takeovers.read_card(db_session=session, takeover_id=takeover_id, client_language=LANGUAGE).last_log_id
    card = {"team": "T0DESK", "channel": "C0AGENTS", "ts": "1.1", "log_id": last}
    placed = []
    for ts in ("1.1", "2.2"):  # a second replica posted its own card meanwhile
        with unit_of_work(session_factory) as session:
            placed.append(takeovers.place_card_once(db_session=session, takeover_id=takeover_id,
                                                    card={**card, "ts": ts}, card_key=f"C0AGENTS:{ts}"))
    assert placed == [True, False]
    with unit_of_work(session_factory) as session:
        holder = takeovers.get_holder_by_card(db_session=session, card_key="C0AGENTS:1.1", client_language=LANGUAGE)
        assert holder is not None and (holder.id, holder.card) == (takeover_id, card)
        assert takeovers.get_holder_by_card(db_session=session, card_key="C0AGENTS:2.2",
                                               client_language=LANGUAGE) is None
        add_log(db_session=session, ticket=session.get(Takeover, takeover_id).ticket,
                line=LogLine("requester", USER, "toujours rien"))
    with session_factory() as session:
        reading = takeovers.read_card(db_session=session, takeover_id=takeover_id, client_language=LANGUAGE)
    assert reading.last_log_id == last
    assert "toujours rien" not in [line.body for line in reading.transcript]  # it went to the card's thread


def test_a_takeover_that_is_not_there_reads_as_none(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        assert takeovers.get_holder(db_session=session, takeover_id=404, client_language=LANGUAGE) is None
        assert takeovers.read_card(db_session=session, takeover_id=404, client_language=LANGUAGE) is None
        assert takeovers.place_card_once(db_session=session, takeover_id=404, card={"ts": "1"}, card_key="C:1") is False
