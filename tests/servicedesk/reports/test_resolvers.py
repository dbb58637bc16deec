"""Who resolved: the bot from the KB in the chat, against level-1 and level-2 agents, with first-contact
resolution and time to resolve split between the bot and the humans; the latest resolution counts."""

from datetime import UTC, datetime, timedelta

from servicedesk.database import unit_of_work
from servicedesk.reports.metrics import compute
from servicedesk.reports.report import Rate
from servicedesk.tickets import workflow
from servicedesk.tickets.kb_resolution import RESOLVER, KnownFix, resolve_with_known_fix
from servicedesk.tickets.service import IncidentReport, open_incident
from tests.servicedesk.tickets.test_resolution import DESK

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
CODES = dict(category="network", cause_code="configuration", resolution_code="fixed", solution="MTU à 1400")
FIX = KnownFix("vpn-globalprotect-echec-connexion", "GlobalProtect ne se connecte pas")


def at(minutes: float) -> datetime:
    return NOW + timedelta(minutes=minutes)


def incident(session, requester: str):
    ticket = open_incident(db_session=session, agreements=DESK, now=NOW, report=IncidentReport(
        service="VPN", description="le VPN refuse de se connecter", impact=3, urgency=2, requester=requester,
        channel="webchat", conversation_id=requester, language="fr"))
    ticket.created_at = NOW
    return ticket


def test_the_kb_in_the_chat_against_level_1_and_level_2_agents(session_factory) -> None:
    with unit_of_work(session_factory) as session:
        for name in ("ann", "ben"):  # two users fixed by the KB in the chat, in 10 minutes
            resolve_with_known_fix(db_session=session, ticket=incident(session, name), fix=FIX, desk=DESK,
                                   actor=name, now=at(10))
        first_line = incident(session, "cat")  # a level-1 agent, in an hour
        workflow.resolve(db_session=session, ticket=first_line, actor="console:lea", agreements=DESK, now=at(60),
                         **CODES)
        second_line = incident(session, "dan")  # escalated to level 2, resolved in three hours
        workflow.assign(db_session=session, ticket=second_line, group="Infrastructure", level=2,
                        actor="console:lea", agreements=DESK, now=at(5))
        workflow.resolve(db_session=session, ticket=second_line, actor="console:bob", agreements=DESK, now=at(180),
                         **CODES)
        refused = incident(session, "eve")  # the bot's fix refused, then an agent's: the agent's (level 1)
        workflow.resolve(db_session=session, ticket=refused, actor=RESOLVER, agreements=DESK, now=at(10), **CODES)
        workflow.refuse_solution(db_session=session, ticket=refused, actor="eve", agreements=DESK, now=at(20))
        workflow.resolve(db_session=session, ticket=refused, actor="console:lea", agreements=DESK, now=at(120),
                         **CODES)
        incident(session, "fay")  # still open: resolved by nobody
    with session_factory() as session:
        report = compute(db_session=session, start=NOW - timedelta(days=1), end=NOW + timedelta(days=1),
                         now=at(600))
    resolvers = report.resolvers
    assert resolvers.resolved == {"bot": Rate(2, 5, 0.4), "level1": Rate(2, 5, 0.4), "level2": Rate(1, 5, 0.2)}
    assert resolvers.first_contact == {"bot": Rate(2, 2, 1.0), "humans": Rate(2, 3, 2 / 3)}
    bot, humans = resolvers.resolution["bot"], resolvers.resolution["humans"]
    assert (bot.resolved, bot.wall_mean_seconds) == (2, 600)
    assert (humans.resolved, humans.wall_mean_seconds) == (3, (60 + 180 + 120) * 60 / 3)
    assert report.first_contact_resolution == Rate(4, 5, 0.8)  # the whole, as before


def test_a_period_without_resolutions_divides_nothing(session_factory) -> None:
    with session_factory() as session:
        report = compute(db_session=session, start=NOW, end=NOW + timedelta(days=1), now=NOW + timedelta(days=2))
    assert report.resolvers.resolved == {name: Rate(0, 0, None) for name in ("bot", "level1", "level2")}
    assert report.resolvers.first_contact["humans"] == Rate(0, 0, None)
    assert report.resolvers.resolution["bot"].wall_mean_seconds is None
