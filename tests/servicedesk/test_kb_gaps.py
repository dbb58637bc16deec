"""What a client's tickets say the KB did not answer: nothing proposed, a fix that failed or did not hold, level 2's
own solution; not a ticket the KB solved, nor one a tool opened, nor an old or anonymised one."""

from datetime import timedelta

from servicedesk.database import unit_of_work
from servicedesk.kb_gaps import FAILED_FIX, LEVEL2, NO_MATCH, unanswered
from servicedesk.models import utcnow
from servicedesk.tickets.models import HistoryEntry, LogEntry, Ticket


def ticket(number: str, description: str, *, channel: str = "webchat", log: tuple[str, ...] = (),
           reasons: tuple[str, ...] = (), **fields) -> Ticket:
    made = Ticket(number=number, type="incident", origin="incident", priority="P3", impact=3, urgency=3,
                  title=description[:40], service="Outlook", description=description, requester="webchat:u1",
                  channel=channel, conversation_id="webchat:c1", language="fr", **fields)
    made.log = [LogEntry(author_kind="bot", author="relais", kind="kb_fix", body=body) for body in log]
    made.history = [HistoryEntry(actor="relais", field="status", old="resolved", new="in_progress", reason=reason)
                    for reason in reasons]
    return made


def test_the_three_kinds_and_what_is_not_a_gap(session_factory) -> None:
    now = utcnow()
    with unit_of_work(session_factory) as session:
        session.add_all([
            ticket("INC-1", "le scanner n'envoie plus les scans, appelez-moi au 06 12 34 56 78",
                   error_message="SMTP 535"),
            ticket("INC-2", "Outlook plante", log=("proposed: Outlook profile (KB-1)",
                                                   "tried without success: Outlook profile (KB-1); Repair (KB-2)")),
            ticket("INC-3", "le badge ne passe plus", resolved_at=now, resolution_code="fixed",
                   solution="badge re-encoded at the desk"),
            ticket("INC-4", "Outlook plante encore", log=("the fix from KB-1 worked",), reasons=(
                "the known fix did not hold",), resolution_code="known_fix_applied", resolved_at=now,
                solution="Outlook profile — kb:KB-1"),
            ticket("INC-5", "solved by the KB", log=("the fix from KB-1 worked",), resolution_code="known_fix_applied",
                   resolved_at=now, solution="Outlook profile — kb:KB-1"),
            ticket("INC-6", "opened by a tool", channel="api"),
            ticket("INC-7", "too old", created_at=now - timedelta(days=120)),
            ticket("INC-8", "forgotten", anonymised_at=now),
        ])
    with session_factory() as session:
        found = {question.number: question for question in unanswered(db_session=session)}
    assert sorted(found) == ["INC-1", "INC-2", "INC-3", "INC-4"]
    assert (found["INC-1"].kind, found["INC-1"].text) == (
        NO_MATCH, "SMTP 535 le scanner n'envoie plus les scans, appelez-moi au [téléphone]")  # personal data out
    assert (found["INC-2"].kind, found["INC-2"].failed) == (FAILED_FIX, ("KB-1", "KB-2"))
    assert (found["INC-3"].kind, found["INC-3"].solution) == (LEVEL2, "badge re-encoded at the desk")
    assert (found["INC-4"].kind, found["INC-4"].failed) == (FAILED_FIX, ("KB-1",))


def test_a_recorded_miss_is_a_question_unless_a_ticket_followed_it(session_factory) -> None:
    from servicedesk.kb_misses.service import record_miss

    now = utcnow()
    with unit_of_work(session_factory) as session:
        record_miss(db_session=session, conversation_id="webchat:c9", query="comment réserver une salle",
                    language="fr", now=now - timedelta(minutes=5))
        record_miss(db_session=session, conversation_id="webchat:c1", query="le scanner n'envoie plus",
                    language="fr", now=now - timedelta(minutes=5))
        session.add(ticket("INC-1", "le scanner n'envoie plus les scans"))  # conversation webchat:c1, just after
    with session_factory() as session:
        found = unanswered(db_session=session)
    assert [(question.kind, question.text) for question in found] == [
        (NO_MATCH, "le scanner n'envoie plus les scans"), (NO_MATCH, "comment réserver une salle")]
    assert found[1].number.startswith("search-")
