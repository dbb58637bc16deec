"""Who and where in Slack, as the rest of Relais names them: the conversation key (Rasa's sender id), the
requester, and the address kept with the conversation so that agents' replies and notifications can be
written there later.

    DM:               conversation slack:<team>:<dm channel>             address thread_ts None
    channel thread:   conversation slack:<team>:<channel>:<thread_ts>     (thread_ts: the thread's first message)
    requester:        slack:<team>:<user>, whatever the conversation
"""

from typing import Any

from bot.outlets import Place

CHANNEL = "slack"


def requester(team: str, user: str) -> str:
    return f"slack:{team}:{user}"


def conversation(team: str, channel: str, thread_ts: str | None) -> str:
    return f"slack:{team}:{channel}" if thread_ts is None else f"slack:{team}:{channel}:{thread_ts}"


def address(team: str, channel: str, thread_ts: str | None, user: str) -> dict[str, Any]:
    return {"team": team, "channel": channel, "thread_ts": thread_ts, "user": user}


def is_direct(channel: str, channel_type: str | None = None) -> bool:
    """A DM with the app: Slack says so in message events; elsewhere IM channel ids start with D."""
    return channel_type == "im" if channel_type else channel.startswith("D")


def place(client: str, team: str, channel: str, thread_ts: str | None, user: str) -> Place:
    return Place(client=client, channel=CHANNEL, conversation=conversation(team, channel, thread_ts),
                 requester=requester(team, user), address=address(team, channel, thread_ts, user))


def user_of(place: Place) -> tuple[str, str]:
    """(team, user) of the place's requester: the address says it, or the requester id does."""
    team, user = place.address.get("team"), place.address.get("user")
    if not (team and user):
        _, team, user = place.requester.split(":", 2)
    return str(team), str(user)
