"""The SDK's set-up: authentication on with an app id, off without; Retry-After read as seconds or a date."""

import asyncio
import email.utils
import time

from bot.config import TeamsConfig
from bot.teams.connector import adapter_for, retry_after


def test_retry_after_is_seconds_or_an_http_date() -> None:
    assert retry_after({"Retry-After": "7"}) == 7
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= retry_after({"Retry-After": later}) <= 31
    assert retry_after({"Retry-After": "soon"}) is None
    assert retry_after({}) is None and retry_after(None) is None


def test_authentication_is_off_without_an_app_id_and_on_with_one() -> None:
    async def disabled(config: TeamsConfig) -> bool:
        authentication = adapter_for(config).bot_framework_authentication
        return await authentication._inner._credentials_factory.is_authentication_disabled()

    assert asyncio.run(disabled(TeamsConfig())) is True
    assert asyncio.run(disabled(TeamsConfig(app_id="app", app_password="pw"))) is False
    assert asyncio.run(disabled(TeamsConfig(app_id="app", app_password="pw", app_tenant_id="tenant"))) is False


def test_a_tenant_without_an_app_id_does_not_make_a_single_tenant_bot() -> None:
    adapter_for(TeamsConfig(app_tenant_id="tenant"))  # no app id: authentication off, whatever the tenant
