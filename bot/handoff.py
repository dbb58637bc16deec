"""The takeover steps an agent performs in Slack (the card's buttons, its thread, its modals): take the
conversation, write to the user, hand back to the bot, set the ticket pending on the user, resolve it. Each step is
one servicedesk use case in one transaction on the client's database (ticket, log and outbox together), the very one
the console runs; what the user is told, and Rasa paused or resumed, leaves through the outbox
(servicedesk.conversations.to_requester, delivered by bot.delivery), which `wake` asks to deliver at once."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.directory import Directory, client_language
from bot.kb_feed import Learn, feed_kb
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import Takeover
from servicedesk.errors import TakeoverError
from servicedesk.language import Language, language_of


@dataclass(frozen=True)
class TakeoverView:
    """What the agents' card shows of a takeover after a step."""

    id: int
    status: str
    number: str
    agent: str | None
    agent_name: str | None
    outcome: str | None
    language: Language  # the ticket's, which the user is told in


class Handoff:
    """`learn` feeds a resolution's lesson to the client's KB (bot.kb_feed by default, a recorder in tests); `wake`
    asks the outbox's delivery for a pass now (bot.delivery.Delivery.wake)."""

    def __init__(self, directory: Directory, *, wake: Callable[[], None], learn: Learn = feed_kb) -> None:
        self.directory = directory
        self.wake = wake
        self.learn = learn

    async def take(self, client: str, takeover_id: int, agent: str, agent_name: str) -> TakeoverView:
        """Raises TakeoverError (with taken_by) when someone was quicker, here or in the console."""
        def step(session: Session) -> Takeover:
            return conversations.take(db_session=session, takeover_id=takeover_id, agent=agent,
                                      agent_name=agent_name, agreements=self.directory.desk(session))

        return await self._run(client, step)

    async def agent_says(self, client: str, takeover_id: int, agent: str, agent_name: str, text: str) -> TakeoverView:
        """The agent's message, logged and queued for the user's own channel."""
        def step(session: Session) -> Takeover:
            takeover = _get(session, takeover_id)
            conversations.write_to_user(db_session=session, takeover=takeover, agent=agent, text=text)
            return takeover

        return await self._run(client, step)

    async def hand_back(self, client: str, takeover_id: int, agent: str, agent_name: str) -> TakeoverView:
        def step(session: Session) -> Takeover:
            takeover = _get(session, takeover_id)
            conversations.hand_back(db_session=session, takeover=takeover, agent=agent)
            return takeover

        return await self._run(client, step)

    async def set_pending(self, client: str, takeover_id: int, agent: str, reason: str) -> TakeoverView:
        def step(session: Session) -> Takeover:
            takeover = _get(session, takeover_id)
            conversations.set_pending(db_session=session, takeover=takeover, agent=agent,
                                      agreements=self.directory.desk(session), reason=reason)
            return takeover

        return await self._run(client, step)

    async def resolve(self, client: str, takeover_id: int, agent: str, agent_name: str, *, category: str,
                      cause_code: str, resolution_code: str, solution: str) -> TakeoverView:
        """Raises MissingClosureCodes / InvalidClosureCode from the desk's rules. Once committed, the resolution
        teaches the client's KB, as it does from the chat and the API."""
        lessons: list[dict[str, str]] = []

        def step(session: Session) -> Takeover:
            takeover = _get(session, takeover_id)
            lessons.append(conversations.resolve(db_session=session, takeover=takeover, agent=agent,
                                                 agreements=self.directory.desk(session), category=category,
                                                 cause_code=cause_code, resolution_code=resolution_code,
                                                 solution=solution))
            return takeover

        view = await self._run(client, step)
        await asyncio.to_thread(self.learn, client, lessons[0])  # last: embedding takes a moment
        return view

    async def _run(self, client: str, step: Callable[[Session], Takeover]) -> TakeoverView:
        def run() -> TakeoverView:
            with self.directory.unit_of_work(client) as session:
                return _view(session, step(session))

        view = await asyncio.to_thread(run)
        self.wake()
        return view


def _get(session: Session, takeover_id: int) -> Takeover:
    takeover = session.get(Takeover, takeover_id)
    if takeover is None:
        raise TakeoverError("unknown", takeover_id=takeover_id)
    return takeover


def _view(session: Session, takeover: Takeover) -> TakeoverView:
    return TakeoverView(id=takeover.id, status=takeover.status, number=takeover.ticket.number or "",
                        agent=takeover.agent, agent_name=takeover.agent_name, outcome=takeover.outcome,
                        language=language_of(takeover.ticket.language, client_language(session)))
