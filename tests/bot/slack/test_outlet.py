"""Writing to Slack from inside Relais (agents' replies, notifications, announcements): where it goes, and
every failure as ChannelUnavailable, with Slack's Retry-After on a 429 so that the outbox waits that long.
Also the door's life cycle: closed when Slack is not configured, Socket Mode when an app token is set."""

import asyncio

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import SlackConfig
from bot.handoff import Handoff
from bot.messages import BotMessage, Button
from bot.outlets import ChannelUnavailable, Place
from bot.relay import Relay
from bot.slack.agents import SlackAgentDesk
from bot.slack.door import SlackDoor
from bot.slack.outlet import SlackOutlet
from bot.slack.workspaces import Workspaces
from standins.doors import FakeRasa
from tests.bot.slack.conftest import TEAM, TOKENS

DM_PLACE = Place(client="demo", channel="slack", conversation=f"slack:{TEAM}:D0ALICE",
                 requester=f"slack:{TEAM}:U0ALICE",
                 address={"team": TEAM, "channel": "D0ALICE", "thread_ts": None, "user": "U0ALICE"})
THREAD_PLACE = Place(client="demo", channel="slack", conversation=f"slack:{TEAM}:C0GENERAL:1700000000.000100",
                     requester=f"slack:{TEAM}:U0ALICE",
                     address={"team": TEAM, "channel": "C0GENERAL", "thread_ts": "1700000000.000100",
                              "user": "U0ALICE"})


def outlet_for(slack) -> SlackOutlet:
    return SlackOutlet(lambda team: AsyncWebClient(token=TOKENS[team], base_url=slack.url))


def door(config: SlackConfig, directory) -> SlackDoor:
    rasa = FakeRasa()
    workspaces = Workspaces(config)
    desk = SlackAgentDesk(workspaces.client_for, directory, Handoff(directory, wake=lambda: None))
    return SlackDoor(config, Relay(directory, rasa.client), directory, desk, workspaces)


def test_send_writes_into_the_dm_or_the_thread_with_blocks(slack) -> None:
    outlet = outlet_for(slack)
    asyncio.run(outlet.send(DM_PLACE, [BotMessage(text="Je regarde", author="agent", author_name="Léa")]))
    asyncio.run(outlet.send(THREAD_PLACE, [BotMessage(text="a"), BotMessage(text="b", buttons=(Button("Oui", "/y"),))]))
    dm, first, second = slack.calls_to("chat.postMessage")
    assert (dm.params["channel"], dm.params.get("thread_ts"), dm.params["text"]) == ("D0ALICE", None, "Léa: Je regarde")
    assert dm.params["blocks"][0]["type"] == "context"
    assert [(c.params["channel"], c.params["thread_ts"]) for c in (first, second)] == [
        ("C0GENERAL", "1700000000.000100")] * 2
    assert second.params["blocks"][-1]["type"] == "actions"


def test_notify_opens_a_dm_and_returns_the_root_to_thread_follow_ups_under(slack) -> None:
    outlet = outlet_for(slack)
    root = asyncio.run(outlet.notify(THREAD_PLACE, [BotMessage(text="Incident majeur messagerie")]))
    assert slack.calls_to("conversations.open")[0].params["users"] == "U0ALICE"
    first = slack.calls_to("chat.postMessage")[0]
    assert root == {"channel": "DU0ALICE", "ts": first.response["ts"]} and "thread_ts" not in first.params
    again = asyncio.run(outlet.notify(THREAD_PLACE, [BotMessage(text="Rétabli")], thread=root))
    assert again == root
    update = slack.calls_to("chat.postMessage")[1]
    assert (update.params["channel"], update.params["thread_ts"]) == ("DU0ALICE", root["ts"])
    assert len(slack.calls_to("conversations.open")) == 1


def test_post_to_channel_returns_the_thread_root_for_updates(slack) -> None:
    outlet = outlet_for(slack)
    root = asyncio.run(outlet.post_to_channel(TEAM, "C0ANNOUNCE", [BotMessage(text="Maintenance ce soir")]))
    assert root["channel"] == "C0ANNOUNCE" and root["ts"]
    update = asyncio.run(outlet.post_to_channel(TEAM, "C0ANNOUNCE", [BotMessage(text="Terminé")],
                                                thread_ts=root["ts"]))
    assert update == root
    assert slack.calls_to("chat.postMessage")[1].params["thread_ts"] == root["ts"]


def test_a_rate_limit_is_channel_unavailable_with_slacks_retry_after(slack) -> None:
    slack.fail("chat.postMessage", times=1, status=429, retry_after=7)
    with pytest.raises(ChannelUnavailable) as raised:
        asyncio.run(outlet_for(slack).send(DM_PLACE, [BotMessage(text="x")]))
    assert raised.value.retry_after == 7
    assert len(slack.calls_to("chat.postMessage")) == 1  # no retry held in the process: the outbox decides


def test_errors_and_outages_are_channel_unavailable(slack) -> None:
    outlet = outlet_for(slack)
    slack.fail("conversations.open", status=500)
    with pytest.raises(ChannelUnavailable) as raised:
        asyncio.run(outlet.notify(DM_PLACE, [BotMessage(text="x")]))
    assert raised.value.retry_after is None
    slack.down()
    with pytest.raises(ChannelUnavailable):
        asyncio.run(outlet.send(DM_PLACE, [BotMessage(text="x")]))
    slack.up()
    unreachable = SlackOutlet(lambda team: AsyncWebClient(token="xoxb-demo", base_url="http://127.0.0.1:9/api/"))
    with pytest.raises(ChannelUnavailable):
        asyncio.run(unreachable.send(DM_PLACE, [BotMessage(text="x")]))
    with pytest.raises(ChannelUnavailable):
        asyncio.run(outlet.send(Place("demo", "slack", "k", "r", {}), [BotMessage(text="x")]))


def test_the_doors_clients_use_the_configured_api_url_and_tokens(slack_config, slack, directory) -> None:
    slack_door = door(slack_config, directory)
    client = slack_door.workspaces.client_for(TEAM)
    assert (client.base_url, client.token) == (slack.url, "xoxb-demo")
    assert slack_door.app is not None and slack_door.app.client.base_url == slack.url  # bolt copies it per request
    with pytest.raises(ChannelUnavailable):
        slack_door.workspaces.client_for("T0UNKNOWN")
    asyncio.run(slack_door.outlet.send(DM_PLACE, [BotMessage(text="x")]))
    assert slack.calls_to("chat.postMessage")[0].token == "xoxb-demo"


def test_without_slack_configured_the_door_is_closed_but_constructs(directory) -> None:
    closed = door(SlackConfig(), directory)
    assert closed.router.routes == [] and closed.app is None
    with pytest.raises(ChannelUnavailable):
        asyncio.run(closed.outlet.send(DM_PLACE, [BotMessage(text="x")]))

    async def life() -> None:
        await closed.start()
        assert closed.socket_mode is None
        await closed.stop()

    asyncio.run(life())


def test_socket_mode_starts_when_an_app_token_is_set(slack, directory, monkeypatch) -> None:
    from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

    connected = []

    async def connect(handler) -> None:
        connected.append(handler)

    monkeypatch.setattr(AsyncSocketModeHandler, "connect_async", connect)
    config = SlackConfig(app_token="xapp-1-test", bot_tokens=dict(TOKENS), api_url=slack.url)
    socket_door = door(config, directory)
    assert socket_door.router.routes == []  # no signing secret: no HTTP endpoint to forge requests to

    async def life() -> None:
        await socket_door.start()
        handler = socket_door.socket_mode
        assert handler is not None and handler.app is socket_door.app
        assert handler.app_token == "xapp-1-test"
        assert handler.client.web_client.base_url == slack.url
        await asyncio.sleep(0.05)
        assert connected == [handler]
        await socket_door.stop()
        assert socket_door.socket_mode is None

    asyncio.run(life())


def test_http_and_socket_mode_together(slack_config, directory) -> None:
    from dataclasses import replace

    both = door(replace(slack_config, app_token="xapp-1-test"), directory)
    assert [route.path for route in both.router.routes] == ["/slack/events"]
