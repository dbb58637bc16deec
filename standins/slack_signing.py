"""What Slack sends a bolt app over HTTP, built as Slack builds it: Events API envelopes, interactivity
payloads and slash commands, with the v0 request signature (slack_sdk's own algorithm) that the app
verifies with its signing secret."""

import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

API_APP_ID = "A0RELAIS"


def signed_headers(body: bytes, secret: str, timestamp: int | str | None = None) -> dict[str, str]:
    """X-Slack-Signature and X-Slack-Request-Timestamp for `body` (now unless a timestamp is given, e.g. an
    old one to test replay protection), and the Content-Type Slack uses for that kind of body."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    content_type = "application/json" if body.lstrip()[:1] == b"{" else "application/x-www-form-urlencoded"
    return {"X-Slack-Signature": signature, "X-Slack-Request-Timestamp": stamp, "Content-Type": content_type}


def event_envelope(team: str, event: dict[str, Any], event_id: str | None = None) -> bytes:
    """An event_callback as the Events API posts it (JSON bytes: sign exactly these)."""
    envelope = {
        "token": "verification-token-unused",
        "team_id": team,
        "api_app_id": API_APP_ID,
        "event": {"event_ts": event.get("ts", f"{time.time():.6f}"), **event},
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": team, "user_id": "U0RELAISBOT", "is_bot": True,
                            "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
    }
    return json.dumps(envelope).encode()


def interaction_body(payload: dict[str, Any]) -> bytes:
    """An interactivity request (block_actions, view_submission...): the form field `payload` holding JSON."""
    return urlencode({"payload": json.dumps(payload)}).encode()


def slash_command_body(team: str, user: str, command: str, text: str, channel: str) -> bytes:
    return urlencode({
        "token": "verification-token-unused", "team_id": team, "team_domain": team.lower(),
        "channel_id": channel, "channel_name": "directmessage" if channel.startswith("D") else "general",
        "user_id": user, "user_name": user.lower(), "command": command, "text": text, "api_app_id": API_APP_ID,
        "is_enterprise_install": "false", "response_url": f"https://hooks.slack.test/commands/{team}/1/x",
        "trigger_id": f"{int(time.time())}.1.{uuid.uuid4().hex[:8]}",
    }).encode()


def block_actions(team: str, user: str, channel: str, message: dict[str, Any],
                  action: dict[str, Any]) -> dict[str, Any]:
    """The payload of a click on `action` (needs action_id; value and text for a button) in `message`
    (as chat.postMessage returned it: ts, text, blocks, thread_ts if in a thread); pass to interaction_body."""
    container = {"type": "message", "message_ts": message["ts"], "channel_id": channel, "is_ephemeral": False}
    if message.get("thread_ts"):
        container["thread_ts"] = message["thread_ts"]
    return {
        "type": "block_actions", "token": "verification-token-unused", "api_app_id": API_APP_ID,
        "team": {"id": team, "domain": team.lower()},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
        "container": container, "trigger_id": f"{int(time.time())}.1.{uuid.uuid4().hex[:8]}",
        "channel": {"id": channel, "name": "directmessage" if channel.startswith("D") else "general"},
        "message": {"type": "message", **message}, "state": {"values": {}},
        "response_url": f"https://hooks.slack.test/actions/{team}/1/x",
        "actions": [{"type": "button", "block_id": "b", "action_ts": f"{time.time():.6f}", **action}],
    }
