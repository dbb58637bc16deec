"""The Bot Framework connector stand-in answers the real SDK's connector client as the connector would (sends,
replies, updates, deletes; conversation ids with Teams' odd characters), records what arrived, and fails on
demand the way the connector fails (429 with Retry-After, error pages, down)."""

import asyncio

import httpx
import pytest
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import MicrosoftAppCredentials
from botframework.connector.models import ErrorResponseException

from standins.bot_connector import DEMO_TENANT, BotConnectorStandIn, teams_activity

CHANNEL_THREAD = "19:abc123@thread.tacv2;messageid=1700000000000"


@pytest.fixture
def connector():
    with BotConnectorStandIn() as stand_in:
        yield stand_in


def _client(connector: BotConnectorStandIn) -> ConnectorClient:
    client = ConnectorClient(MicrosoftAppCredentials.empty(), base_url=connector.url)
    client.config.retry_policy.retries = 0
    return client


def test_the_sdk_sends_replies_and_updates_and_each_is_recorded(connector) -> None:
    async def scenario() -> None:
        client = _client(connector)
        sent = await client.conversations.send_to_conversation(CHANNEL_THREAD, Activity(type="message", text="hi"))
        reply = await client.conversations.reply_to_activity(CHANNEL_THREAD, sent.id,
                                                              Activity(type="message", text="re"))
        await client.conversations.update_activity(CHANNEL_THREAD, sent.id,
                                                   Activity(type="message", id=sent.id, text="edited"))
        await client.conversations.delete_activity(CHANNEL_THREAD, reply.id)
        assert sent.id != reply.id

    asyncio.run(scenario())
    assert [(a.method, a.conversation_id, a.activity.get("text")) for a in connector.activities] == [
        ("POST", CHANNEL_THREAD, "hi"), ("POST", CHANNEL_THREAD, "re"), ("PUT", CHANNEL_THREAD, "edited"),
        ("DELETE", CHANNEL_THREAD, None)]
    assert connector.activities[1].path.endswith(f"/activities/{connector.activities[0].activity['id']}")
    assert connector.in_conversation(CHANNEL_THREAD) == connector.activities
    assert connector.wait_for(lambda a: a.method == "PUT").activity["id"] == connector.activities[0].activity["id"]


def test_a_conversation_can_be_created(connector) -> None:
    response = httpx.post(f"{connector.url}/v3/conversations", json={"members": [{"id": "29:1"}],
                                                                     "activity": {"type": "message", "text": "x"}})
    assert response.json()["id"].startswith("a:") and response.json()["activityId"]


def test_a_429_carries_retry_after_then_the_next_call_passes(connector) -> None:
    connector.fail("POST", status=429, retry_after=7)

    async def scenario() -> None:
        client = _client(connector)
        with pytest.raises(ErrorResponseException) as raised:
            await client.conversations.send_to_conversation("a:1", Activity(type="message", text="hi"))
        assert raised.value.response.status_code == 429
        assert raised.value.response.headers["Retry-After"] == "7"
        await client.conversations.send_to_conversation("a:1", Activity(type="message", text="hi"))

    asyncio.run(scenario())
    assert [r.status for r in connector.refused] == [429]
    assert len(connector.activities) == 1


def test_faults_match_their_method_and_down_refuses_everything_until_up(connector) -> None:
    connector.fail("PUT", times=2, status=500)
    assert httpx.post(f"{connector.url}/v3/conversations/a:1/activities", json={"type": "message"}).status_code == 200
    assert httpx.put(f"{connector.url}/v3/conversations/a:1/activities/9", json={}).status_code == 500
    assert httpx.put(f"{connector.url}/v3/conversations/a:1/activities/9", json={}).status_code == 500
    assert httpx.put(f"{connector.url}/v3/conversations/a:1/activities/9", json={}).status_code == 200
    connector.down()
    assert httpx.post(f"{connector.url}/v3/conversations/a:1/activities", json={}).status_code == 503
    connector.up()
    assert httpx.post(f"{connector.url}/v3/conversations/a:1/activities", json={}).status_code == 200
    connector.reset()
    assert connector.activities == [] and connector.refused == []


def test_wait_for_times_out_with_what_arrived(connector) -> None:
    with pytest.raises(TimeoutError):
        connector.wait_for(lambda a: False, timeout=0.2)


def test_teams_activity_looks_like_what_teams_posts() -> None:
    activity = teams_activity("bonjour", service_url="http://127.0.0.1:1", activity_id="1700000000001")
    assert activity["conversation"]["tenantId"] == activity["channelData"]["tenant"]["id"] == DEMO_TENANT
    assert (activity["channelId"], activity["id"], activity["text"]) == ("msteams", "1700000000001", "bonjour")
    parsed = Activity().deserialize(teams_activity(value={"k": "v"}, service_url="http://x", mention=False,
                                                   aad_object_id=None))
    assert parsed.value == {"k": "v"} and parsed.text is None and parsed.from_property.aad_object_id is None
    mentioned = teams_activity("aide", service_url="http://x", mention=True, conversation_type="channel")
    assert mentioned["text"] == "<at>Relais</at> aide" and mentioned["entities"][0]["type"] == "mention"
