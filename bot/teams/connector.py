"""The Bot Framework SDK set up for Relais: the adapter that authenticates Teams' requests and writes to the
connector, and the connector's failures as ChannelUnavailable.

CloudAdapter with ConfigurationBotFrameworkAuthentication (the SDK's current pair; BotFrameworkAdapter is
deprecated): with an app id and password configured, every request must carry a JWT the Bot Framework signed
for that app id (or the Emulator's, for that app id), checked against Microsoft's OpenID keys; the replies
carry a token the SDK gets from Entra ID with the password. With no app id, authentication is off both ways,
which is what the Bot Framework Emulator and the local tests use. A single-tenant bot also names its tenant.

The connector clients the SDK makes retry failures themselves (urllib3 under msrest: a refused connection three
times with back-off, some 5xx too) while the turn or the delivery waits; here they fail at once, and the
outbox decides when to try again (after the connector's Retry-After on a 429), as for Slack.
"""

import email.utils
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import requests
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import AuthenticateRequestResult, ClaimsIdentity, ConnectorFactory
from msrest.exceptions import ClientException, DeserializationError, HttpOperationError

from bot.config import TeamsConfig
from bot.errors import ChannelUnavailable

TIMEOUT = 15  # seconds for one call to the connector


def adapter_for(config: TeamsConfig) -> CloudAdapter:
    settings = SimpleNamespace(APP_ID=config.app_id, APP_PASSWORD=config.app_password,
                               APP_TYPE="SingleTenant" if config.app_id and config.app_tenant_id else "MultiTenant",
                               APP_TENANTID=config.app_tenant_id)
    return CloudAdapter(_Authentication(settings))


class _FailFast(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory) -> None:
        self._inner = inner

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        client = await self._inner.create(service_url, audience)
        # msrest's urllib3 Retry, read when the client's requests session is made (at its first call); its
        # error statuses must come back as responses, to be read as the connector's answer.
        retry = client.config.retry_policy
        retry.retries = 0
        retry.policy.status_forcelist = set()
        retry.policy.raise_on_status = False
        retry.policy.respect_retry_after_header = False
        client.config.connection.timeout = TIMEOUT
        return client


class _Authentication(ConfigurationBotFrameworkAuthentication):
    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await super().authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = _FailFast(result.connector_factory)
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _FailFast(super().create_connector_factory(claims_identity))


@asynccontextmanager
async def connector_errors(what: str) -> AsyncIterator[None]:
    """The connector's and the network's failures as ChannelUnavailable (retry_after from a 429's Retry-After).

    msrest raises the connector's HTTP errors as ErrorResponseException (an HttpOperationError holding the
    requests.Response), a failed connection as ClientRequestError, and an answer that is neither JSON nor XML
    (a proxy's error page) as DeserializationError, before anything looks at its status."""
    try:
        yield
    except HttpOperationError as error:
        response = error.response
        status = getattr(response, "status_code", None)
        if status == 429:
            raise ChannelUnavailable(f"{what}: rate limited by the Bot Framework connector",
                                     retry_after=retry_after(getattr(response, "headers", {}))) from error
        raise ChannelUnavailable(f"{what}: the Bot Framework connector answered {status}") from error
    except DeserializationError as error:
        raise ChannelUnavailable(f"{what}: unreadable answer from the Bot Framework connector ({error})") from error
    except (ClientException, requests.RequestException, OSError, TimeoutError) as error:
        raise ChannelUnavailable(f"{what}: {error!r}") from error


def retry_after(headers: Any) -> float | None:
    """Retry-After in seconds: a number of seconds, or an HTTP date."""
    value = headers.get("Retry-After") if headers is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
