"""The takeover steps an agent performs, whatever tool they click in: take the conversation, write to the
user, hand back to the bot, set the ticket pending on the user, resolve it. Each step is one transaction
on the client's database (ticket, log and outbox together), then the user is told in their own channel
and Rasa is paused or resumed."""

import asyncio
import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.directory import Directory, client_language
from bot.errors import ChannelUnavailable, RasaUnavailable
from bot.kb_feed import Learn, feed_kb
from bot.messages import BotMessage
from bot.outlets import Outlet, Place
from bot.rasa_client import RasaClient
from bot.texts import say
from servicedesk.conversations import service as conversations
from servicedesk.conversations.models import Takeover
from servicedesk.errors import TakeoverError
from servicedesk.language import Language, language_of

logger = logging.getLogger(__name__)


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
    place: Place | None


class Handoff:
    """`learn` feeds a resolution's lesson to the client's KB (bot.kb_feed by default, a recorder in tests)."""

    def __init__(self, directory: Directory, rasa: RasaClient, outlets: dict[str, Outlet], *,
                 learn: Learn = feed_kb) -> None:
        self.directory = directory
        self.rasa = rasa
        self.outlets = outlets
        self.learn = learn

    async def take(self, client: str, takeover_id: int, agent: str, agent_name: str) -> TakeoverView:
        """Raises TakeoverError (with taken_by) when someone was quicker."""
        def step() -> TakeoverView:
            with self.directory.unit_of_work(client) as session:
                takeover = conversations.take(db_session=session, takeover_id=takeover_id, agent=agent,
                                              agent_name=agent_name, agreements=self.directory.desk(session))
                return _view(session, client, takeover)

        view = await asyncio.to_thread(step)
        await self._pause(view)
        await self._tell(view, say("agent_joined", view.language, agent=agent_name, number=view.number))
        return view

    async def agent_says(self, client: str, takeover_id: int, agent: str, agent_name: str, text: str) -> TakeoverView:
        """The agent's message, logged then delivered to the user (ChannelUnavailable when it could not be)."""
        def step() -> TakeoverView:
            with self.directory.unit_of_work(client) as session:
                takeover = _get(session, takeover_id)
                if takeover.status != "taken" or takeover.agent != agent:
                    raise TakeoverError("not_holder", takeover_id=takeover.id, taken_by=takeover.agent_name)
                conversations.log_message(db_session=session, takeover=takeover, author_kind="agent", author=agent,
                                          text=text)
                return _view(session, client, takeover)

        view = await asyncio.to_thread(step)
        await self._deliver(view, [BotMessage(text=text, author="agent", author_name=agent_name)])
        return view

    async def hand_back(self, client: str, takeover_id: int, agent: str, agent_name: str) -> TakeoverView:
        def step() -> TakeoverView:
            with self.directory.unit_of_work(client) as session:
                takeover = _get(session, takeover_id)
                conversations.hand_back(db_session=session, takeover=takeover, agent=agent)
                return _view(session, client, takeover)

        view = await asyncio.to_thread(step)
        await self._resume(view)
        await self._tell(view, say("handed_back", view.language, agent=agent_name))
        return view

    async def set_pending(self, client: str, takeover_id: int, agent: str, reason: str) -> TakeoverView:
        def step() -> TakeoverView:
            with self.directory.unit_of_work(client) as session:
                takeover = _get(session, takeover_id)
                conversations.set_pending(db_session=session, takeover=takeover, agent=agent,
                                          agreements=self.directory.desk(session), reason=reason)
                return _view(session, client, takeover)

        view = await asyncio.to_thread(step)
        await self._tell(view, say("pending_on_you", view.language, number=view.number, reason=reason))
        return view

    async def resolve(self, client: str, takeover_id: int, agent: str, agent_name: str, *, category: str,
                      cause_code: str, resolution_code: str, solution: str) -> TakeoverView:
        """Raises MissingClosureCodes / InvalidClosureCode from the desk's rules. Once committed, the resolution
        teaches the client's KB, as it does from the chat and the API."""
        def step() -> tuple[TakeoverView, dict[str, str]]:
            with self.directory.unit_of_work(client) as session:
                takeover = _get(session, takeover_id)
                lesson = conversations.resolve(db_session=session, takeover=takeover, agent=agent,
                                               agreements=self.directory.desk(session), category=category,
                                               cause_code=cause_code, resolution_code=resolution_code,
                                               solution=solution)
                return _view(session, client, takeover), lesson

        view, lesson = await asyncio.to_thread(step)
        await self._resume(view)
        await self._tell(view, say("resolved_by_agent", view.language, agent=agent_name, number=view.number,
                                   solution=solution))
        await asyncio.to_thread(self.learn, client, lesson)  # last: embedding takes a moment
        return view

    async def _pause(self, view: TakeoverView) -> None:
        if view.place is not None:
            try:
                await self.rasa.pause(view.place.conversation)
            except RasaUnavailable:  # the relay keeps the bot silent anyway while the takeover is active
                logger.warning("could not pause %s in Rasa", view.place.conversation)

    async def _resume(self, view: TakeoverView) -> None:
        if view.place is not None:
            try:
                await self.rasa.resume(view.place.conversation)
            except RasaUnavailable:
                logger.error("could not resume %s in Rasa", view.place.conversation)

    async def _tell(self, view: TakeoverView, text: str) -> None:
        try:
            await self._deliver(view, [BotMessage(text=text, author="system")])
        except ChannelUnavailable as error:  # the step is done and logged; the notice is best effort
            logger.warning("could not tell the user of takeover %s: %s", view.id, error)

    async def _deliver(self, view: TakeoverView, messages: list[BotMessage]) -> None:
        if view.place is None:
            raise ChannelUnavailable("the conversation has no known address")
        outlet = self.outlets.get(view.place.channel)
        if outlet is None:
            raise ChannelUnavailable(f"no door for channel {view.place.channel}")
        await outlet.send(view.place, messages)


def _get(session: Session, takeover_id: int) -> Takeover:
    takeover = session.get(Takeover, takeover_id)
    if takeover is None:
        raise TakeoverError("unknown", takeover_id=takeover_id)
    return takeover


def _view(session: Session, client: str, takeover: Takeover) -> TakeoverView:
    conversation = conversations.get(db_session=session, key=takeover.conversation_key)
    place = None if conversation is None else Place.of(client, conversation)
    return TakeoverView(id=takeover.id, status=takeover.status, number=takeover.ticket.number or "",
                        agent=takeover.agent, agent_name=takeover.agent_name, outcome=takeover.outcome,
                        language=language_of(takeover.ticket.language, client_language(session)), place=place)
