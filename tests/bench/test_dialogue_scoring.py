"""The dialogue evaluation's scoring, on a client database filled by hand with the service desk's own use cases:
what a right and a wrong ending look like in the database, expectation by expectation."""

from datetime import timedelta

import pytest

from bench.dialogue import fixtures
from bench.dialogue.scoring import Trace, Turn, judge, turns_to_outcome
from bench.dialogue.servers import CLIENT_DIR
from bench.dialogue.spec import Dialogue, SetupTicket
from servicedesk.conversations.models import Takeover
from servicedesk.database import make_engine, make_session_factory
from servicedesk.models import utcnow
from servicedesk.settings.current import desk_of, load_into
from servicedesk.tickets import workflow
from servicedesk.tickets.kb_resolution import KnownFix, resolve_with_known_fix
from servicedesk.tickets.models import Ticket
from servicedesk.tickets.redirection import record_redirection
from servicedesk.tickets.service import IncidentReport, LogLine, add_log, open_ticket

SECURITY = "Sécurité"


@pytest.fixture
def tickets(sqlite_url):
    engine = make_engine(sqlite_url)
    factory = make_session_factory(engine)
    with factory() as session, session.begin():
        load_into(db_session=session, text=(CLIENT_DIR / "settings.yml").read_text(encoding="utf-8"),
                  origin="settings.yml")
    yield factory
    engine.dispose()


def dialogue(expect: dict, *, setup: tuple[SetupTicket, ...] = (), category: str = "solved_by_kb") -> Dialogue:
    return Dialogue(id="d-01", category=category, language="fr", turns=("bonjour",), expect=expect, setup=setup,
                    source="test")


def started(session, played: Dialogue) -> Trace:
    """The trace as the runner makes it when the dialogue starts: setup created, the person's tickets known."""
    person = fixtures.person_of(played)
    created = fixtures.create_all(session, played, person)
    known = frozenset(ticket.id for ticket in created.values())
    return Trace(dialogue=played, person=person, conversations=("webchat:northwind:s1",),
                 setup_ids={ref: t.id for ref, t in created.items()},
                 reminders_before={ref: t.reminder_count for ref, t in created.items()}, known_ids=known,
                 started_at=utcnow() - timedelta(seconds=1))


def report(trace: Trace, origin: str = "incident", service: str = "Workstation") -> IncidentReport:
    return IncidentReport(service=service, description="le pc rame", impact=3, urgency=3,
                          requester=trace.person.requester, channel="webchat", conversation_id=trace.conversations[0],
                          language="fr", origin=origin, requester_email=trace.person.email)


def failed(verdict) -> set[str]:
    return {check.name for check in verdict.checks if not check.ok}


def test_a_fix_from_the_kb_is_one_incident_closed_with_the_article(tickets):
    expect = {"ticket": "incident", "resolved_by_kb": True, "article": "pc-lent", "escalated": False,
              "handoff": False}
    with tickets() as session, session.begin():
        trace = started(session, dialogue(expect))
        ticket = open_ticket(db_session=session, report=report(trace), agreements=desk_of(db_session=session))
        resolve_with_known_fix(db_session=session, ticket=ticket, desk=desk_of(db_session=session),
                               fix=KnownFix("pc-lent", "Mon PC est lent ou se fige"), actor=trace.person.requester)
    with tickets() as session:
        verdict = judge(session, trace, security_group=SECURITY)
        assert verdict.right, verdict.checks
        wrong = judge(session, Trace(**{**trace.__dict__, "dialogue": dialogue(
            {"ticket": "service_request", "article": "en-teams-clear-cache", "resolved_by_kb": False})}),
            security_group=SECURITY)
        assert failed(wrong) == {"ticket", "article", "resolved_by_kb"}


def test_no_ticket_expected_and_one_opened_is_wrong(tickets):
    with tickets() as session, session.begin():
        trace = started(session, dialogue({"ticket": "none"}, category="out_of_scope"))
    with tickets() as session:
        assert judge(session, trace, security_group=SECURITY).right
    with tickets() as session, session.begin():
        open_ticket(db_session=session, report=report(trace))
    with tickets() as session:
        verdict = judge(session, trace, security_group=SECURITY)
        assert failed(verdict) == {"ticket"}
        assert verdict.checks[0].found == "incident"


def test_a_reminder_on_the_setup_ticket_opens_nothing_new(tickets):
    setup = (SetupTicket(ref="T1", type="incident", service="VPN", title="VPN ne se connecte pas", status="assigned",
                         group="Infrastructure", external_ref="INC0012345", days_ago=3),)
    expect = {"ticket": "none", "reminder_on": "T1", "logged_on": "T1"}
    with tickets() as session, session.begin():
        trace = started(session, dialogue(expect, setup=setup, category="reminder"))
    with tickets() as session:
        assert failed(judge(session, trace, security_group=SECURITY)) == {"reminder_on", "logged_on"}
    with tickets() as session, session.begin():
        ticket = session.get(Ticket, trace.setup_ids["T1"])
        assert (ticket.requester_email, ticket.level, ticket.external_ref) == (trace.person.email, 2, "INC0012345")
        ticket.reminder_count += 1
        add_log(db_session=session, ticket=ticket, kind="reminder",
                line=LogLine("requester", trace.person.requester, "toujours rien depuis lundi"))
    with tickets() as session:
        assert judge(session, trace, security_group=SECURITY).right


def test_security_priority_escalation_and_handoff(tickets):
    expect = {"ticket": "incident", "priority_at_least": "P2", "security": True, "escalated": True, "handoff": True,
              "major": False}
    with tickets() as session, session.begin():
        trace = started(session, dialogue(expect, category="security_incident"))
        desk = desk_of(db_session=session)
        ticket = open_ticket(db_session=session, report=report(trace), agreements=desk)
    with tickets() as session:
        assert failed(judge(session, trace, security_group=SECURITY)) == {"priority_at_least", "security",
                                                                          "escalated", "handoff"}
    with tickets() as session, session.begin():
        ticket = session.get(Ticket, ticket.id)
        workflow.set_priority(db_session=session, ticket=ticket, impact=2, urgency=1, actor="relais", agreements=desk)
        workflow.assign(db_session=session, ticket=ticket, group=SECURITY, level=2, actor="relais", agreements=desk)
        session.add(Takeover(ticket_id=ticket.id, conversation_key=trace.conversations[0],
                             requested_by=trace.person.requester))
    with tickets() as session:
        assert judge(session, trace, security_group=SECURITY).right


def test_a_redirection_is_a_ticket_of_origin_other(tickets):
    with tickets() as session, session.begin():
        trace = started(session, dialogue({"ticket": "other", "redirected": True}, category="other_department"))
        record_redirection(db_session=session, report=report(trace, origin="other", service="RH"),
                           agreements=desk_of(db_session=session))
    with tickets() as session:
        assert judge(session, trace, security_group=SECURITY).right
        trace.dialogue = dialogue({"ticket": "service_request", "redirected": False})
        assert failed(judge(session, trace, security_group=SECURITY)) == {"ticket", "redirected"}


def test_turns_to_outcome_counts_the_first_turn_with_a_fix_or_an_own_ticket():
    markers = ["https://kb.northwind-logistique.example/articles/pc-lent", "Mon PC est lent ou se fige"]
    replies = [["Bonjour, que se passe-t-il ?"], ["Voir INC-000001"], ["Essayez : mon pc est lent ou se fige"]]
    assert turns_to_outcome(replies, markers, numbers=set()) == 3
    assert turns_to_outcome(replies, markers, numbers={"INC-000001"}) == 2
    assert turns_to_outcome(replies[:2], markers, numbers=set()) is None
    assert Turn("a", ["b"], 0.1).seconds == 0.1
