"""The provider a client's settings name (`remote:`), built from them and its secret.

The secret's value comes from the caller: reading the environment or var/secrets/ is the adapter's business
(bot/webchat/secret_store.py), the domain only says which secret it needs.
"""

from collections.abc import Callable

from servicedesk.errors import RemoteAssistanceRefused
from servicedesk.remote.meshcentral import MeshCentral
from servicedesk.remote.providers import CodeProvider, RemoteProvider
from servicedesk.settings.document import ClientSettings, SecretRef

DEFAULT_TOOL = "Quick Assist"


def provider_for(settings: ClientSettings, *, secret: Callable[[SecretRef], str]) -> RemoteProvider:
    """The client's tool; RemoteAssistanceRefused("no_provider") when its settings name none."""
    remote = settings.remote
    if remote.provider == "code":
        return CodeProvider(tool=remote.tool or DEFAULT_TOOL)
    if remote.provider == "meshcentral" and remote.meshcentral is not None:
        server = remote.meshcentral
        return MeshCentral(url=server.url, user=server.user, password=secret(server.password),
                           group=server.group or f"Relais {settings.client.name}", verify_tls=server.verify_tls,
                           ca_file=server.ca_file, tool=remote.tool or "MeshCentral")
    raise RemoteAssistanceRefused("no_provider")


def tool_of(settings: ClientSettings) -> tuple[str, str]:
    """(provider, tool) as a session records them, without reading any secret: what an agent's request needs."""
    remote = settings.remote
    if remote.provider == "none":
        raise RemoteAssistanceRefused("no_provider")
    return remote.provider, remote.tool or (DEFAULT_TOOL if remote.provider == "code" else "MeshCentral")


def invitation_hours(settings: ClientSettings) -> int:
    server = settings.remote.meshcentral
    return server.invitation_hours if server is not None else 24
