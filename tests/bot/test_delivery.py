"""The outbox through the doors, on a real client database: a requester's notice in their latest
conversation and language, a channel down then back (delivered once), a rate limit honoured, the handoff
card and Rasa's pause, announcements threaded in the channel and in users' DMs, e-mail audiences left
alone, no double send from passes at once (PostgreSQL: two replicas), and wake()."""

import asyncio
import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.delivery import Delivery
from bot.directory import Directory
from bot.messages import BotMessage
from bot.outlets import ChannelUnavailable, Place
from servicedesk import operations
from servicedesk.announcements import service as announcements
from servicedesk.announcements.models import AnnouncementPost
from servicedesk.clients.registry import open_catalogue
from servicedesk.conversations import service as conversations
from servicedesk.database import unit_of_work
from servicedesk.models import utcnow
from servicedesk.notifications.models import Notification
from servicedesk.notifications.service import notify
from servicedesk.tickets.service import IncidentReport, open_incident
from standins.doors import FakeRasa
from tests.servicedesk.clients.conftest import drop_postgres_databases, postgres_url

ALICE = "slack:T0DEMOINDUS:U1"
BOB = "webchat:demo:6b1f"
ALICE_DM = {"team": "T0DEMOINDUS", "channel": "D1", "user": "U1"}


class FakeOutlet:
    """An in-memory door: records what it writes, answers Slack-like references, can be switched down."""

    def __init__(self, channel: str, delay: float = 0.0) -> None:
        self.channel = channel
        self.delay = delay
        self.failure: ChannelUnavailable | None = None
        self.notified: list[tuple[Place, list[str], dict[str, Any] | None]] = []
        self.messages: list[BotMessage] = []  # what notify() was given, buttons included
        self.posts: list[tuple[str, str, list[str], str | None]] = []
        self._ts = 0

    def down(self, retry_after: float | None = None) -> None:
        self.failure = ChannelUnavailable(f"{self.channel} answered 503", retry_after=retry_after)

    def up(self) -> None:
        self.failure = None

    async def _write(self) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.failure:
            raise self.failure
        self._ts += 1
        return f"1700000000.{self._ts:06d}"

    async def send(self, place: Place, messages: Sequence[BotMessage]) -> None:
        raise AssertionError("notifications go through notify()")

    async def notify(self, place: Place, messages: Sequence[BotMessage],
                     thread: dict[str, Any] | None = None) -> dict[str, Any]:
        ts = await self._write()
        self.notified.append((place, [m.text for m in messages], thread))
        self.messages.extend(messages)
        return dict(thread) if thread else {"channel": "D" + place.requester.rsplit(":", 1)[-1], "ts": ts}

    async def post_to_channel(self, team: str, channel: str, messages: Sequence[BotMessage],
                              thread_ts: str | None = None) -> dict[str, Any]:
        ts = await self._write()
        self.posts.append((team, channel, [m.text for m in messages], thread_ts))
        return {"channel": channel, "ts": thread_ts or ts}


class FakeAgentDesk:
    def __init__(self) -> None:
        self.cards: list[tuple[str, int]] = []
        self.notices: list[tuple[str, str]] = []
        self.redrawn: list[tuple[str, int]] = []

    async def post_card(self, client: str, takeover_id: int) -> None:
        self.cards.append((client, takeover_id))

    async def relay_to_agent(self, client: str, takeover_id: int, text: str, author: str) -> None: ...

    async def post_notice(self, client: str, text: str) -> None:
        self.notices.append((client, text))

    async def update_card(self, client: str, takeover_id: int) -> None:
        self.redrawn.append((client, takeover_id))


class Doors:
    def __init__(self, directory: Directory, delay: float = 0.0, interval: float = 60.0) -> None:
        self.slack, self.webchat = FakeOutlet("slack", delay), FakeOutlet("webchat", delay)
        self.agents = FakeAgentDesk()
        self.rasa = FakeRasa()
        self.delivery = Delivery(directory, {"slack": self.slack, "webchat": self.webchat}, self.agents,
                                 self.rasa.client, interval=interval)


@pytest.fixture
def doors(directory) -> Doors:
    return Doors(directory)


def run(coroutine):
    return asyncio.run(coroutine)


def queue(directory: Directory, event: str, audience: str, recipient: str, *, client: str = "demo",
          language: str = "fr", **extra: Any) -> int:
    """A notification as a use case queues it; in French unless told, as the demo client's tickets are."""
    with unit_of_work(directory.sessions(client)) as session:
        queued = notify(db_session=session, dedup_key=uuid.uuid4().hex, event=event, audience=audience,
                        recipient=recipient, language=language, **extra)
        session.flush()
        return queued.id


def talk(directory: Directory, key: str, door: str, requester: str, language: str | None = None,
         address: dict[str, Any] | None = None) -> None:
    with unit_of_work(directory.sessions("demo")) as session:
        conversations.remember(db_session=session, key=key, channel=door, requester=requester,
                               address=address or {}, language=language)


def row(directory: Directory, notification_id: int) -> Notification:
    with directory.sessions("demo")() as session:
        return session.get(Notification, notification_id)


def test_a_requester_notice_reaches_their_latest_conversation_in_their_language(directory, doors) -> None:
    talk(directory, "slack:T0DEMOINDUS:D1", "slack", ALICE, "en", address=ALICE_DM)
    talk(directory, "webchat:demo:a1", "webchat", ALICE)  # her latest, but the ticket was opened on Slack
    on_slack = queue(directory, "status_changed", "requester", ALICE, channel="slack", language="en",
                     payload={"number": "INC-000042", "from": "in_progress", "to": "pending", "reason": "your PC?"})
    from_rest = queue(directory, "keep_in_loop", "requester", ALICE, channel="rest",
                      payload={"number": "INC-000043", "status": "assigned", "group": None})
    assert run(doors.delivery.run_once()) == 2
    [(place, texts, thread)] = doors.slack.notified
    assert (place.client, place.conversation, place.requester) == ("demo", "slack:T0DEMOINDUS:D1", ALICE)
    assert place.address == {"team": "T0DEMOINDUS", "channel": "D1", "user": "U1"}
    assert texts == ["Your ticket INC-000042 is on hold: your PC?."] and thread is None
    [(place, texts, _)] = doors.webchat.notified  # no conversation on "rest": where she last talked
    assert place.conversation == "webchat:demo:a1" and texts[0].startswith("Point sur votre ticket INC-000043")
    assert row(directory, on_slack).delivered_at is not None and row(directory, from_rest).last_error is None


def test_a_requester_who_never_used_a_door_is_done_with_no_door(directory, doors) -> None:
    notice = queue(directory, "satisfaction_request", "requester", "rest:jdupont", channel="rest",
                   payload={"number": "INC-1"})
    assert run(doors.delivery.run_once()) == 1
    done = row(directory, notice)
    assert done.delivered_at is not None and done.last_error.startswith("no door")
    assert doors.slack.notified == doors.webchat.notified == []


def test_a_channel_down_keeps_the_row_due_and_it_is_delivered_once_when_back(directory, doors) -> None:
    talk(directory, BOB, "webchat", BOB)
    notice = queue(directory, "closure_request", "requester", BOB, channel="webchat",
                   payload={"number": "INC-2", "solution": "redémarré"})
    now = utcnow()
    doors.webchat.down()
    assert run(doors.delivery.run_once(now)) == 0
    kept = row(directory, notice)
    assert (kept.delivered_at, kept.attempts, kept.last_error) == (None, 1, "webchat answered 503")
    assert kept.next_attempt_at == now + timedelta(seconds=2)  # backoff: 2 ** attempts
    doors.webchat.up()
    assert run(doors.delivery.run_once(now + timedelta(seconds=1))) == 0  # not yet due
    assert run(doors.delivery.run_once(now + timedelta(seconds=3))) == 1
    assert run(doors.delivery.run_once(now + timedelta(hours=2))) == 0
    assert [texts for _, texts, _ in doors.webchat.notified] == [
        ["Votre ticket INC-2 est résolu : redémarré\nEst-ce réglé pour vous ? Répondez avec un bouton ou avec vos "
         "mots (« oui ça marche », « non, toujours pareil… »). Sans nouvelle de votre part, il sera clos "
         "automatiquement."]]
    assert row(directory, notice).attempts == 2


def test_the_closing_questions_come_with_their_answers_as_buttons(directory, doors) -> None:
    talk(directory, BOB, "webchat", BOB)
    queue(directory, "closure_request", "requester", BOB, channel="webchat", payload={"number": "INC-2",
                                                                                      "solution": "redémarré"})
    queue(directory, "satisfaction_request", "requester", BOB, channel="webchat", payload={"number": "INC-2"})
    queue(directory, "keep_in_loop", "requester", BOB, payload={"number": "INC-2", "status": "pending"})
    assert run(doors.delivery.run_once()) == 3
    fixed, rating, update = doors.webchat.messages
    assert [(b.title, b.payload) for b in fixed.buttons] == [
        ("✅ Oui, c'est réglé", '/affirm{"ticket_number": "INC-2"}'),
        ("❌ Non, toujours pas", '/deny{"ticket_number": "INC-2"}')]
    assert [b.payload for b in rating.buttons][4] == '/inform{"rating": "5", "ticket_number": "INC-2"}'
    assert update.buttons == () and {m.author for m in doors.webchat.messages} == {"system"}


def test_a_rate_limit_retry_after_is_honoured(directory, doors) -> None:
    talk(directory, BOB, "webchat", BOB)
    notice = queue(directory, "keep_in_loop", "requester", BOB, payload={"number": "INC-3", "status": "pending"})
    now = utcnow()
    doors.webchat.down(retry_after=7)
    run(doors.delivery.run_once(now))
    assert row(directory, notice).next_attempt_at == now + timedelta(seconds=7)


def test_any_other_failure_is_retried_too(directory, doors, monkeypatch) -> None:
    talk(directory, BOB, "webchat", BOB)
    notice = queue(directory, "keep_in_loop", "requester", BOB, payload={"number": "INC-3", "status": "pending"})

    async def broken(*args: Any, **kwargs: Any) -> dict[str, Any]:
        raise KeyError("ts")

    monkeypatch.setattr(doors.webchat, "notify", broken)
    assert run(doors.delivery.run_once()) == 0
    failed = row(directory, notice)
    assert (failed.delivered_at, failed.attempts, failed.last_error) == (None, 1, "KeyError: 'ts'")


def test_a_takeover_request_pauses_rasa_and_posts_the_card(directory, doors) -> None:
    payload = {"takeover_id": 5, "number": "INC-4", "conversation": "slack:T0DEMOINDUS:D1", "reason": "ask_human"}
    notice = queue(directory, "takeover_requested", "agents", "N2 Réseau", payload=payload)
    now = utcnow()
    doors.rasa.down = True
    assert run(doors.delivery.run_once(now)) == 0
    assert doors.agents.cards == [] and "RasaUnavailable" in row(directory, notice).last_error
    doors.rasa.down = False
    assert run(doors.delivery.run_once(now + timedelta(seconds=3))) == 1
    assert doors.agents.cards == [("demo", 5)]
    assert doors.rasa.events == [("slack:T0DEMOINDUS:D1", [{"event": "pause"}])]


def test_a_step_taken_in_the_console_redraws_the_card_and_says_nothing(directory, doors) -> None:
    queue(directory, "takeover_changed", "agents", "N2 Réseau", payload={"takeover_id": 7})
    assert run(doors.delivery.run_once()) == 1
    assert doors.agents.redrawn == [("demo", 7)] and doors.agents.notices == []


def test_group_notices_go_to_the_agents_channel(directory, doors) -> None:
    queue(directory, "sla_breach", "group", "N2 Réseau", language="en",
          payload={"number": "INC-5", "agreement": "P2", "kind": "OLA", "metric": "tto",
                   "deadline": "2026-03-02T08:00:00+00:00"})
    assert run(doors.delivery.run_once()) == 1
    assert doors.agents.notices == [("demo", "🔥 [N2 Réseau] Ticket INC-5: ownership time exceeded (OLA “P2”, "
                                             "due 2026-03-02 at 09:00).")]  # the desk's time: Paris


def test_resolved_says_nothing_the_closure_request_says_it(directory, doors) -> None:
    talk(directory, BOB, "webchat", BOB)
    status = queue(directory, "status_changed", "requester", BOB, payload={"number": "INC-6", "to": "resolved"})
    assert run(doors.delivery.run_once()) == 1
    assert doors.webchat.notified == [] and row(directory, status).last_error.startswith("nothing to say")


def test_e_mail_audiences_are_not_picked(directory, doors) -> None:
    manager = queue(directory, "escalated", "manager", "chef@demo.test", payload={"number": "INC-7"})
    contact = queue(directory, "escalated", "client_contact", "dsi@demo.test", payload={"number": "INC-7"})
    assert run(doors.delivery.run_once()) == 0
    assert [(row(directory, n).delivered_at, row(directory, n).attempts) for n in (manager, contact)] == [
        (None, 0), (None, 0)]


def announce(directory: Directory) -> None:
    """A targeted planned change on VPN, reported by Alice in Slack; updated, then over."""
    with unit_of_work(directory.sessions("demo")) as session:
        open_incident(db_session=session, agreements=directory.desk(session), report=IncidentReport(
            service="VPN", description="le VPN coupe", impact=3, urgency=3, requester=ALICE, channel="slack",
            conversation_id="slack:T0DEMOINDUS:D1", language="fr"))
    with unit_of_work(directory.sessions("demo")) as session:
        change = announcements.create(db_session=session, client_language="fr",
                                      kind="planned_change", title="VPN", body="Coupure samedi",
                                      services=["VPN"], starts_at=utcnow() + timedelta(days=3), targeted=True)
        announcements.update(db_session=session, announcement=change, body="Décalé à 9h", client_language="fr")
        announcements.update(db_session=session, announcement=change, body="Fini", final=True, client_language="fr")


def posts(directory: Directory) -> dict[str, dict[str, Any]]:
    with directory.sessions("demo")() as session:
        return {p.recipient: p.reference for p in session.scalars(select(AnnouncementPost))}


def test_an_announcement_its_update_and_its_end_share_one_thread(directory, doors) -> None:
    talk(directory, "slack:T0DEMOINDUS:D1", "slack", ALICE, "en", address=ALICE_DM)
    announce(directory)
    run(doors.delivery.run_once())
    [first, update, end] = doors.slack.posts
    assert first[:2] == ("T0DEMOINDUS", "C0DEMOANNOUNCE") and first[3] is None
    assert first[2][0].startswith("🗓️ Intervention planifiée : VPN\nCoupure samedi")  # the client's language
    root = posts(directory)["announcements"]
    assert root == {"channel": "C0DEMOANNOUNCE", "ts": "1700000000.000001"}
    assert (update[3], end[3]) == (root["ts"], root["ts"])
    assert update[2] == ["Mise à jour — VPN\nDécalé à 9h"] and end[2][0].startswith("✅ Terminé — VPN")
    # Alice reported on VPN: her copies in her DM, in English (her conversation's language), in one thread.
    dms = [(texts[0], thread) for place, texts, thread in doors.slack.notified if place.requester == ALICE
           and "VPN" in texts[0] and "Ticket" not in texts[0]]
    dm = posts(directory)[ALICE]
    assert dm == {"channel": "DU1", "ts": "1700000000.000002", "door": "slack"}
    assert [text.split("\n")[0] for text, _ in dms] == ["🗓️ Planned change: VPN", "Update — VPN", "✅ Over — VPN"]
    assert [thread for _, thread in dms] == [None, dm, dm]


def test_an_update_waits_for_the_first_post_of_its_announcement(directory, doors) -> None:
    announce(directory)
    now = utcnow()
    doors.slack.down()
    run(doors.delivery.run_once(now))
    with directory.sessions("demo")() as session:
        waiting = session.scalars(select(Notification).where(Notification.event == "announcement_update",
                                                             Notification.recipient == "announcements")).one()
    assert waiting.last_error == "waiting for an earlier message of this announcement"
    doors.slack.up()
    run(doors.delivery.run_once(now + timedelta(seconds=10)))
    assert [thread_ts for *_, thread_ts in doors.slack.posts] == [None, "1700000000.000001", "1700000000.000001"]


def test_two_passes_at_once_send_each_row_once(directory) -> None:
    doors = Doors(directory, delay=0.01)
    talk(directory, BOB, "webchat", BOB)
    for number in range(5):
        queue(directory, "keep_in_loop", "requester", BOB, payload={"number": f"INC-{number}", "status": "new"})

    async def both() -> list[int]:
        return await asyncio.gather(doors.delivery.run_once(), doors.delivery.run_once())

    assert sorted(run(both())) == [0, 5]
    assert len(doors.webchat.notified) == 5


def test_wake_makes_the_loop_deliver_at_once(directory) -> None:
    doors = Doors(directory, interval=60)
    talk(directory, BOB, "webchat", BOB)

    async def scenario() -> None:
        worker = asyncio.create_task(doors.delivery.run_forever())
        await asyncio.sleep(0.3)  # the first pass found nothing; the next is a minute away
        queue(directory, "keep_in_loop", "requester", BOB, payload={"number": "INC-1", "status": "new"})
        doors.delivery.wake()
        try:
            for _ in range(100):
                if doors.webchat.notified:
                    break
                await asyncio.sleep(0.02)
        finally:
            worker.cancel()
        assert len(doors.webchat.notified) == 1

    run(scenario())


def test_the_loop_survives_a_failing_pass(directory, monkeypatch) -> None:
    doors = Doors(directory, interval=0.01)
    passes: list[int] = []
    real = doors.delivery.run_once

    async def flaky(now=None) -> int:
        passes.append(1)
        if len(passes) == 1:
            raise RuntimeError("catalogue unreachable")
        return await real(now)

    monkeypatch.setattr(doors.delivery, "run_once", flaky)

    async def scenario() -> None:
        worker = asyncio.create_task(doors.delivery.run_forever())
        await asyncio.sleep(0.3)
        worker.cancel()

    run(scenario())
    assert len(passes) >= 2


@pytest.fixture
def postgres_directory(tmp_path, monkeypatch):
    """The same clients with their databases on PostgreSQL (the catalogue stays on SQLite)."""
    prefix = f"relais_d{uuid.uuid4().hex[:8]}_"
    monkeypatch.setenv("RELAIS_CATALOGUE_URL", f"sqlite:///{tmp_path / 'catalogue.db'}")
    monkeypatch.setenv("RELAIS_CLIENT_DATABASE_URL_TEMPLATE", postgres_url(prefix + "{slug}"))
    try:
        operations.bootstrap()
        with open_catalogue() as (catalogue, registry):
            yield Directory(catalogue, registry)
    finally:
        drop_postgres_databases(prefix)


@pytest.mark.postgresql  # the server itself, without a PostgreSQL fixture to mark it
def test_two_replicas_on_postgresql_never_send_a_row_twice(postgres_directory) -> None:
    first, second = Doors(postgres_directory, delay=0.02), Doors(postgres_directory, delay=0.02)
    second.webchat = first.webchat  # one web chat, two processes writing to it
    second.delivery.outlets = {"webchat": first.webchat}
    talk(postgres_directory, BOB, "webchat", BOB)
    for number in range(8):
        queue(postgres_directory, "keep_in_loop", "requester", BOB, payload={"number": f"INC-{number}",
                                                                             "status": "new"})

    async def replicas() -> list[int]:
        return await asyncio.gather(first.delivery.run_once(), second.delivery.run_once())

    done = run(replicas())
    numbers = [texts[0].split()[4] for _, texts, _ in first.webchat.notified]
    assert sorted(numbers) == [f"INC-{n}" for n in range(8)] and sum(done) == 8
    assert min(done) > 0  # both replicas worked, on different rows
