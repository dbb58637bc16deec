"""The level-2 agents' side in Slack: the handoff card in the client's agents' channel, its buttons (take
over, hand back, set pending, resolve), and the card's thread, where the user's messages arrive and the
agent's replies leave for the user's own channel (Slack, Teams or web chat).

Listeners by kind, as in Bolt's own template, each translating a Slack payload into a step and its outcome
into a Slack reply: `actions` (the card's buttons), `views` (the modals' submissions), `messages` (the
replies in a card's thread, handed over by the Slack door). What they share, and what the relay and the
delivery call, is `desk.SlackAgentDesk`. Every step is bot.handoff.Handoff's (one transaction on the client's
database, then the user is told); what the card shows servicedesk reads (conversations/takeovers.py).
"""

from slack_bolt.async_app import AsyncApp

from bot.slack.agents import actions, views
from bot.slack.agents.desk import SlackAgentDesk

__all__ = ["SlackAgentDesk", "register"]


def register(app: AsyncApp, agent_desk: SlackAgentDesk) -> None:
    actions.register(app, agent_desk)
    views.register(app, agent_desk)
