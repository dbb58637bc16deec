"""Who and where in Teams, as the rest of Relais names them, and what the user said in a message.

    conversation  teams:<tenant>:<conversation.id>       (a personal chat, a group chat, a channel thread)
    requester     teams:<tenant>:<aadObjectId or from.id>
    address       the activity's ConversationReference (serialized) plus the tenant: what the SDK needs to
                  write into the conversation later (agents' replies, notifications)

Keys and requesters are stored in 200-character columns; Teams ids are usually far shorter, and the rare one
that is not is replaced by a digest so that it still names one conversation, always the same.
"""

import hashlib
import re
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ChannelAccount, ConversationReference

from bot.outlets import Place

CHANNEL = "teams"
DOOR_KIND = "teams_tenant"  # the kind of door the catalogue binds a tenant to a client with
MAX_KEY = 200

_MENTION = re.compile(r"<at[^>]*>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_BLANKS = re.compile(r"[ \t\u00a0]+")
# Teams adds an HTML copy of formatted messages, and cards: neither is a file the user sent.
_NOT_FILES = ("text/html", "application/vnd.microsoft.card.")
_FILE_INFO = "application/vnd.microsoft.teams.file.download.info"


def _fit(prefix: str, value: str) -> str:
    key = f"{prefix}:{value}"
    return key if len(key) <= MAX_KEY else f"{prefix}:#{hashlib.sha256(value.encode()).hexdigest()}"


def tenant_of(activity: Activity) -> str | None:
    """Teams names the tenant in conversation.tenantId, and in channelData.tenant.id."""
    tenant = getattr(activity.conversation, "tenant_id", None) if activity.conversation else None
    if not tenant and isinstance(activity.channel_data, dict):
        tenant = (activity.channel_data.get("tenant") or {}).get("id")
    return str(tenant) if tenant else None


def conversation(tenant: str, conversation_id: str) -> str:
    return _fit(f"teams:{tenant}", conversation_id)


def requester(tenant: str, user: ChannelAccount | None) -> str:
    """The user's Entra ID object id, the same in every chat and channel; the channel account id otherwise."""
    user_id = (getattr(user, "aad_object_id", None) or getattr(user, "id", None) or "unknown") if user else "unknown"
    return _fit(f"teams:{tenant}", str(user_id))


def event_key(activity: Activity) -> str:
    """The id of the delivery: Teams activity ids are unique within a conversation only (in channels they are
    the message's timestamp), so the conversation is part of it."""
    conversation_id = activity.conversation.id if activity.conversation else ""
    key = f"{conversation_id}|{activity.id or ''}"
    if len(key) > MAX_KEY:
        key = f"#{hashlib.sha256(conversation_id.encode()).hexdigest()[:40]}|{activity.id or ''}"
    return key[:MAX_KEY]


def address(activity: Activity, tenant: str) -> dict[str, Any]:
    return {**TurnContext.get_conversation_reference(activity).serialize(), "tenant": tenant}


def reference(address: dict[str, Any]) -> ConversationReference | None:
    """The ConversationReference kept in a conversation's address; None when it is not one."""
    fields = {key: value for key, value in address.items() if key != "tenant"}
    if not (fields.get("serviceUrl") and (fields.get("conversation") or {}).get("id")):
        return None
    return ConversationReference().deserialize(fields)


def place(client: str, activity: Activity, tenant: str) -> Place:
    conversation_id = activity.conversation.id if activity.conversation else ""
    return Place(client=client, channel=CHANNEL, conversation=conversation(tenant, conversation_id),
                 requester=requester(tenant, activity.from_property), address=address(activity, tenant))


def said(activity: Activity) -> str:
    """The message's text without the bot's @mention (channels and group chats reach the bot only through
    one); other people's mentions are kept as their names."""
    text = activity.text or ""
    bot = activity.recipient
    for mention in TurnContext.get_mentions(activity):
        properties = mention.additional_properties or {}
        mentioned = properties.get("mentioned") or {}
        if bot is not None and mentioned.get("id") == bot.id:
            text = text.replace(str(properties.get("text") or f"<at>{mentioned.get('name', '')}</at>"), " ")
    if bot is not None and bot.name:
        text = text.replace(f"<at>{bot.name}</at>", " ")
    text = _MENTION.sub(r"\1", text).replace("&nbsp;", " ")
    return "\n".join(_BLANKS.sub(" ", line).strip() for line in text.strip().splitlines()).strip()


def files(activity: Activity) -> tuple[dict[str, str], ...]:
    """What the user attached: files shared in the chat (their download URL) and pasted images."""
    found = []
    for attachment in activity.attachments or []:
        content_type = attachment.content_type or ""
        if content_type.startswith(_NOT_FILES):
            continue
        content = attachment.content if isinstance(attachment.content, dict) else {}
        url = content.get("downloadUrl") if content_type == _FILE_INFO else attachment.content_url
        if url:
            found.append({"name": attachment.name or url.rsplit("/", 1)[-1], "url": str(url)})
    return tuple(found)
