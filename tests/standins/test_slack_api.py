"""The Slack Web API stand-in answers the real slack_sdk clients as Slack would, records their calls, and
fails on demand the way Slack fails (429 with Retry-After, error pages); the signing helpers produce
requests slack_sdk's verifier accepts."""

import asyncio
import json
import threading

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web import WebClient
from slack_sdk.web.async_client import AsyncWebClient

from standins.slack_api import BOT_USER_ID, SlackApiStandIn
from standins.slack_signing import event_envelope, interaction_body, signed_headers, slash_command_body


@pytest.fixture
def slack():
    with SlackApiStandIn(teams={"xoxb-1": "T1"}) as stand_in:
        yield stand_in


def test_the_sdk_posts_and_the_call_is_recorded_with_its_token_and_blocks(slack) -> None:
    client = WebClient(token="xoxb-1", base_url=slack.url)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]
    first = client.chat_postMessage(channel="D1", text="hi", blocks=blocks)
    second = client.chat_postMessage(channel="D1", text="again", thread_ts=first["ts"])
    assert float(second["ts"]) > float(first["ts"])
    call = slack.calls_to("chat.postMessage")[0]
    assert (call.token, call.params["channel"], call.params["blocks"]) == ("xoxb-1", "D1", blocks)
    assert slack.calls_to("chat.postMessage")[1].params["thread_ts"] == first["ts"]
    assert client.auth_test()["team_id"] == "T1"
    assert client.auth_test()["user_id"] == BOT_USER_ID


def test_reads_and_opens_answer_like_slack(slack) -> None:
    client = WebClient(token="xoxb-1", base_url=slack.url)
    assert client.conversations_open(users="U7")["channel"]["id"] == "DU7"
    assert client.users_info(user="U7")["user"]["real_name"] == "User U7"
    assert client.files_info(file="F1")["file"]["url_private"].endswith("F1.txt")
    assert client.api_call("emoji.list")["ok"] is True


def test_a_rate_limit_is_a_429_with_retry_after_then_it_passes(slack) -> None:
    async def scenario() -> None:
        client = AsyncWebClient(token="xoxb-1", base_url=slack.url)
        slack.fail("chat.postMessage", times=1, status=429, retry_after=7)
        with pytest.raises(SlackApiError) as raised:
            await client.chat_postMessage(channel="D1", text="hi")
        assert raised.value.response.status_code == 429
        assert raised.value.response.headers["Retry-After"] == "7"
        assert raised.value.response["error"] == "ratelimited"
        assert (await client.chat_postMessage(channel="D1", text="hi"))["ok"]

    asyncio.run(scenario())
    assert [call.status for call in slack.calls_to("chat.postMessage")] == [429, 200]


def test_down_answers_503_to_everything_until_up(slack) -> None:
    client = WebClient(token="xoxb-1", base_url=slack.url)
    slack.down()
    with pytest.raises(SlackApiError) as raised:
        client.chat_update(channel="C1", ts="1.1", text="x")
    assert raised.value.response.status_code == 503
    slack.up()
    assert client.chat_update(channel="C1", ts="1.1", text="x")["ok"]
    slack.reset()
    assert slack.calls == []


def test_wait_for_blocks_until_a_matching_call_arrives(slack) -> None:
    client = WebClient(token="xoxb-1", base_url=slack.url)
    later = threading.Timer(0.2, lambda: client.chat_postMessage(channel="C9", text="late"))
    later.start()
    assert slack.wait_for("chat.postMessage", lambda call: call.params["channel"] == "C9", timeout=5).token == "xoxb-1"
    with pytest.raises(TimeoutError):
        slack.wait_for("chat.delete", timeout=0.2)


def test_signed_requests_pass_slack_sdks_verifier_and_carry_what_slack_sends() -> None:
    body = event_envelope("T1", {"type": "message", "channel": "D1", "user": "U1", "text": "hi", "ts": "1.1"},
                          event_id="Ev1")
    headers = signed_headers(body, "secret")
    verifier = SignatureVerifier("secret")
    assert verifier.is_valid(body=body, timestamp=headers["X-Slack-Request-Timestamp"],
                             signature=headers["X-Slack-Signature"])
    assert not SignatureVerifier("other").is_valid(body=body, timestamp=headers["X-Slack-Request-Timestamp"],
                                                   signature=headers["X-Slack-Signature"])
    envelope = json.loads(body)
    assert (envelope["team_id"], envelope["event_id"], envelope["event"]["text"]) == ("T1", "Ev1", "hi")
    assert b"payload=" in interaction_body({"type": "block_actions"})
    assert b"command=%2Frelais" in slash_command_body("T1", "U1", "/relais", "", "D1")
